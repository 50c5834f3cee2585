/**
 * Text from event logs made safe for a terminal: control and format characters (escape sequences, bidi overrides,
 * zero-width) shown as `\uXXXX`, line breaks as spaces; nothing else changes, so names and keys stay exact.
 */
export function terminalText(value: string | number | undefined, maxLength = 200): string {
  if (value === undefined) return '-';
  const safe = String(value)
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  return safe.length > maxLength ? `${safe.slice(0, maxLength - 1)}…` : safe;
}
