/** COM+ and ASP.NET error events of the corpus, shared by the real failures and their look-alikes. */
import type { Host } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';

export function complusText(code: string, meaning: string): string {
  return (
    'Server Application ID: {5D2F9E1A-3C4B-4A8E-9F10-2B7C6D8E0A13}\nServer Application Instance ID:\n' +
    '{7C0E4B2A-1D3F-4E5A-8B6C-9D0E1F2A3B4C}\nServer Application Name: XRC\n' +
    `Error Code = ${code} : ${meaning}\nCOM+ Services Internals Information:\n` +
    'File: d:\\w7rtm\\com\\complus\\src\\comsvcs\\events\\evregistrar.cpp, Line: 403\nComsvcs.dll file version: ENU 2001.12.8530.16385 shp'
  );
}

/** A COM+ error from the classic `COM+` source or the manifest provider, half each. */
export function complusEvent(w: CorpusWorld, host: Host, text: string): EventSpec {
  const modern = w.rnd.chance(0.5);
  const provider = modern
    ? {
        name: 'Microsoft-Windows-Complus',
        guid: '{0FF1E3C9-9B6A-4E4E-8AA1-2F3E0B0D0C5B}',
        eventSourceName: 'COM+',
      }
    : { name: 'COM+' };
  const e = w.base(host, 'Application', provider, w.rnd.pick([4689, 4689, 4691, 4794]), {
    qualifiers: 49152,
    level: 2,
    task: 110,
    classic: !modern,
  });
  e.data = [modern ? { name: 'param1', value: text } : { value: text }];
  return e;
}

/** ASP.NET 1309 with its ~30 unnamed Data (event-formats.md): 19th the exception message. */
export function aspNetError(w: CorpusWorld, host: Host, exceptionType: string, message: string): EventSpec {
  const e = w.base(host, 'Application', { name: 'ASP.NET 4.0.30319.0' }, 1309, {
    qualifiers: 32768,
    level: 3,
    task: 3,
  });
  const pool = w.rnd.pick(['ReportsPool', 'Portal.Web', 'API (v2)']);
  const values = [
    '3005',
    'An unhandled exception has occurred.',
    '5/10/2026 9:14:03 AM',
    '5/10/2026 7:14:03 AM',
    w.rnd.hex(32),
    '17',
    '1',
    '0',
    `/LM/W3SVC/2/ROOT/Reports-1-${w.rnd.int(1e9, 2e9)}`,
    'Full',
    '/Reports',
    'D:\\inetpub\\Reports\\',
    host.short,
    '',
    String(w.rnd.int(1000, 30000)),
    'w3wp.exe',
    `IIS APPPOOL\\${pool}`,
    exceptionType,
    message,
    `https://${host.fqdn.toLowerCase()}:443/Reports/Render.aspx?id=${w.rnd.int(1, 9999)}&fmt=pdf`,
    '/Reports/Render.aspx',
    w.host('ws').ip,
    'CORP\\jsmith',
    'True',
    'Negotiate',
    `IIS APPPOOL\\${pool}`,
    String(w.rnd.int(5, 80)),
    `IIS APPPOOL\\${pool}`,
    'False',
    '   at Contoso.Reports.Render.Page_Load(Object sender, EventArgs e)\r\n   at System.Web.UI.Control.OnLoad(EventArgs e)',
  ];
  e.data = values.map((value) => ({ value }));
  return e;
}
