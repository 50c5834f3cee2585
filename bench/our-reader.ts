/** Our reader and signal extraction, as the bench calls them (swapped for reader-pending.ts until they exist). */
export { readEvents } from '../functions/reader/read-events.ts';
export { extractSignals } from '../functions/signals/extract-signals.ts';
export const readerReady = true;
