import { randomUUID } from 'node:crypto';
import type { Notifier } from '../alerts/notifier.port.ts';
import { noticesInOrder } from './fleet-host.ts';
import { type FleetNoticeContext, fleetNoticeMessage } from './fleet-notice-text.ts';
import type { FleetStore } from './fleet-store.port.ts';
import { dueNotice, fleetDecision } from './silent-hosts.ts';

export interface SilentHostPorts {
  fleet: FleetStore;
  notifier: Notifier;
  clock: () => Date;
  /** No object for this long makes a host silent; undefined: the check is off. */
  silentAfterMs?: number;
  fleetText: FleetNoticeContext;
  /** How long a claim protects a publish in flight (see deliver-alerts.ts). */
  leaseMs?: number;
  /** Notices published in one sweep at most; the rest wait for the next (a whole fleet going dark at once). */
  noticesPerSweep?: number;
}

export interface FleetNoticeDelivery {
  host: string;
  key: string;
  kind: string;
  outcome: 'sent' | 'failed';
  attempt: number;
  messageId?: string;
  error?: string;
}

export interface FleetSweepReport {
  hosts: number;
  silent: string[];
  back: string[];
  deliveries: FleetNoticeDelivery[];
  failures: { host: string; error: string }[];
}

const DefaultLeaseMs = 15 * 60_000;
const DefaultNoticesPerSweep = 50;

/**
 * The sweeper's fleet step, bounded by the fleet (one paged query) and by `noticesPerSweep`, never by history:
 * 1. list the fleet a page at a time;
 * 2. for each host, decide with a conditional write: silent (once per silence) or back (or cancel an unsent
 *    silence notice) — of two sweeps racing, one decides;
 * 3. send what its outbox holds: claim, publish, record (a failed publish goes back to pending for the next sweep).
 * One host's failure is reported and the others go on.
 */
export async function notifySilentHosts(ports: SilentHostPorts): Promise<FleetSweepReport> {
  const report: FleetSweepReport = { hosts: 0, silent: [], back: [], deliveries: [], failures: [] };
  if (ports.silentAfterMs === undefined) return report;
  const budget = { left: ports.noticesPerSweep ?? DefaultNoticesPerSweep };
  let after: string | undefined;
  do {
    const page = await ports.fleet.list(after);
    for (const host of page.hosts) {
      report.hosts += 1;
      try {
        const decision = fleetDecision(host, ports.clock(), ports.silentAfterMs);
        if (decision && (await ports.fleet.decide(decision))) {
          if (decision.kind === 'silent') report.silent.push(host.host);
          else report.back.push(host.host);
        }
        const unsent = decision || noticesInOrder(host).some(([, n]) => n.state !== 'sent');
        if (unsent && budget.left > 0) report.deliveries.push(...(await deliver(host.host, ports, budget)));
      } catch (error) {
        report.failures.push({ host: host.host, error: messageOf(error) });
      }
    }
    after = page.next;
  } while (after);
  return report;
}

/** Sends the host's due notices in order, each once (the outbox discipline of deliver-alerts.ts). */
async function deliver(
  name: string,
  ports: SilentHostPorts,
  budget: { left: number },
): Promise<FleetNoticeDelivery[]> {
  const deliveries: FleetNoticeDelivery[] = [];
  while (budget.left > 0) {
    const host = await ports.fleet.get(name);
    if (!host) break;
    const now = ports.clock();
    const leaseExpiredBefore = new Date(now.getTime() - (ports.leaseMs ?? DefaultLeaseMs)).toISOString();
    const due = dueNotice(host, leaseExpiredBefore);
    if (!due) break;
    const [key] = due;
    const token = randomUUID();
    const claimed = await ports.fleet.claimNotice(name, key, { token, now, leaseExpiredBefore });
    if (!claimed) break;
    const notice = claimed.notices[key];
    if (!notice) break;
    budget.left -= 1;
    const base = { host: name, key, kind: notice.kind, attempt: notice.attempts };
    try {
      const { messageId } = await ports.notifier.publish(
        fleetNoticeMessage(claimed, key, notice, ports.fleetText),
      );
      await ports.fleet.completeNotice(name, key, token, messageId, ports.clock());
      deliveries.push({ ...base, outcome: 'sent', messageId });
    } catch (error) {
      const reason = messageOf(error);
      await ports.fleet.releaseNotice(name, key, token, reason);
      deliveries.push({ ...base, outcome: 'failed', error: reason });
      break;
    }
  }
  return deliveries;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}
