/**
 * Text that came from event logs, made safe to show to people: names and messages are data, never markup
 * (chat apps render `<…>`, `*`, backticks) or terminal control (escape sequences, bidi overrides).
 */
export function logText(value: string | number | undefined, maxLength = 200): string {
  if (value === undefined) return '-';
  const escaped = visibleControls(String(value), unicodeCode).replace(
    /[<>&*`|[\]]/g,
    (c) => MarkupLookalike[c] ?? c,
  );
  return cut(escaped, maxLength);
}

/**
 * Log text for a chat message rendered as markdown (Amazon Q Developer's `client-markdown`): as logText, and the
 * characters Slack and Teams also read as markup outside code (`_italic_`, `~strike~`, `:emoji:`) as look-alikes.
 */
export function chatText(value: string | number | undefined, maxLength = 200): string {
  return cut(
    logText(value, Number.MAX_SAFE_INTEGER).replace(/[_~:#]/g, (c) => ChatLookalike[c] ?? c),
    maxLength,
  );
}

/** Log text as inline code in a chat message: exact characters (no backtick can close it), nothing rendered. */
export function chatCode(value: string | number | undefined, maxLength = 200): string {
  return `\`${logText(value, maxLength)}\``;
}

/**
 * Log text for a terminal (the scan's report): control and format characters shown as codes (`\x1b`, `\u202e`),
 * everything else as written — a terminal renders no markup, and paths keep their brackets.
 */
export function terminalText(
  value: string | number | undefined,
  maxLength = Number.MAX_SAFE_INTEGER,
): string {
  if (value === undefined) return '-';
  return cut(
    visibleControls(String(value), (c) => {
      const code = c.codePointAt(0) ?? 0;
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : unicodeCode(c);
    }),
    maxLength,
  );
}

/** SNS subjects must be printable ASCII without line breaks. */
export function asciiSubject(text: string, maxLength: number): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > maxLength ? `${ascii.slice(0, maxLength - 3)}...` : ascii;
}

/** Line breaks and tabs become spaces; other controls (C0, C1, DEL) and format characters (bidi, zero-width) a code. */
function visibleControls(text: string, code: (c: string) => string): string {
  return text.replace(/\r\n|\r|\n|\t/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, code);
}

function unicodeCode(c: string): string {
  return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

function cut(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Characters that chat and mail clients treat as markup, replaced by look-alikes that they do not. */
const MarkupLookalike: Record<string, string> = {
  '<': '‹',
  '>': '›',
  '&': '＆',
  '*': '∗',
  '`': 'ʼ',
  '|': '¦',
  '[': '⁅',
  ']': '⁆',
};

/** What chat markdown also reads as markup outside code spans. */
const ChatLookalike: Record<string, string> = {
  _: '＿',
  '~': '∼',
  ':': '꞉',
  '#': '＃',
};
