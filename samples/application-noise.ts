/**
 * Ordinary Application-log events of classic and manifest sources: UserData, unnamed Data, Binary and
 * rendered messages that look alarming but are not the failure hivewatch looks for.
 */
import type { EventSpec } from './event-spec.ts';
import type { NoiseContext } from './noise-events.ts';
import { applicationCrashed } from './ordinary-events.ts';
import { userSid } from './security-events.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Restart Manager writes its payload as UserData, not EventData. */
export function restartManager(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const eventId = rng.pick([10000, 10001]);
  const ns = 'http://www.microsoft.com/Windows/Resources/RmSessionEvent';
  return {
    provider: { name: 'Microsoft-Windows-RestartManager', guid: '{0888E5EF-9B98-4695-979D-E92CE4247224}' },
    eventId,
    keywords: '0x8000000000000000',
    timeCreated: ctx.time,
    recordId: ctx.recordId,
    channel: 'Application',
    computer: ctx.computer,
    userId: userSid(rng.int(1100, 1180)),
    processId: rng.int(1000, 20000),
    threadId: rng.int(700, 9000),
    userData: `<RmSessionEvent xmlns='${ns}'><RmSessionId>${rng.int(0, 3)}</RmSessionId><UTCStartTime>${ctx.time}</UTCStartTime></RmSessionEvent>`,
  };
}

/** A classic source: unnamed Data, Binary, no Version/Opcode/Correlation/Execution. */
export function sqlServer(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const db = rng.pick(['orders', 'reporting', 'msdb', 'tempdb']);
  return {
    provider: { name: 'MSSQLSERVER' },
    eventId: 17137,
    qualifiers: 16384,
    classic: true,
    task: 2,
    timeCreated: ctx.time,
    recordId: ctx.recordId,
    channel: 'Application',
    computer: ctx.computer,
    data: [{ value: db }],
    binary: `F14200000A000000${Buffer.from(ctx.computer.split('.')[0] ?? '', 'utf16le')
      .toString('hex')
      .toUpperCase()}0000`,
  };
}

/** A crash that is not ours (access violation), so "Application Error" alone is no signal. */
export function applicationError(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const app = rng.pick(['backup-agent.exe', 'ReportViewer.exe', 'msiexec.exe']);
  const values = [
    app,
    '10.2.4.1',
    '5e1c2b3a',
    'ntdll.dll',
    '10.0.17763.5830',
    'a1b2c3d4',
    'c0000005',
    `0x${rng.hex(8)}`,
    `0x${rng.hex(4)}`,
    `0x01da${rng.hex(12)}`,
    `C:\\Program Files\\Vendor\\${app}`,
    'C:\\Windows\\SYSTEM32\\ntdll.dll',
    `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
    '',
    '',
  ];
  return applicationCrashed({
    ...ctx,
    values,
    classic: true,
    message: `Faulting application name: ${app}, version: 10.2.4.1\nException code: 0xc0000005`,
  });
}

export function securityCenter(_rng: SeededRandom, ctx: NoiseContext): EventSpec {
  return {
    provider: { name: 'SecurityCenter' },
    eventId: 15,
    qualifiers: 0,
    timeCreated: ctx.time,
    recordId: ctx.recordId,
    channel: 'Application',
    computer: ctx.computer,
    data: [{ value: 'Windows Defender' }, { value: 'SECURITY_PRODUCT_STATE_ON' }],
    message: 'Updated Windows Defender status successfully to SECURITY_PRODUCT_STATE_ON.',
  };
}
