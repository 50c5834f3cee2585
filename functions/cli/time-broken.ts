import type { Incident } from '../correlation/incident.ts';
import { eventTimeToMs } from '../reader/event-time.ts';

/** How long an application was broken: from its first failure to what ended it. */
export interface BrokenSpan {
  from: string;
  /** Event time, or the clock's now (ISO) while it is still failing. */
  to: string;
  ms: number;
  /**
   * `restart`/`manual`: ended by that restart; `quiet`: no restart seen, so the last failure is the last time it is
   * known to have been broken (the span is a lower bound); `ongoing`: still open, up to now.
   */
  end: 'restart' | 'manual' | 'quiet' | 'ongoing';
}

/** Undefined for a leak that never failed (at risk, cleared). */
export function brokenSpan(
  incident: Pick<Incident, 'firstFailureAt' | 'lastFailureAt' | 'resolution'> & { status: string },
  now: Date,
): BrokenSpan | undefined {
  const from = incident.firstFailureAt;
  if (!from) return undefined;
  const span = (to: string, end: BrokenSpan['end'], toMs = eventTimeToMs(to)) => ({
    from,
    to,
    end,
    ms: Math.max(0, toMs - eventTimeToMs(from)),
  });
  const resolution = incident.resolution;
  if (incident.status === 'open' || !resolution) return span(now.toISOString(), 'ongoing', now.getTime());
  if (resolution.by === 'restart' || resolution.by === 'manual') return span(resolution.at, resolution.by);
  return span(incident.lastFailureAt ?? from, 'quiet');
}

/** `2 h 10 min`, `45 s`, `3 d 4 h`: two units at most, enough to compare incidents at a glance. */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** The span in words: `2 h 10 min`, `at least 2 h 10 min` (quiet), `2 h 10 min so far` (ongoing). */
export function brokenText(span: BrokenSpan | undefined): string {
  if (!span) return '-';
  const d = humanDuration(span.ms);
  return span.end === 'quiet' ? `at least ${d}` : span.end === 'ongoing' ? `${d} so far` : d;
}
