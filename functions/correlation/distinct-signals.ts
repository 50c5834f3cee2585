import { eventKey, type Signal } from '../signals/signal.ts';

/**
 * One signal per event (Computer, Channel, EventRecordID, TimeCreated). When the same event was read more than
 * once (an object delivered twice, two overlapping exports) the copy kept is the one with the smallest
 * (source, offset), so the result depends only on the set of copies, never on their order.
 */
export function distinctSignals(signals: readonly Signal[]): Signal[] {
  const kept = new Map<string, Signal>();
  for (const signal of signals) {
    const key = `${eventKey(signal)}|${signal.kind}`;
    const seen = kept.get(key);
    if (seen === undefined || compareCopies(signal, seen) < 0) kept.set(key, signal);
  }
  return [...kept.values()];
}

function compareCopies(a: Signal, b: Signal): number {
  if (a.evidence.source !== b.evidence.source) return a.evidence.source < b.evidence.source ? -1 : 1;
  if (a.evidence.offset !== b.evidence.offset) return a.evidence.offset - b.evidence.offset;
  // Same place, different content cannot come from one reader; order by content so the choice is still total.
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
