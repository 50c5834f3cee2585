import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyDeletedIn } from '../../functions/signals/key-deleted.ts';
import {
  dwordHex,
  E_KEY_DELETED,
  ntstatusError,
  signedDecimalHresult,
  wasWorkerFailure,
  wsmanFaultWarning,
} from '../../samples/failure-forms.ts';
import { type EventSpec, systemTime } from '../../samples/render-events.ts';
import { aspnet1309, complusError, dotnet1026 } from '../../samples/windows-events.ts';
import { at, signalsFrom } from './sample-signals.ts';

const WEB01 = 'WEB01.corp.example.net';
const common = (recordId: number) => ({ computer: WEB01, time: at(recordId), recordId });

async function formOf(spec: EventSpec) {
  const signals = await signalsFrom([spec]);
  expect(signals).toHaveLength(1);
  const [failure] = signals;
  expect(failure).toMatchObject({ kind: 'failure', failure: 'server-error', host: 'web01' });
  return failure?.kind === 'failure' ? failure.form : undefined;
}

describe('every way Windows writes ERROR_KEY_DELETED is a server-side failure, with the rule that matched', () => {
  it('WAS 5011 with the HRESULT as a little-endian DWORD in Binary (layout of a real 5011: AppPoolID, ProcessID, Binary 6D000780)', async () => {
    expect(dwordHex(0x8007006d)).toBe('6D000780'); // the real 5011's Binary
    expect(dwordHex(E_KEY_DELETED)).toBe('FA030780');
    const [failure] = await signalsFrom([
      wasWorkerFailure({ ...common(1), appPool: 'OrdersPool', pid: 4528 }),
    ]);
    expect(failure).toMatchObject({
      form: 'binary',
      process: { name: 'w3wp.exe', pid: 4528 },
      errorText: '0x800703FA in Binary (little-endian DWORD at byte 0)',
    });
  });

  it('WAS 5009 with the same Binary counts too', async () => {
    expect(
      await formOf(wasWorkerFailure({ ...common(2), eventId: 5009, appPool: 'OrdersPool', pid: 77 })),
    ).toBe('binary');
  });

  it('a WAS 5011 with another HRESULT (the real 0x8007006D) is no failure', async () => {
    const spec = wasWorkerFailure({ ...common(3), appPool: 'OrdersPool', pid: 4528, hresult: 0x8007006d });
    expect(await signalsFrom([spec])).toEqual([]);
  });

  it('signed decimal HRESULT in Data and message (AppModel-State 23 layout, corpus/real: OperationError -2147024894)', async () => {
    expect(await formOf(signedDecimalHresult(common(4)))).toBe('hresult-decimal');
    const other = signedDecimalHresult({ ...common(5), hresult: 0x80070002 });
    expect(await signalsFrom([other])).toEqual([]); // the real event's own code
  });

  it('unsigned decimal in a WSManFault Code (PowerShell 4100 layout, corpus/real; WinRM writes Code in decimal)', async () => {
    expect(await formOf(wsmanFaultWarning({ ...common(6), machine: 'WEB01' }))).toBe('hresult-decimal');
    expect(
      await signalsFrom([wsmanFaultWarning({ ...common(7), machine: 'WEB01', code: 2150858770 })]),
    ).toEqual([]);
  });

  it.each([
    ['code', 'key-deleted', 'ntstatus'],
    ['code', 'hive-unloaded', 'ntstatus'],
    ['symbol', 'key-deleted', 'ntstatus'],
    ['symbol', 'hive-unloaded', 'ntstatus'],
    ['message', 'key-deleted', 'message'],
    ['message', 'hive-unloaded', 'message'],
  ] as const)('NTSTATUS %s of %s (ntstatus.h) is form %s', async (which, status, form) => {
    expect(await formOf(ntstatusError({ ...common(8), which, status }))).toBe(form);
  });

  it('the forms the contract always had keep their names: hex in COM+ and ASP.NET texts, the symbol, the message', async () => {
    expect(await formOf(complusError({ ...common(9), appId: '{1}', appName: 'XRC' }))).toBe('hresult-hex');
    const clsid = '{0E3A5B88-1111-2222-3333-444455556666}';
    expect(await formOf(aspnet1309({ ...common(10), pid: 1, appPool: 'P', clsid }))).toBe('hresult-hex');
    expect(await formOf(dotnet1026(common(11)))).toBe('hresult-hex');
    expect(keyDeletedIn(['<Code>ERROR_KEY_DELETED</Code>'])?.form).toBe('symbolic');
    expect(
      keyDeletedIn(['Illegal operation attempted on a registry key that has been marked for deletion.'])
        ?.form,
    ).toBe('message');
  });
});

describe('no false positives: the digits inside something longer do not count', () => {
  const near = [
    // Numbers inside longer numbers, signed or not.
    '12147943418',
    '21479434180',
    '-21470238789',
    '3.2147943418',
    'build 2147943418.5',
    // Hex runs and GUIDs that contain the digits.
    '0x0800703fa',
    '1800703fa2',
    'hash 9c1e800703fa4417b2',
    '{800703FA-1234-5678-9ABC-DEF012345678}',
    '{12345678-1234-5678-9ABC-0000800703FA}',
    '{C000017C-0000-0000-0000-000000000000}',
    '0xC000017C0',
    'STATUS_KEY_DELETED_EX',
    'MY_ERROR_KEY_DELETED',
    // A hex dump of the bytes in big-endian or split by spaces.
    '80 07 03 fa',
    // The English tail in another sense.
    'class ZooTrace which has already been unloaded by the container',
  ];
  it.each(near)('%s is not failure text', (text) => {
    expect(keyDeletedIn([text])).toBeUndefined();
  });

  it.each([
    ['HRESULT 0x800703FA.', 'hresult-hex'],
    ['error: 800703fa Illegal', 'hresult-hex'],
    ['Code="2147943418"', 'hresult-decimal'],
    ['HResult=-2147023878)', 'hresult-decimal'],
    ['status 0xc0000425,', 'ntstatus'],
  ] as const)('%s is failure text (%s)', (text, form) => {
    expect(keyDeletedIn([text])?.form).toBe(form);
  });

  it('a Binary counts only with the DWORD at a DWORD boundary, little-endian', async () => {
    const event = (recordId: number, binary: string): EventSpec => ({
      ...wasWorkerFailure({ ...common(recordId), appPool: 'P', pid: 1 }),
      binary,
    });
    const misaligned = event(20, '00FA030780000000');
    const bigEndian = event(21, '800703FA');
    const second = event(22, '00000000FA030780');
    const inDump = event(23, 'AB12FA0307800000');
    expect(await signalsFrom([misaligned, bigEndian, inDump])).toEqual([]);
    expect(await signalsFrom([second])).toEqual([expect.objectContaining({ form: 'binary' })]);
  });

  it('any digit string around the numbers, with a digit or hex letter next to them, never counts (property)', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{1,6}$/);
    const token = fc.constantFrom('800703fa', '2147943418', '-2147023878', 'c000017c', '0xc0000425');
    fc.assert(
      fc.property(hex, token, hex, (before, t, after) => {
        const text = `${before}${t}${after}`;
        // Only when what touches the token is not a digit or hex letter could it count; here both sides are.
        expect(keyDeletedIn([text])).toBeUndefined();
      }),
    );
  });

  it('the token set apart by punctuation or space always counts (property)', () => {
    const sep = fc.constantFrom(' ', '(', ')', '"', "'", ':', '=', '\n', '<', '>');
    const token = fc.constantFrom(
      '0x800703fa',
      '800703FA',
      '2147943418',
      '-2147023878',
      '0xC000017C',
      '0xc0000425',
    );
    fc.assert(
      fc.property(fc.string(), sep, token, sep, fc.string(), (a, s1, t, s2, b) => {
        expect(keyDeletedIn([`${a}${s1}${t}${s2}${b}`])).toBeDefined();
      }),
    );
  });
});

describe('time stays the event time', () => {
  it('a Binary failure keeps TimeCreated', async () => {
    const spec = wasWorkerFailure({
      computer: WEB01,
      time: systemTime(Date.parse('2026-11-17T10:42:00Z')),
      recordId: 1,
      appPool: 'P',
      pid: 2,
    });
    const [failure] = await signalsFrom([spec]);
    expect(failure?.time).toBe('2026-11-17T10:42:00.000000000Z');
  });
});
