/** The parts every Security event of the corpus shares: lsass's Execution, a fresh logon id. */
import type { Host } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';
import { systemTimeOfTicks } from './event-spec.ts';
import type { SecurityContext } from './security-events.ts';

export function newLogonId(w: CorpusWorld): string {
  return `0x${w.rnd.hex(w.rnd.int(5, 8))}`;
}

/** Time, record id and lsass's Execution for the next Security event on `host`. */
export function auditContext(w: CorpusWorld, host: Host): SecurityContext {
  return {
    computer: host.fqdn,
    time: systemTimeOfTicks(w.tick()),
    recordId: w.nextRecord(host, 'Security'),
    auditor: {
      processId: 652 + (host.short.length % 3) * 4,
      threadId: w.rnd.int(4, 30000) & ~3,
      ...(w.rnd.chance(0.7) ? { activityId: w.rnd.guid(true) } : {}),
    },
  };
}
