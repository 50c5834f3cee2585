import type { IncidentEvidence } from '../correlation/incident.ts';
import { longTime, shortTime } from './alert-times.ts';
import { causeAdvice, causeSentence, type Escape, noCauseLines } from './logoff-cause.ts';
import { logText } from './plain-text.ts';
import type { StoredIncident } from './stored-incident.ts';

/** "COM+ application" or "IIS application pool", from the leaking process. */
export function applicationKind(process: string): string {
  return process === 'w3wp.exe' ? 'IIS application pool' : 'COM+ application';
}

/** "the COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net" */
export function theApplication(incident: StoredIncident): string {
  return `the ${applicationKind(incident.process)} in ${logText(incident.process)} pid ${incident.pid} on ${logText(incident.hostFqdn)}`;
}

/** "CORP\svc_orders (S-1-5-21-…)" when a logoff named the account, else the SID and how to look it up. */
export function identityText(incident: StoredIncident, quote: Escape): string {
  const hive = incident.hive === 'classes' ? `its ${quote('_Classes')} hive` : 'its user hive';
  const account = incident.cause?.logoff.account;
  return account
    ? `${quote(account)} (${quote(incident.sid)}), ${hive}`
    : `${quote(incident.sid)}, ${hive} (account name: look the SID up with Get-LocalUser / Get-ADUser)`;
}

/** "web01 4, web02 2, batch01 3" and what the server itself logged: who is affected, and how much. */
export function affectedText(incident: StoredIncident): string {
  const clients = incident.perClient.filter((c) => c.name !== incident.host);
  const own = incident.perClient.find((c) => c.name === incident.host);
  const listed = clients.map((c) => `${logText(c.name)} ${c.count}`).join(', ');
  const others = incident.otherClientFailures ? `, other clients ${incident.otherClientFailures}` : '';
  const server = own ? `; the server itself ${own.count}` : '';
  // the clients' logs may not have come yet: say what is known, not that nobody is affected
  if (!listed && !others)
    return own ? `no client failure seen yet; the server itself ${own.count}` : 'none seen';
  return `${listed}${others} (failures each)${server}`;
}

/** The facts block: host, identity, process, leak, failures, clients. */
export function factLines(incident: StoredIncident): string[] {
  const others = incident.processes.filter((p) => p.pid !== incident.pid);
  return [
    `Host:       ${logText(incident.hostFqdn)} (${logText(incident.host)})`,
    `Identity:   ${identityText(incident, logText)}`,
    `Process:    ${logText(incident.process)} pid ${incident.pid}`,
    `Path:       ${logText(incident.processes[0]?.path)}`,
    ...(others.length > 0
      ? [`Also:       ${others.map((p) => `${logText(p.name)} pid ${p.pid}`).join(', ')}`]
      : []),
    `Leak:       ${longTime(incident.leakAt)} (Event 1530, User Profiles Service)`,
    incident.firstFailureAt && incident.lastFailureAt
      ? `Failures:   ${incident.failureCount}, first ${longTime(incident.firstFailureAt)}, last ${longTime(incident.lastFailureAt)}`
      : 'Failures:   none yet: the next activation fails',
    ...(incident.failureCount > 0 ? [`Affected:   ${affectedText(incident)}`] : []),
    ...(incident.clsids.length > 0
      ? [`CLSIDs:     ${incident.clsids.map((c) => logText(c)).join(', ')}`]
      : []),
    ...(incident.failuresBeforeLeak
      ? [
          `Left out:   ${incident.failuresBeforeLeak} failure(s) logged more than the clock skew before the leak (a clock running behind, or an earlier error)`,
        ]
      : []),
    ...(incident.failingBeforeLeak
      ? ['Note:       the application was failing before this leak already; those failures are counted in']
      : []),
    `Incident:   ${incident.id} (${incident.status})`,
  ];
}

/** "Who logged off" block: the logoff and the advice that fits it, or how to ship the Security log. */
export function causeLines(incident: StoredIncident): string[] {
  if (!incident.cause) return ['Who logged off:', ...indent(noCauseLines(incident, logText))];
  return [
    'Who logged off:',
    ...indent([causeSentence(incident.cause, incident.leakAt, logText)]),
    ...indent(causeAdvice(incident.cause, incident.host, logText)),
  ];
}

/** Evidence lines with the S3 key and byte offset of each event; the rest counted. */
export function evidenceLines(incident: StoredIncident, limit: number): string[] {
  const shown = incident.evidence.slice(0, limit);
  const more = incident.evidence.length - shown.length;
  return [
    'Evidence (the event, then where it is: S3 key and byte offset):',
    ...shown.map((e) => `  ${evidenceLine(e)}`),
    ...(more > 0 ? [`  … and ${more} more (see the command below)`] : []),
  ];
}

function evidenceLine(e: IncidentEvidence): string {
  const event = `${e.kind.padEnd(7)} Event ${e.eventId} ${shortTime(e.time)}`;
  const where = `${logText(e.computer, 60)} ${logText(e.channel, 40)} #${e.recordId}`;
  const shipper = e.shippedBy ? ` (shipped by ${logText(e.shippedBy, 60)})` : '';
  return `${event}  ${where}  in ${logText(e.source, 160)} at byte ${e.offset}${shipper}`;
}

/** Restart what holds the unloaded hive, per process kind. */
export function doNowLines(incident: StoredIncident): string[] {
  const lines: string[] = [];
  const pids = (name: string) => incident.processes.filter((p) => p.name === name).map((p) => String(p.pid));
  const dllhost = pids('dllhost.exe');
  const w3wp = pids('w3wp.exe');
  if (dllhost.length > 0) {
    lines.push(
      `  - COM+: shut down the application hosted by dllhost.exe pid ${dllhost.join(', ')} (Component Services →`,
      '    COM+ Applications → the application → Shut down); it starts again, with the hive loaded, on the next call.',
    );
  }
  if (w3wp.length > 0) {
    lines.push(
      `  - IIS: recycle the application pool whose worker is w3wp.exe pid ${w3wp.join(', ')}`,
      '    (Restart-WebAppPool -Name <pool>, or appcmd recycle apppool /apppool.name:<pool>).',
    );
  }
  return lines;
}

/** The fix for good: the policy, a dedicated identity, Load User Profile. */
export function forGoodLines(incident: StoredIncident): string[] {
  const iis = incident.processes.some((p) => p.name === 'w3wp.exe');
  return [
    '  - Set the policy "Do not forcefully unload the users registry at user logoff" (DisableForceUnload = 1',
    '    under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System), then gpupdate.',
    '  - Run the application under a dedicated identity that nobody logs on with interactively.',
    `  - IIS: set the application pool's "Load User Profile" to True${iis ? '.' : ' (for app pools hit the same way).'}`,
  ];
}

export function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
