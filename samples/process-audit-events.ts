/**
 * Security process tracking: 4688 (a process was created, version 2 as in the real Security.xml.gz)
 * and 4689 (a process has exited; fields, task 13313 and version 0 from Microsoft's event-4689 page,
 * learn.microsoft.com/windows/security/threat-protection/auditing/event-4689 — no real one in the corpus).
 */
import type { DataSpec, EventSpec } from './event-spec.ts';
import { type SecurityContext, security } from './security-events.ts';

export interface ProcessSpec {
  /** Hex as Windows writes it, e.g. `0x1f4c`. */
  pid: string;
  /** The image path, e.g. `C:\Windows\SysWOW64\dllhost.exe`. */
  image: string;
}

/** Security 4688: `subject` started `process` from `parent`. */
export function processCreated(
  ctx: SecurityContext & {
    subject: DataSpec[];
    process: ProcessSpec;
    parent: ProcessSpec;
    commandLine: string;
    /** `%%1936` full token, `%%1937` elevated, `%%1938` limited. */
    elevation: string;
    /** Integrity level SID, e.g. `S-1-16-16384` (system). */
    mandatoryLabel: string;
  },
): EventSpec {
  return security(
    ctx,
    4688,
    13312,
    [
      ...ctx.subject,
      { name: 'NewProcessId', value: ctx.process.pid },
      { name: 'NewProcessName', value: ctx.process.image },
      { name: 'TokenElevationType', value: ctx.elevation },
      { name: 'ProcessId', value: ctx.parent.pid },
      { name: 'CommandLine', value: ctx.commandLine },
      { name: 'TargetUserSid', value: 'S-1-0-0' },
      { name: 'TargetUserName', value: '-' },
      { name: 'TargetDomainName', value: '-' },
      { name: 'TargetLogonId', value: '0x0' },
      { name: 'ParentProcessName', value: ctx.parent.image },
      { name: 'MandatoryLabel', value: ctx.mandatoryLabel },
    ],
    { version: 2 },
  );
}

/** Security 4689: `process` exited with `status` (hex, `0x0` for a clean exit). */
export function processExited(
  ctx: SecurityContext & { subject: DataSpec[]; process: ProcessSpec; status: string },
): EventSpec {
  return security(ctx, 4689, 13313, [
    ...ctx.subject,
    { name: 'Status', value: ctx.status },
    { name: 'ProcessId', value: ctx.process.pid },
    { name: 'ProcessName', value: ctx.process.image },
  ]);
}
