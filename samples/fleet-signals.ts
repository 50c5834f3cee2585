/**
 * Which ordinary events of the fleet's noise are signals, by what they were made to say: a logon or logoff that can
 * unload a hive (Security 4624/4634 of a profile-loading logon type, 4647; never a system identity), an app pool
 * recycle naming its pool, a dllhost/w3wp exit. The rules are docs/design.md's; planted events carry their own
 * answer (fleet-planted.ts). test/samples/fleet-scenario.test.ts checks these answers against the extractor.
 */
import type { EventSpec } from './event-spec.ts';

const PROFILE_LOGON_TYPES = new Set(['2', '4', '5', '10', '11', '12']);
const SYSTEM_SID = /^S-1-5-(?:18|19|20|7)$|^S-1-5-(?:90|96)-|^S-1-0-0$/i;
const RECYCLES = new Set([5074, 5075, 5076, 5077, 5078, 5079, 5080, 5117, 5186]);

export function isNoiseSignal(spec: EventSpec): boolean {
  const data = (name: string) => {
    const item = spec.data?.find((d) => d.name === name);
    return item && 'value' in item ? item.value.trim() : undefined;
  };
  const provider = spec.provider.name;
  if (provider === 'Microsoft-Windows-Security-Auditing') {
    if (spec.eventId === 4689)
      return (
        /\\(dllhost|w3wp)\.exe$/i.test(data('ProcessName') ?? '') &&
        /^0x[0-9a-f]+$/i.test(data('ProcessId') ?? '')
      );
    if (![4624, 4634, 4647].includes(spec.eventId)) return false;
    const sid = data('TargetUserSid');
    if (!sid || SYSTEM_SID.test(sid) || !/^0x[0-9a-f]+$/i.test(data('TargetLogonId') ?? '')) return false;
    return spec.eventId === 4647 || PROFILE_LOGON_TYPES.has(data('LogonType') ?? '');
  }
  if (provider === 'Microsoft-Windows-WAS') return RECYCLES.has(spec.eventId) && Boolean(data('AppPoolID'));
  return false;
}
