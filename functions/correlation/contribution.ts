import type { Signal } from '../signals/signal.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import { type CoverageRun, CoverageTracker, channelKey, type KnownRuns } from './coverage.ts';
import { chainSessions, emptyHostState, type HostState, hostStateOf, mergeHostStates } from './host-state.ts';
import { SessionBuilder } from './session-builder.ts';

/** Signals folded at a time: memory stays flat however many signals an object carries. */
const FOLD_EVERY = 2_000;

/**
 * What the events of one computer in one object add: the runs it claims (coverage.ts) and, per host its signals
 * name, the state of its new signals. One computer's part is applied to the stored states atomically with its runs,
 * so a crash never leaves signals counted without their claim, or claimed without being counted.
 */
export interface ComputerContribution {
  computer: string;
  runs: CoverageRun[];
  /** Per host named, the state of the new signals. */
  states: Map<string, HostState>;
  /** Signals read, and how many of them were new (not already counted). */
  signals: number;
  admitted: number;
}

/** Folds an object's signals, as they are read, into per-computer contributions; duplicates are left out. */
export class ContributionBuilder {
  private readonly tracker: CoverageTracker;
  private readonly parts = new Map<string, Part>();

  constructor(
    private readonly config: CorrelationConfig,
    known: KnownRuns,
  ) {
    this.tracker = new CoverageTracker(known);
  }

  /** True when the signal was new and counted. */
  add(signal: Signal): boolean {
    const { computer } = channelKey(signal);
    let part = this.parts.get(computer);
    if (!part) {
      part = { signals: 0, admitted: 0, states: new Map(), pending: new Map(), sessions: new Map() };
      this.parts.set(computer, part);
    }
    part.signals += 1;
    if (!this.tracker.admit(signal)) return false;
    part.admitted += 1;
    if (signal.kind === 'failure') {
      let sessions = part.sessions.get(signal.host);
      if (!sessions) {
        sessions = new SessionBuilder(BigInt(this.config.quiet) * 1_000_000n);
        part.sessions.set(signal.host, sessions);
      }
      sessions.add(signal);
      return true;
    }
    const pending = part.pending.get(signal.host);
    if (pending) pending.push(signal);
    else part.pending.set(signal.host, [signal]);
    if ((part.pending.get(signal.host)?.length ?? 0) >= FOLD_EVERY) this.fold(part, signal.host);
    return true;
  }

  /** A reader error: see CoverageTracker.breakRuns. */
  breakRuns(): void {
    this.tracker.breakRuns();
  }

  finish(): ComputerContribution[] {
    const runs = this.tracker.runs();
    return [...this.parts].map(([computer, part]) => {
      for (const host of [...part.pending.keys()]) this.fold(part, host);
      for (const [host, builder] of part.sessions) {
        const sessions = chainSessions(builder.sessions(), this.config.quiet);
        const latest = sessions.reduce<string | undefined>(
          (t, x) => (t === undefined || x.last > t ? x.last : t),
          undefined,
        );
        const failures: HostState = { ...emptyHostState(host), sessions, ...(latest ? { latest } : {}) };
        const before = part.states.get(host);
        part.states.set(host, before ? mergeHostStates(before, failures, this.config) : failures);
      }
      return {
        computer,
        runs: runs.filter((run) => run.computer === computer),
        states: part.states,
        signals: part.signals,
        admitted: part.admitted,
      };
    });
  }

  private fold(part: Part, host: string): void {
    const pending = part.pending.get(host) ?? [];
    part.pending.delete(host);
    if (pending.length === 0) return;
    const folded = hostStateOf(host, pending, this.config);
    const before = part.states.get(host);
    part.states.set(host, before ? mergeHostStates(before, folded, this.config) : folded);
  }
}

interface Part {
  signals: number;
  admitted: number;
  states: Map<string, HostState>;
  /** Leaks, restarts, logons and logoffs waiting to be folded (FOLD_EVERY at a time). */
  pending: Map<string, Signal[]>;
  /** Failures, folded in place as they come. */
  sessions: Map<string, SessionBuilder>;
}

/** Contributions merged into host states (any order, each contribution once). */
export function applyContributions(
  states: Map<string, HostState>,
  contributions: readonly ComputerContribution[],
  config: CorrelationConfig,
): Map<string, HostState> {
  for (const contribution of contributions) {
    for (const [host, partial] of contribution.states) {
      const stored = states.get(host);
      states.set(host, stored ? mergeHostStates(stored, partial, config) : partial);
    }
  }
  return states;
}
