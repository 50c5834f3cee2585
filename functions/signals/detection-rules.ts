/**
 * The detection rules, in one place. A leak is Event 1530 of the User Profile Service naming a COM+
 * (dllhost.exe) or IIS (w3wp.exe) process; a failure is DCOM 10006 on a client, or any event whose text
 * carries ERROR_KEY_DELETED. See the detection contract in docs/design.md.
 */
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

/** `0x800703FA`, `800703fa`, `ERROR_KEY_DELETED`, "marked for deletion" — any case. */
export const KEY_DELETED_TEXT = /800703fa|error_key_deleted|marked for deletion/i;

/** Line 1 of the 1530 Detail: "<N> user registry handles leaked from \Registry\User\<SID>[_Classes]:". */
export const LEAK_HEADER = /(\d+)\s+user registry handles? leaked from\s+\\Registry\\User\\([^\s:\\]+)/i;
/** "Process <pid> (<NT device path>) has opened key <KEY>" — the path may itself hold parentheses. */
export const LEAK_PROCESS_LINE = /Process\s+(\d+)\s+\((.*)\)\s+has opened key/i;

export const GUID = /\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;
/** "CLSID {…}" as .NET and COM+ texts write it. */
export const CLSID_IN_TEXT = /CLSID\s*\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;
