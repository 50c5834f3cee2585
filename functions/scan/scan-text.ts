import { secondsTime } from '../alerts/alert-times.ts';
import { endingOf, restartText } from '../alerts/incident-ending.ts';
import { causeSentence } from '../alerts/logoff-cause.ts';
import { terminalText } from '../alerts/plain-text.ts';
import type { Incident, UnexplainedFailures } from '../correlation/incident.ts';
import type { ScanProgress, ScanResult } from './scan.ts';

const MB = 1024 * 1024;

/**
 * What a person reads after `hivewatch scan`: one block per incident (who logged off, what ended it, the fix), the
 * leaks still at risk, the failures no leak explains, and a summary line. Text from the logs is shown escaped.
 */
export function scanText(result: ScanResult, seconds: number): string {
  const blocks = result.incidents.map(incidentBlock);
  const found =
    result.incidents.length === 0
      ? 'No incident: no COM+ / IIS hive leak followed by activation failures.'
      : `${result.incidents.length} incident${result.incidents.length === 1 ? '' : 's'}: COM+ / IIS applications broken by a force-unloaded registry hive.`;
  return [
    found,
    '',
    ...blocks,
    ...atRiskLines(result.atRisk),
    ...unexplainedLines(result.unexplained),
    summaryLine(result, seconds),
  ].join('\n');
}

export function summaryLine(result: ScanResult, seconds: number): string {
  const { files, bytes, xmlBytes, events, signals, errors } = result.stats;
  const rate = seconds > 0 ? `, ${(xmlBytes / MB / seconds).toFixed(1)} MB/s of XML` : '';
  const xml = xmlBytes !== bytes ? ` (${(xmlBytes / MB).toFixed(1)} MB of XML)` : '';
  const summary = `${count(files, 'file')}, ${(bytes / MB).toFixed(1)} MB${xml}, ${count(events, 'event')}, ${count(signals, 'signal')}, ${count(errors.length, 'error')} in ${seconds.toFixed(2)} s${rate}`;
  const shown = errors
    .slice(0, 10)
    .map((e) => `  error: ${printable(e.file)} at byte ${e.offset}: ${printable(e.reason)}`);
  const more =
    errors.length > shown.length ? [`  … and ${errors.length - shown.length} more (see --json)`] : [];
  return [`Scanned ${summary}.`, ...shown, ...more].join('\n');
}

export function progressLine(p: ScanProgress, seconds: number): string {
  return `scanning: ${p.filesDone}/${p.files} files, ${(p.bytes / MB).toFixed(1)} MB, ${count(p.events, 'event')}, ${seconds.toFixed(0)} s`;
}

function incidentBlock(i: Incident): string {
  const restart = i.processes.some((p) => p.name === 'dllhost.exe');
  const recycle = i.processes.some((p) => p.name === 'w3wp.exe');
  const now = [
    ...(restart
      ? ['restart the COM+ application (Component Services > COM+ Applications > Shut down, then start it)']
      : []),
    ...(recycle ? ['recycle the IIS application pool'] : []),
  ];
  const lines = [
    `${i.status === 'open' ? 'OPEN' : 'RESOLVED'}  ${printable(i.host)} (${printable(i.hostFqdn)})  incident ${i.id}`,
    `  process    ${i.processes.map((p) => `${printable(p.name)} pid ${p.pid} ${printable(p.path)}`).join('\n             ')}`,
    `  identity   ${i.cause ? `${printable(i.cause.logoff.account)} ` : ''}${printable(i.sid)} (${i.hive === 'classes' ? '_Classes hive' : 'user hive'})`,
    `  logoff     ${i.cause ? causeSentence(i.cause, i.leakAt, printable) : 'none in the logs read (export or ship the Security log: 4624, 4634, 4647)'}`,
    `  leak       ${when(i.leakAt)}`,
    `  failures   ${i.failureCount}, first ${when(i.firstFailureAt ?? i.leakAt)}, last ${when(i.lastFailureAt ?? i.leakAt)}`,
    `  clients    ${i.clients.length ? i.clients.map(printable).join(', ') : '(failures seen on the server only)'}`,
    ...(i.clsids.length ? [`  clsids     ${i.clsids.map(printable).join(', ')}`] : []),
    ...(i.ineffectiveRestarts ?? []).map(
      (r) => `  restarted  ${restartText(r, printable)} at ${secondsTime(r.time)}: failures went on after it`,
    ),
    ...(i.status === 'open' && i.restartSeen
      ? [
          `  restarted  ${restartText(i.restartSeen, printable)} at ${secondsTime(i.restartSeen.time)}: no failure after it yet`,
        ]
      : []),
    ...(i.status === 'resolved' ? [`  ended      ${endingOf(i, printable).sentence}`] : []),
    `  fix now    ${now.join('; ')}`,
    '  for good   enable the policy "Do not forcefully unload the users registry at user logoff"',
    '             (HKLM\\Software\\Policies\\Microsoft\\Windows\\System\\DisableForceUnload = 1),',
    `             or give the ${recycle && !restart ? 'pool' : 'application'} a dedicated identity${recycle ? '; for IIS enable "Load User Profile"' : ''} (KB 2287297)`,
    '',
  ];
  return lines.join('\n');
}

/** Leaks by dllhost/w3wp with no failure: still at risk (restart it before its next activation), or cleared. */
function atRiskLines(leaks: readonly Incident[]): string[] {
  if (leaks.length === 0) return [];
  const risky = leaks.filter((l) => l.status === 'at-risk').length;
  return [
    `${leaks.length} leak${leaks.length === 1 ? '' : 's'} by COM+ / IIS processes with no failure seen (${risky} still at risk: the next activation fails):`,
    ...leaks.map((l) => {
      const state =
        l.status === 'at-risk'
          ? `AT RISK until ${when(l.atRiskUntil ?? l.leakAt)}: restart it now`
          : `cleared: ${endingOf(l, printable).sentence}`;
      return `  ${printable(l.host)}  ${l.processes.map((p) => `${printable(p.name)} pid ${p.pid}`).join(', ')}  leak ${when(l.leakAt)}  ${state}`;
    }),
    '',
  ];
}

/** Failures naming a host whose leak was never seen: counted, never an incident. */
function unexplainedLines(groups: readonly UnexplainedFailures[]): string[] {
  if (groups.length === 0) return [];
  return [
    'Failures no leak explains:',
    ...groups.map(
      (u) =>
        `  ${u.failureCount} failure${u.failureCount === 1 ? '' : 's'} naming ${printable(u.host)} without a leak seen (${when(u.firstFailureAt)} to ${when(u.lastFailureAt)}${u.clients.length ? `, from ${u.clients.map(printable).join(', ')}` : ''}): is ${printable(u.host)} shipping its Application log?`,
    ),
    '',
  ];
}

/** An event time as people read it, to the millisecond. */
function when(time: string): string {
  return `${time.slice(0, 10)} ${time.slice(11, 23)} UTC`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Text from logs is data: control and format characters are shown escaped, never sent to the terminal. */
export function printable(text: string | number | undefined): string {
  return terminalText(text);
}
