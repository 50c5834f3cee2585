const NEXT_RECORD = Buffer.from('}{', 'latin1');
const NEXT_ELEMENT = Buffer.from('},{', 'latin1');

/** Where the walk goes on: `at` in the chunk, inside the top-level array (`element`) or at the top. */
export interface ResumePoint {
  at: number;
  element: boolean;
}

/**
 * After a malformed record, where the next one may start: after a newline (JSON lines), at a `{`
 * right after a `}` (records back to back, as Firehose writes them), and inside a top-level array at
 * the `{` after `},` (Vector's framing). A point cut by a chunk boundary is found too.
 */
export class ResyncPoints {
  active = false;
  private inArray = false;
  /** The last two bytes of the previous chunk. */
  private tail: Buffer = Buffer.alloc(0);

  start(inArray: boolean): void {
    this.active = true;
    this.inArray = inArray;
  }

  /** Called with every chunk once walked. */
  passed(buf: Buffer): void {
    this.tail = Buffer.concat([this.tail, buf.subarray(-2)]).subarray(-2);
  }

  /** The first point at or after i; undefined when the chunk has none (the search goes on in the next). */
  find(buf: Buffer, i: number): ResumePoint | undefined {
    let best: ResumePoint | undefined;
    const consider = (at: number, element: boolean) => {
      if (at >= i && (!best || at < best.at)) best = { at, element };
    };
    if (i === 0 && this.tail.length > 0) {
      const seam = Buffer.concat([this.tail, buf.subarray(0, 2)]);
      const t = this.tail.length;
      const pair = seam.indexOf(NEXT_RECORD);
      if (pair >= 0 && pair < t && pair + 2 > t) consider(pair + 1 - t, false);
      const element = this.inArray ? seam.indexOf(NEXT_ELEMENT) : -1;
      if (element >= 0 && element < t && element + 3 > t) consider(element + 2 - t, true);
    }
    const line = buf.indexOf(0x0a, i);
    if (line >= 0) consider(line + 1, false);
    const from = Math.max(0, i - 1);
    const pair = buf.indexOf(NEXT_RECORD, from);
    if (pair >= 0) consider(pair + 1, false);
    const element = this.inArray ? buf.indexOf(NEXT_ELEMENT, from) : -1;
    if (element >= 0) consider(element + 2, true);
    if (best) this.active = false;
    return best;
  }
}
