import type { Incident } from '../correlation/incident.ts';

/**
 * Logon types as Windows numbers them (SECURITY_LOGON_TYPE, ntsecapi.h, learn.microsoft.com), in the words on-call
 * knows them by.
 */
export const LogonTypeNames: Record<number, string> = {
  2: 'interactive (console)',
  3: 'network',
  4: 'batch (scheduled task)',
  5: 'service',
  7: 'unlock',
  8: 'network cleartext (e.g. IIS basic authentication)',
  9: 'new credentials (runas /netonly)',
  10: 'remote interactive (Remote Desktop)',
  11: 'cached interactive',
  12: 'cached remote interactive (Remote Desktop)',
  13: 'cached unlock',
};

export function logonTypeName(type: number | undefined): string {
  if (type === undefined) return 'logon type not given';
  return `logon type ${type}, ${LogonTypeNames[type] ?? 'unknown'}`;
}

/** What to do about an incident: now (restart what holds the dead hive), for good, and about the logoff that did it. */
export interface FixAdvice {
  now: string[];
  forGood: string[];
  /** Advice that follows from how the leaking identity logged on (empty when no logoff was seen). */
  cause: string[];
}

type Advised = Pick<Incident, 'id' | 'processes' | 'cause' | 'host'> & { status: string };

export function fixAdvice(incident: Advised): FixAdvice {
  return { now: doNow(incident), forGood: forGood(incident), cause: causeAdvice(incident) };
}

function doNow(incident: Advised): string[] {
  if (incident.status === 'superseded') {
    return ['Nothing here: its failures belong to the incident that superseded it; act on that one.'];
  }
  if (incident.status === 'resolved' || incident.status === 'cleared') {
    return ['Nothing now: it has ended. The cause is still there until one of the changes below is made.'];
  }
  const pids = (name: string) => incident.processes.filter((p) => p.name === name).map((p) => p.pid);
  const lines: string[] = [];
  const dllhost = pids('dllhost.exe');
  const w3wp = pids('w3wp.exe');
  if (dllhost.length > 0) {
    lines.push(
      `Restart the COM+ application hosted by dllhost.exe pid ${dllhost.join(', ')}: Component Services → COM+ ` +
        'Applications → the application → Shut down (or end that dllhost.exe); the next call starts it again with ' +
        'the hive loaded.',
    );
  }
  if (w3wp.length > 0) {
    lines.push(
      `Recycle the application pool whose worker is w3wp.exe pid ${w3wp.join(', ')}: ` +
        'Restart-WebAppPool -Name <pool>, or appcmd recycle apppool /apppool.name:<pool>.',
    );
  }
  if (incident.status === 'at-risk') {
    lines.push('It has not failed yet: restarting it now spares the next caller the error.');
  }
  lines.push(`Then say so: hivewatch incidents resolve ${incident.id} --note "what you did".`);
  return lines;
}

function forGood(incident: Pick<Incident, 'processes'>): string[] {
  const lines = [
    'Set the policy "Do not forcefully unload the users registry at user logoff" (Computer Configuration → ' +
      'Administrative Templates → System → User Profiles), i.e. DisableForceUnload = 1 (REG_DWORD) under ' +
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System, then gpupdate (Microsoft KB 2287297).',
    'Run the application under a dedicated identity that nothing else logs on with.',
  ];
  if (incident.processes.some((p) => p.name === 'w3wp.exe')) {
    lines.push('IIS: set the application pool\'s "Load User Profile" to True.');
  }
  return lines;
}

function causeAdvice(incident: Pick<Incident, 'cause' | 'host'>): string[] {
  const cause = incident.cause;
  if (!cause) return [];
  const type = cause.logon?.logonType ?? cause.logoff.logonType;
  const who = cause.logoff.account;
  switch (type) {
    case 2:
    case 10:
    case 11:
    case 12:
      return [
        `Someone logged on to ${incident.host} as ${who}, the identity the application runs as ` +
          `(${LogonTypeNames[type]}), and their logoff unloaded its hive. Keep people off service identities: ` +
          'deny it "Log on locally" and "Log on through Remote Desktop Services" (User Rights Assignment) and ' +
          'give the person their own account.',
      ];
    case 4:
      return [
        `A scheduled task runs as ${who} (logon type 4); when it finishes, its logoff unloads the hive the ` +
          'application still uses. Run the task under another account, or the application under its own.',
      ];
    case 5:
      return [
        `A Windows service runs as ${who} (logon type 5); when it stops, its logoff unloads the hive. Give the ` +
          'service or the application an identity of its own.',
      ];
    case 3:
    case 8:
      return [
        `Something connected to ${incident.host} over the network as ${who} (${LogonTypeNames[type]}) and ` +
          'disconnected. Find it by the source address above and give it its own account.',
      ];
    default:
      return [
        `${who} logged off (${logonTypeName(type)}) just before the leak: whatever logs on as the ` +
          "application's identity must use an account of its own.",
      ];
  }
}
