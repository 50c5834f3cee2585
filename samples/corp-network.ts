/**
 * The sample forest the corpus and the storm are drawn from: CORP's servers and workstations and the
 * people and service accounts that log on to them (accents, CJK and Polish names on purpose).
 */
export interface Host {
  short: string;
  fqdn: string;
  ip: string;
  role: 'app' | 'web' | 'sql' | 'dc' | 'file' | 'ws';
}

export interface Account {
  name: string;
  domain: string;
  sid: string;
}

export const DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820';
export const DNS_DOMAIN = 'corp.example.net';

function hosts(): Host[] {
  const out: Host[] = [];
  const add = (prefix: string, role: Host['role'], count: number, net: number) => {
    for (let i = 1; i <= count; i++) {
      const short = `${prefix}${String(i).padStart(2, '0')}`;
      out.push({ short, fqdn: `${short}.${DNS_DOMAIN}`, ip: `10.20.${net}.${10 + i}`, role });
    }
  };
  add('APP', 'app', 12, 1);
  add('WEB', 'web', 8, 2);
  add('SQL', 'sql', 4, 3);
  add('DC', 'dc', 3, 4);
  add('FS', 'file', 3, 5);
  add('WS-', 'ws', 30, 6);
  return out;
}

export const CORP_HOSTS: readonly Host[] = hosts();

const PEOPLE = [
  'jsmith',
  '山田太郎',
  'Łukasz.Wróbel',
  'akowalski',
  'mgarcia',
  'jose.muller',
  'lukasz.zielinski',
  'yamada.taro',
  'sofia.andersson',
  'o.brien',
  'nguyen.van.an',
  'francois.lefevre',
  'svc_complus',
  'svc_reports',
  'svc_iispool',
  'svc_sql',
  'svc_backup',
  'administrator',
  'helpdesk01',
  'ana.pereira',
  'zoe.müller',
  'björn.svensson',
];

export const CORP_ACCOUNTS: readonly Account[] = PEOPLE.map((name, i) => ({
  name,
  domain: 'CORP',
  sid: `${DOMAIN_SID}-${1104 + i * 7}`,
}));

/** The computer account a host authenticates with on the network (`APP01$`), one RID per host. */
export function machineAccount(host: Host): Account {
  return { name: `${host.short}$`, domain: 'CORP', sid: `${DOMAIN_SID}-${2100 + CORP_HOSTS.indexOf(host)}` };
}

/**
 * Built-in identities as Security events name them (real corpus 4624s: SYSTEM with logon id 0x3e7,
 * DWM-n / UMFD-n window-manager and font-driver sessions, ANONYMOUS LOGON network logons).
 */
export const WELL_KNOWN = {
  system: { name: 'SYSTEM', domain: 'NT AUTHORITY', sid: 'S-1-5-18', logonId: '0x3e7' },
  localService: { name: 'LOCAL SERVICE', domain: 'NT AUTHORITY', sid: 'S-1-5-19', logonId: '0x3e5' },
  networkService: { name: 'NETWORK SERVICE', domain: 'NT AUTHORITY', sid: 'S-1-5-20', logonId: '0x3e4' },
  anonymous: { name: 'ANONYMOUS LOGON', domain: 'NT AUTHORITY', sid: 'S-1-5-7' },
  windowManager: { name: 'DWM-1', domain: 'Window Manager', sid: 'S-1-5-90-0-1' },
  fontDriver: { name: 'UMFD-1', domain: 'Font Driver Host', sid: 'S-1-5-96-0-1' },
} as const satisfies Record<string, Account & { logonId?: string }>;

export function hostNamed(short: string): Host {
  const host = CORP_HOSTS.find((h) => h.short === short);
  if (!host) throw new RangeError(`no host ${short} in the sample forest`);
  return host;
}
