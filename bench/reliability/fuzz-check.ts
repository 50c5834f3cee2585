import type { ReadItem, ReadStats } from '../../functions/reader/read-events.ts';

/**
 * What any read must look like, however bad the input (the reader's contract, README "What it reads"): items are
 * events or errors with integer offsets inside what was read, every error has a reason, the counts agree with the
 * items, nothing but errors follows a fatal error, and a rejected object says so with a fatal error.
 */
export function readMisses(items: readonly ReadItem[], stats: ReadStats): string[] {
  const misses: string[] = [];
  const bound = Math.max(stats.bytesDecoded, stats.bytesIn);
  let errors = 0;
  let events = 0;
  let fatalAt = -1;
  for (const [i, item] of items.entries()) {
    if (item.kind !== 'event' && item.kind !== 'error') misses.push(`item ${i} is neither event nor error`);
    if (!Number.isInteger(item.offset) || item.offset < 0 || item.offset > bound)
      misses.push(`item ${i} at offset ${item.offset}, outside 0..${bound}`);
    if (item.kind === 'error') {
      errors++;
      if (item.reason.length === 0) misses.push(`error ${i} has no reason`);
      if (item.fatal && fatalAt < 0) fatalAt = i;
    } else {
      events++;
      if (fatalAt >= 0) misses.push(`event ${i} after the fatal error ${fatalAt}`);
    }
  }
  if (stats.errors !== errors) misses.push(`stats.errors ${stats.errors}, ${errors} errors yielded`);
  if (stats.decoded !== events) misses.push(`stats.decoded ${stats.decoded}, ${events} events yielded`);
  if (stats.events < events) misses.push(`stats.events ${stats.events} < ${events} decoded`);
  if (stats.rejected && fatalAt < 0) misses.push('rejected without a fatal error');
  return misses;
}
