/**
 * Text (from logs, from people) as HTML character data or an attribute value: markup characters become entities,
 * and control and format characters (which a page would hide or use to reorder text) a visible `\uXXXX`.
 */
export function htmlText(value: string | number | undefined, maxLength = 500): string {
  if (value === undefined) return '-';
  const visible = String(value).replace(
    /[\p{Cc}\p{Cf}]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
  const cut = visible.length > maxLength ? `${visible.slice(0, maxLength - 1)}…` : visible;
  return cut.replace(/[&<>"']/g, (c) => Entity[c] ?? c);
}

const Entity: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
