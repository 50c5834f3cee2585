import { isIP } from 'node:net';

const MAYBE_ADDRESS = /:|^[\d.]+$/;

/**
 * The name hivewatch compares hosts by: trimmed, without a leading `\\`, lower case, cut at the first
 * dot unless the whole name is an IP address. `\\APP01`, `APP01` and `app01.corp.example.net` are one host.
 */
export function shortHostName(name: string): string {
  const bare = name.trim().replace(/^\\\\/, '').toLowerCase();
  // an address has a colon (IPv6) or only digits and dots (IPv4): the full check only then (it runs per event)
  if (MAYBE_ADDRESS.test(bare) && (isIP(bare) !== 0 || isIP(bare.replace(/^\[|\]$/g, '')) !== 0)) return bare;
  const dot = bare.indexOf('.');
  return dot < 0 ? bare : bare.slice(0, dot);
}
