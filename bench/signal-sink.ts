import { closeSync, openSync, writeSync } from 'node:fs';
import type { Signal } from '../functions/signals/signal.ts';

/**
 * Where a case puts the signals it finds: written out as JSON lines as they come, so that the case's
 * peak RSS is the reader's and not a growing array of signals (the harness once held them all: 16,132
 * signals took the full-parse and our gzip cases to 289 and 371 MB).
 */
export interface SignalSink {
  write(signal: Signal): void;
  close(): void;
}

const FLUSH_AT = 64 * 1024;

export function signalFile(path: string): SignalSink {
  const fd = openSync(path, 'w');
  let pending = '';
  const flush = () => {
    if (pending) writeSync(fd, pending);
    pending = '';
  };
  return {
    write(signal) {
      pending += `${JSON.stringify(signal)}\n`;
      if (pending.length >= FLUSH_AT) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}
