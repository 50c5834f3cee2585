/** Look-alikes of the failure that must not become signals: other HRESULTs, "deleted", RestartManager's own 10006. */
import { dotNetCrash } from './corpus-application-events.ts';
import { aspNetError, complusEvent, complusText } from './corpus-server-errors.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import { SECURITY_AUDITING } from './security-events.ts';

export function nearMissText(w: CorpusWorld): EventSpec {
  const host = w.host();
  switch (w.rnd.int(0, 4)) {
    case 0:
      return complusEvent(w, host, complusText('0x80070005', 'Access is denied.'));
    case 1:
      return aspNetError(
        w,
        host,
        'UnauthorizedAccessException',
        'Retrieving the COM class factory for component with CLSID {00024500-0000-0000-C000-000000000046} failed due to the following error: 80070005 Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)).',
      );
    case 2:
      return dotNetCrash(
        w,
        'System.IO.IOException',
        ': The registry key was deleted or the file D:\\Reports\\cache\\page.tmp was deleted (0x800703F9).',
      );
    case 3: {
      const source = {
        name: 'Microsoft-Windows-RestartManager',
        guid: '{0888e5ef-9b98-4695-979d-e92ce4247224}',
      };
      const e = w.base(host, 'Application', source, 10006, {
        level: 3,
        keywords: '0x8000000000000000',
        userId: 'S-1-5-18',
      });
      e.userData = `<RmRemoveEvent xmlns='http://www.microsoft.com/2005/08/Windows/Reliability/RestartManager/'><RmSessionId>0</RmSessionId><nFiles>1</nFiles><Files><File>C:\\Windows\\SysWOW64\\dllhost.exe</File></Files></RmRemoveEvent>`;
      return e;
    }
    default: {
      const e = w.base(host, 'Security', SECURITY_AUDITING, 4660, {
        level: 0,
        task: 12800,
        keywords: '0x8020000000000000',
      });
      e.data = [
        { name: 'SubjectUserSid', value: w.account().sid },
        { name: 'ObjectServer', value: 'Security' },
        { name: 'HandleId', value: '0x1a4' },
        { name: 'ProcessName', value: 'C:\\Windows\\SysWOW64\\dllhost.exe' },
      ];
      e.message = 'An object was deleted.';
      e.rendering = { level: 'Information', task: 'File System' };
      return e;
    }
  }
}
