/** Stands in for our-reader.ts while functions/reader has no readEvents yet: cases a and b report "pending". */
export const readerReady = false;

export function readEvents(_source: unknown, _options?: unknown): never {
  throw new Error('readEvents is not written yet');
}

export function extractSignals(_event: unknown, _where: unknown): never[] {
  return [];
}
