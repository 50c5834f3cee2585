/**
 * The size DynamoDB counts for an item, by its documented rules ("Item sizes and formats", DynamoDB developer guide):
 * attribute names and strings as UTF-8 bytes, a number about one byte per two significant digits plus one, binary
 * as is, 1 byte for a boolean or null, 3 bytes per list or map plus 1 per element. The 400 KB limit applies to it.
 */
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]|e.*$/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return 3 + [...value].reduce((n: number, v) => n + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueBytes(v), 0);
  if (typeof value === 'object')
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueBytes(v),
        0,
      )
    );
  return 0;
}
