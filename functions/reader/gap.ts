/**
 * What may stand between events: white space, the XML declaration, comments, and the `<Events>` root
 * of Event Viewer's "Save as XML". Anything else is junk (reported once per gap). DOCTYPE and ENTITY
 * declarations are the scanner's business: it searches every byte of the object for them.
 */
export type GapVerdict = { kind: 'clean'; consumedTo: number } | { kind: 'junk'; at: number };

const LT = 60;

export function validateGap(buf: Buffer, from: number, to: number, final: boolean): GapVerdict {
  let i = from;
  while (i < to) {
    const c = buf[i] as number;
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c !== LT) return { kind: 'junk', at: i };
    const construct = closingOf(buf, i, to);
    if (construct.kind === 'junk') return { kind: 'junk', at: i };
    if (construct.kind === 'incomplete')
      return final ? { kind: 'junk', at: i } : { kind: 'clean', consumedTo: i };
    i = construct.end;
  }
  return { kind: 'clean', consumedTo: i };
}

type Construct = { kind: 'ok'; end: number } | { kind: 'incomplete' } | { kind: 'junk' };

function closingOf(buf: Buffer, i: number, to: number): Construct {
  const head = buf.toString('latin1', i, Math.min(i + 10, to));
  if (head.startsWith('<?')) return until(buf, '?>', i + 2, to);
  if (head.startsWith('<!--')) return until(buf, '-->', i + 4, to);
  if (head.startsWith('<!')) {
    // Not a comment: a declaration or a stray '<!'. Too short to tell yet, or junk.
    return head.length < 4 && i + head.length >= to ? { kind: 'incomplete' } : { kind: 'junk' };
  }
  if (/^<\/?Events(?:[\s>/]|$)/.test(head)) {
    return until(buf, '>', i + 7, to);
  }
  // Too short to tell yet (e.g. "<Eve" at the end of what has arrived).
  const tail = head.length < 9 && i + head.length >= to;
  if (tail && ('<Events'.startsWith(head) || '</Events'.startsWith(head))) return { kind: 'incomplete' };
  return { kind: 'junk' };
}

function until(buf: Buffer, close: string, from: number, to: number): Construct {
  const end = buf.indexOf(close, from, 'latin1');
  if (end < 0 || end + close.length > to) return { kind: 'incomplete' };
  return { kind: 'ok', end: end + close.length };
}
