import type { Signal } from '../signals/signal.ts';

/**
 * The names of a signal that become DynamoDB keys (`host#<host>`, `cov#<computer>|<channel>`, `sid#<SID>`) and fill
 * an incident's item (500 clients by name and FQDN), bounded by what Windows can write: a short host name is one DNS
 * label (63 bytes, RFC 1035), a computer name, a channel or a SID at most 255. A longer one is refused with an error,
 * rather than let the write of the whole object fail (a key over 2,048 bytes, an item over 400 KB).
 */
const ShortName = 63;
const LongName = 255;

/** Why the signal cannot be stored, or undefined when its names fit. */
export function oversizedName(signal: Signal): string | undefined {
  const names: [string, string, number][] = [
    ['host', signal.host, ShortName],
    ['computer', signal.evidence.computer, LongName],
    ['channel', signal.evidence.channel, LongName],
  ];
  if ('reporter' in signal) names.push(['client', signal.reporter, ShortName]);
  if ('sid' in signal) names.push(['SID', signal.sid, LongName]);
  const over = names.find(([, name, limit]) => Buffer.byteLength(name) > limit);
  return over && `event names a ${over[0]} longer than ${over[2]} bytes: refused`;
}
