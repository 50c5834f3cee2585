/**
 * How the golden day's logs reach the bucket: every producer shape, plain and gzip, UTF-8, UTF-16LE
 * and UTF-16BE, and two overlapping exports so that some events arrive twice.
 */
import { type HostLog, type LogFile, writeHostFiles } from './host-log.ts';

export async function writeGoldenFiles(
  dir: string,
  day: number,
  log: (name: string) => HostLog,
): Promise<string[]> {
  const noon = '2026-11-18T12:00';
  const all = (host: HostLog, from = '', to = '\uffff') =>
    host.events.filter((e) => e.timeCreated >= from && e.timeCreated < to);
  const app = log('APP01');
  const iis = log('IIS01');
  const web01 = log('WEB01');
  const web02 = log('WEB02');
  const web03 = log('WEB03');
  const batch01 = log('BATCH01');
  const pcFin = log('PC-FIN-07');
  const perChannel = (host: HostLog, make: (channel: string) => Omit<LogFile, 'events'>) =>
    ['Application', 'System', 'Security'].map((channel) => ({
      ...make(channel),
      events: host.slice(channel),
    }));
  const written = await Promise.all([
    writeHostFiles(dir, app, day, [
      {
        name: 'Application-0000.xml.gz',
        events: app.slice('Application', '', noon),
        style: 'wevtutil',
        gzip: true,
      },
      {
        name: 'Application-1200.xml.gz',
        events: app.slice('Application', noon),
        style: 'wevtutil',
        gzip: true,
      },
      { name: 'System-0000.xml', events: app.slice('System'), style: 'toxml', encoding: 'utf-16le' },
      { name: 'Security-0000.xml.gz', events: app.slice('Security'), style: 'event-viewer', gzip: true },
    ]),
    writeHostFiles(dir, iis, day, [
      {
        name: 'Application-0000.xml.gz',
        events: iis.slice('Application', '', '2026-11-18T15:00'),
        style: 'libevtx',
        gzip: true,
      },
      // Overlaps the file before it from 14:00: the 1309 of 14:45 is in both.
      {
        name: 'Application-1400.xml.gz',
        events: iis.slice('Application', '2026-11-18T14:00'),
        style: 'libevtx',
        gzip: true,
      },
      { name: 'System-0000.xml', events: iis.slice('System'), style: 'libevtx' },
      { name: 'Security-0000.xml.gz', events: iis.slice('Security'), style: 'libevtx', gzip: true },
    ]),
    writeHostFiles(dir, web01, day, [
      { name: 'winevtlog-0000.log.gz', events: all(web01, '', noon), style: 'fluent-bit', gzip: true },
      { name: 'winevtlog-1200.log.gz', events: all(web01, noon), style: 'fluent-bit', gzip: true },
      // A hand export of the System log around the outage: the 10:05 10006 is in two files.
      {
        name: 'System-export.xml',
        events: web01.slice('System', '2026-11-18T10:00', '2026-11-18T10:30'),
        style: 'wevtutil',
      },
    ]),
    writeHostFiles(
      dir,
      web02,
      day,
      perChannel(web02, (c) => ({ name: `${c}-0000.xml`, style: 'event-viewer' })),
    ),
    writeHostFiles(dir, web03, day, [
      {
        name: 'Application-0000.xml',
        events: web03.slice('Application'),
        style: 'event-viewer',
        encoding: 'utf-16be',
      },
      { name: 'System-0000.xml', events: web03.slice('System'), style: 'toxml' },
      { name: 'Security-0000.xml.gz', events: web03.slice('Security'), style: 'toxml', gzip: true },
    ]),
    writeHostFiles(
      dir,
      batch01,
      day,
      perChannel(batch01, (c) => ({ name: `${c}-0000.xml.gz`, style: 'wevtutil', gzip: true })),
    ),
    writeHostFiles(
      dir,
      pcFin,
      day,
      perChannel(pcFin, (c) => ({ name: `${c}-0000.xml`, style: 'toxml', encoding: 'utf-16le' })),
    ),
  ]);
  return written.flat();
}
