/**
 * Text that came from event logs, made safe to show to people: names and messages are data, never markup
 * (chat apps render `<…>`, `*`, backticks) or terminal control (escape sequences, bidi overrides).
 */
export function logText(value: string | number | undefined, maxLength = 200): string {
  if (value === undefined) return '-';
  const escaped = String(value)
    .replace(/\r\n|\r|\n|\t/g, ' ')
    // controls (C0, C1, DEL) and format characters (bidi overrides, zero-width) become a visible code
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
    .replace(/[<>&*`|[\]]/g, (c) => MarkupLookalike[c] ?? c);
  return escaped.length > maxLength ? `${escaped.slice(0, maxLength - 1)}…` : escaped;
}

/** SNS subjects must be printable ASCII without line breaks. */
export function asciiSubject(text: string, maxLength: number): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > maxLength ? `${ascii.slice(0, maxLength - 3)}...` : ascii;
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
