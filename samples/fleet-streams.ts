/**
 * A run of activation failures logged by one computer against one broken server: `count` failures, one in each
 * `periodMs` slot from `start`, at a hashed offset inside it. Times are a pure function of the stream, so any
 * window's failures are made alone and the totals (count, first, last) are known without making any.
 */

import type { EventSpec } from './event-spec.ts';
import { systemTime } from './event-spec.ts';
import { wasWorkerFailure } from './failure-forms.ts';
import type { FleetHost } from './fleet-hosts.ts';
import { mix } from './storm-plan.ts';
import { aspnet1309, complusError, dcom10006, dotnet1026 } from './windows-events.ts';

/**
 * How the failure is written: DCOM 10006 on a client (naming the server as `named`), or on the server itself a COM+
 * error, ASP.NET 1309, WAS 5011 (the HRESULT in Binary) or .NET 1026, each carrying ERROR_KEY_DELETED.
 */
export type FailureForm = 'dcom' | 'complus' | 'aspnet' | 'was' | 'dotnet';

export interface FailureStream {
  reporter: FleetHost;
  server: FleetHost;
  form: FailureForm;
  /** How a client names the server in 10006 param2. */
  named: string;
  start: number;
  periodMs: number;
  count: number;
  seed: number;
  clsid: string;
  /** The failing w3wp's pid and pool (aspnet, was). */
  pid?: number;
  appPool?: string;
}

/** The stream's k-th failure, in ms and SystemTime (7 digits). */
export function failureAt(stream: FailureStream, k: number): { ms: number; time: string } {
  const jitter = mix(stream.seed, k) % Math.max(1, Math.floor(stream.periodMs * 0.8));
  const ms = stream.start + k * stream.periodMs + jitter;
  return { ms, time: systemTime(ms, mix(stream.seed, k, 1) % 10_000) };
}

/** The failures whose time falls in [from, to), as events (record ids are given when the object is numbered). */
export function failuresIn(stream: FailureStream, from: number, to: number): EventSpec[] {
  const first = Math.max(0, Math.floor((from - stream.start) / stream.periodMs) - 1);
  const last = Math.min(stream.count - 1, Math.ceil((to - stream.start) / stream.periodMs));
  const events: EventSpec[] = [];
  for (let k = first; k <= last; k++) {
    const at = failureAt(stream, k);
    if (at.ms >= from && at.ms < to) events.push(failureEvent(stream, at.time));
  }
  return events;
}

function failureEvent(stream: FailureStream, time: string): EventSpec {
  const computer = stream.reporter.fqdn;
  const common = { computer, time, recordId: 0 };
  switch (stream.form) {
    case 'dcom':
      return dcom10006({ ...common, server: stream.named, clsid: stream.clsid });
    case 'complus':
      return complusError({
        ...common,
        appId: '{7D9F2E4A-1B3C-4D5E-8F6A-9B0C1D2E3F4A}',
        appName: 'Contoso Orders',
      });
    case 'aspnet':
      return aspnet1309({
        ...common,
        pid: stream.pid ?? 0,
        appPool: stream.appPool ?? 'Orders',
        clsid: stream.clsid,
      });
    case 'was':
      return wasWorkerFailure({ ...common, appPool: stream.appPool ?? 'Orders', pid: stream.pid ?? 0 });
    case 'dotnet':
      return dotnet1026(common);
  }
}

/** The stream's totals, as the reader reports times (9 fractional digits). */
export function streamFacts(stream: FailureStream): { count: number; first: string; last: string } {
  return {
    count: stream.count,
    first: nineDigits(failureAt(stream, 0).time),
    last: nineDigits(failureAt(stream, stream.count - 1).time),
  };
}

/** `…1234567Z` → `…123456700Z`: the reader keeps 9 digits. */
export const nineDigits = (time: string) => `${time.slice(0, -1)}00Z`;
