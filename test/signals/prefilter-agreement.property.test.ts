import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCALIZED_KEY_DELETED } from '../../functions/signals/detection-rules.ts';
import {
  localizedComplusError,
  ntstatusError,
  signedDecimalHresult,
  wasWorkerFailure,
  wsmanFaultWarning,
} from '../../samples/failure-forms.ts';
import { securityTraffic } from '../../samples/logon-events.ts';
import {
  EVENT_STYLES,
  type EventSpec,
  encodeText,
  noiseEvent,
  renderEvents,
  seededRandom,
  TEXT_ENCODINGS,
} from '../../samples/render-events.ts';
import {
  appPoolRecycle,
  eventLogService,
  kernelGeneral,
  processExit,
  profileServiceState,
  unexpectedShutdown,
} from '../../samples/restart-events.ts';
import { at, signalsOfBytes } from './sample-signals.ts';

type Make = (ctx: { computer: string; time: string; recordId: number }, seed: number) => EventSpec;

/** Every new signal form, and events that look like them but are not. */
const POOL: Make[] = [
  (ctx) => wasWorkerFailure({ ...ctx, appPool: 'OrdersPool', pid: 4528 }),
  (ctx) => wasWorkerFailure({ ...ctx, appPool: 'OrdersPool', pid: 4528, hresult: 0x8007006d }),
  (ctx) => signedDecimalHresult(ctx),
  (ctx) => signedDecimalHresult({ ...ctx, hresult: 0x80070002 }),
  (ctx) => wsmanFaultWarning({ ...ctx, machine: 'APP01' }),
  (ctx) => ntstatusError({ ...ctx, which: 'code', status: 'hive-unloaded' }),
  (ctx) => ntstatusError({ ...ctx, which: 'symbol' }),
  (ctx) => ntstatusError({ ...ctx, which: 'message', status: 'hive-unloaded' }),
  ...LOCALIZED_KEY_DELETED.map(
    (l): Make =>
      (ctx) =>
        localizedComplusError({ ...ctx, systemMessage: l.phrase }),
  ),
  (ctx) => eventLogService({ ...ctx, started: true }),
  (ctx) => unexpectedShutdown({ ...ctx, at: '10:42:07 AM', on: '11/17/2026' }),
  (ctx) => kernelGeneral({ ...ctx, started: false }),
  (ctx) => profileServiceState({ ...ctx, started: true }),
  (ctx) => appPoolRecycle({ ...ctx, eventId: 5076, appPool: 'DefaultAppPool', pid: 12 }),
  (ctx) => appPoolRecycle({ ...ctx, eventId: 5080, appPool: 'DefaultAppPool', named: false }),
  (ctx) => processExit({ ...ctx, pid: 2428, path: 'C:\\Windows\\System32\\dllhost.exe' }),
  (ctx) => processExit({ ...ctx, pid: 2429, path: 'C:\\Windows\\System32\\conhost.exe' }),
  (ctx, seed) => securityTraffic(seededRandom(seed), ctx),
  (ctx, seed) => noiseEvent(seededRandom(seed), ctx),
];

describe('the prefilter finds every new form: decoding only candidates gives the signals of decoding all', () => {
  it('for any mix of events, producer shape, encoding and compression (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(POOL.length - 1), fc.nat()), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...EVENT_STYLES),
        fc.constantFrom(...TEXT_ENCODINGS),
        fc.boolean(),
        async (picks, style, encoding, gzip) => {
          const specs = picks.map(([i, seed], n) =>
            (POOL[i] as Make)({ computer: 'APP01.corp.example.net', time: at(n), recordId: n + 1 }, seed),
          );
          const text = encodeText(renderEvents(specs, style, encoding), encoding);
          const bytes = gzip ? gzipSync(text) : text;
          const all = await signalsOfBytes(bytes, { decode: 'all' });
          const candidates = await signalsOfBytes(bytes, { decode: 'candidates' });
          expect(candidates).toEqual(all);
        },
      ),
      { numRuns: 150 },
    );
  });
});
