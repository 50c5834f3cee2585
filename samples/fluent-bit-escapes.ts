/**
 * Fluent Bit's JSON writer escapes every non-ASCII character of a record as `\uXXXX` (event-formats.md,
 * "How the XML arrives"); JSON.stringify, which the sample renderer uses, does not. This turns a rendered
 * Fluent Bit file into what the shipper writes.
 */
export function escapeNonAscii(jsonLines: string): string {
  return jsonLines.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
