/**
 * Runs of small gzip members, to inflate many at once. A writer of many small members (CloudWatch
 * Logs' records, which Firehose writes back to back: ~70,000 members per 100 MB, each a new inflater
 * when read one by one) writes the same 10-byte header for each, so where that header starts again is
 * where the next member probably starts. A guess only: the run is inflated at once by zlib's gunzip
 * (which goes from member to member itself and checks each trailer), and handed back to be read
 * member by member when it does not inflate exactly.
 */
export interface MembersRun {
  /** The members, with Firehose's newline delimiters between them left out. */
  bytes: Buffer;
  /** How many bytes of the input they span, delimiters included. */
  length: number;
  /** How many members (by the guess). */
  members: number;
}

const HEADER = 10;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * The members back to back from buf[0] up to the last start of the same header in the first `limit`
 * bytes; undefined when there is no second start (or the header has optional fields: no fixed length
 * to search for).
 */
export function membersRun(buf: Buffer, limit: number): MembersRun | undefined {
  if (buf.length < 2 * HEADER || buf[3] !== 0) return undefined;
  const header = buf.subarray(0, HEADER);
  const scope = buf.length > limit ? buf.subarray(0, limit) : buf;
  const starts = [0];
  for (let at = scope.indexOf(header, HEADER); at > 0; at = scope.indexOf(header, at + HEADER))
    starts.push(at);
  if (starts.length < 2) return undefined;
  const end = starts[starts.length - 1] as number;
  const members = starts.length - 1;
  // A trailer's last byte is the top byte of the member's size: 0x0a there means ≥ 160 MiB, so a
  // newline before a header is Firehose's delimiter.
  if (!starts.some((s) => s > 0 && buf[s - 1] === NEWLINE))
    return { bytes: buf.subarray(0, end), length: end, members };
  const parts: Buffer[] = [];
  for (let i = 0; i < members; i++) {
    const from = starts[i] as number;
    let to = starts[i + 1] as number;
    if (buf[to - 1] === NEWLINE) to--;
    if (buf[to - 1] === RETURN && buf[to] === NEWLINE) to--;
    parts.push(buf.subarray(from, to));
  }
  return { bytes: Buffer.concat(parts), length: end, members };
}
