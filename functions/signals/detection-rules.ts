/**
 * The detection rules, in one place: what makes an event a leak, a failure, a restart, a logon or a
 * logoff. Each rule names where its facts come from. See the detection contract in docs/design.md.
 */
import type { FailureForm } from './signal.ts';

/** Event 1530 of the User Profile Service naming a COM+ (dllhost.exe) or IIS (w3wp.exe) process. */
export const LEAK = {
  eventId: 1530,
  provider: 'microsoft-windows-user profiles service',
  /** Image file names whose handles into an unloaded hive break activations. */
  processes: ['dllhost.exe', 'w3wp.exe'] as readonly string[],
};

export const CLIENT_FAILURE = {
  eventId: 10006,
  providers: ['microsoft-windows-distributedcom', 'dcom'] as readonly string[],
};

/** Line 1 of the 1530 Detail: "<N> user registry handles leaked from \Registry\User\<SID>[_Classes]:". */
export const LEAK_HEADER = /(\d+)\s+user registry handles? leaked from\s+\\Registry\\User\\([^\s:\\]+)/i;
/** "Process <pid> (<NT device path>) has opened key <KEY>" — the path may itself hold parentheses. */
export const LEAK_PROCESS_LINE = /Process\s+(\d+)\s+\((.*)\)\s+has opened key/i;

export const GUID = /\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;
/** "CLSID {…}" as .NET and COM+ texts write it. */
export const CLSID_IN_TEXT = /CLSID\s*\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;

/**
 * The system message of ERROR_KEY_DELETED (1018) in the languages we could source from a real Windows
 * rendering. `match` is the part every sourced rendering of the language shares (Windows versions word
 * it slightly differently); `phrase` is one whole rendering, for the tests. Microsoft's localized
 * "System Error Codes" pages are machine translations, not the system text (the ru-RU page reads
 * "Попытка выполнить недопустимую операцию для раздела реестра, помеченного для удаления."), so they are
 * not a source. Languages Windows Server ships but not listed here could not be sourced.
 */
export const LOCALIZED_KEY_DELETED: readonly {
  language: string;
  phrase: string;
  match: string;
  source: string;
}[] = [
  {
    language: 'ru-RU',
    phrase: 'Попытка произвести недопустимую операцию над параметром реестра, отмеченным для удаления.',
    match: 'над параметром реестра, отмеченным для удаления',
    source:
      'issue 9 (a real Russian server); the same text in public code that maps Russian Windows exception messages back to English',
  },
  {
    language: 'zh-CN',
    phrase: '试图在标记为删除的注册表项上进行不合法的操作',
    match: '在标记为删除的注册表项上',
    source:
      'a developer note quoting the exception a zh-CN Windows raised on a deleted key; older Windows tables read "…上运行不合法的操作"',
  },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * ERROR_KEY_DELETED as text, in the order a failure's form is decided. A form never matches inside a
 * longer number or hex run, nor as the first group of a GUID.
 */
export const KEY_DELETED_FORMS: readonly { form: FailureForm; pattern: RegExp; source: string }[] = [
  {
    form: 'hresult-hex',
    pattern: /(?<![0-9a-f])(?:0x)?800703fa(?![0-9a-f]|-[0-9a-f]{4}-)/i,
    source: 'HRESULT_FROM_WIN32(ERROR_KEY_DELETED); COM+ and ASP.NET 1309 texts (event-formats.md)',
  },
  {
    form: 'hresult-decimal',
    pattern: /(?<![0-9a-z_.])(?:2147943418|-2147023878)(?![0-9a-z_]|[.,]\d)/i,
    source: '0x800703FA as unsigned / signed 32-bit decimal (WS-Management faults, .NET HResult)',
  },
  {
    form: 'symbolic',
    pattern: /(?<![0-9a-z_])error_key_deleted(?![0-9a-z_])/i,
    source: 'winerror.h symbol',
  },
  {
    form: 'ntstatus',
    pattern:
      /(?<![0-9a-z_])status_(?:key_deleted|hive_unloaded)(?![0-9a-z_])|(?<![0-9a-f])0xc000(?:017c|0425)(?![0-9a-f]|-[0-9a-f]{4}-)/i,
    source: 'ntstatus.h: STATUS_KEY_DELETED 0xC000017C, STATUS_HIVE_UNLOADED 0xC0000425',
  },
  {
    form: 'message',
    pattern: /marked for deletion|registry key which has already been unloaded/i,
    source:
      'English system messages of ERROR_KEY_DELETED / STATUS_KEY_DELETED and STATUS_HIVE_UNLOADED ("Illegal operation attempted on a registry key which has already been unloaded.", ntstatus.h)',
  },
  {
    form: 'localized',
    pattern: new RegExp(LOCALIZED_KEY_DELETED.map((l) => escapeRegExp(l.match)).join('|')),
    source: 'LOCALIZED_KEY_DELETED',
  },
];

/**
 * 0x800703FA as Windows stores a DWORD in `<Binary>`: little-endian, at a DWORD boundary. WAS 5011/5009
 * carry exactly one such DWORD (real 5011: `<Data Name="AppPoolID">…<Data Name="ProcessID">4528</Data>
 * <Binary>6D000780</Binary>`, Microsoft Q&A and IIS troubleshooting posts).
 */
export const KEY_DELETED_DWORD = 'FA030780';

/**
 * Host restarts: every process on the host is new afterwards. Provider names are written as Windows
 * writes them (compared case-insensitively; the reader's prefilter looks for them as written).
 */
export const HOST_RESTARTS: readonly { provider: string; eventId: number; reason: string }[] = [
  // EventLog 6005/6006 real in corpus/real windows-export System; 6008 (documented) has no corpus sample.
  { provider: 'EventLog', eventId: 6005, reason: 'host started' },
  { provider: 'EventLog', eventId: 6006, reason: 'host shut down' },
  { provider: 'EventLog', eventId: 6008, reason: 'host restarted after an unexpected shutdown' },
  // Kernel-General 12 (StartTime) / 13 (StopTime): real in corpus/real windows-export System.
  { provider: 'Microsoft-Windows-Kernel-General', eventId: 12, reason: 'host started' },
  { provider: 'Microsoft-Windows-Kernel-General', eventId: 13, reason: 'host shut down' },
  // 1531 "started successfully" / 1532 "has stopped": real in corpus/real Application.
  { provider: 'Microsoft-Windows-User Profiles Service', eventId: 1531, reason: 'host started' },
  { provider: 'Microsoft-Windows-User Profiles Service', eventId: 1532, reason: 'host shut down' },
];

/**
 * WAS events that end an IIS worker process (TechNet "IIS Application Pool Recycling", WAS 7.5). `pid`:
 * the message's insertion holding the worker's pid, `pool` the app pool's (1-based, as %1 %2).
 */
export const APP_POOL_RECYCLES = {
  provider: 'Microsoft-Windows-WAS',
  events: new Map<number, { why: string; pid?: number; pool: number }>([
    [5074, { why: 'worker reached its processing time limit', pid: 1, pool: 2 }],
    [5075, { why: 'worker reached its request limit', pid: 1, pool: 2 }],
    [5076, { why: 'scheduled recycle', pid: 1, pool: 2 }],
    [5077, { why: 'worker reached its virtual memory limit', pid: 1, pool: 2 }],
    [5078, { why: 'an ISAPI reported the worker unhealthy', pid: 1, pool: 2 }],
    [5079, { why: 'requested by an administrator', pool: 1 }],
    [5080, { why: 'configuration change', pool: 1 }],
    [5117, { why: 'worker reached a memory limit', pid: 1, pool: 2 }],
    [5186, { why: 'idle worker shut down', pid: 1, pool: 2 }],
  ]),
};

/** Security 4689 "A process has exited" (ProcessId in hex, ProcessName the full path; MS Learn event-4689). */
export const PROCESS_EXIT = { provider: 'Microsoft-Windows-Security-Auditing', eventId: 4689 };

export const SECURITY_PROVIDER = 'Microsoft-Windows-Security-Auditing';
export const LOGON_EVENT = 4624;
/** 4634 "An account was logged off" (with LogonType); 4647 "User initiated logoff" (without). */
export const LOGOFF_EVENTS: ReadonlySet<number> = new Set([4634, 4647]);

/**
 * Logon types whose session loads the identity's profile, so its logoff can unload the hive (MS Learn
 * event-4624 logon types): 2 interactive, 4 batch (scheduled task), 5 service, 10 remote interactive,
 * 11 cached interactive, 12 cached remote interactive. Not: 3 / 8 network (no profile), 9 new
 * credentials (keeps the caller's local identity), 7 / 13 unlock (no new session), 0 system.
 */
export const PROFILE_LOGON_TYPES: ReadonlySet<number> = new Set([2, 4, 5, 10, 11, 12]);

/** Identities whose hive is never unloaded at logoff: SYSTEM, LOCAL/NETWORK SERVICE, DWM/UMFD sessions, anonymous, null. */
export function isSystemSid(sid: string): boolean {
  return /^S-1-5-(?:18|19|20|7)$|^S-1-5-(?:90|96)-|^S-1-0-0$/i.test(sid.trim());
}
