import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { EVENT_STYLES, type EventSpec, renderFile } from '../../samples/render-events.ts';
import { securityLogoff, securityLogon, userSid } from '../../samples/security-events.ts';
import { at, signalsFrom } from './sample-signals.ts';

const APP01 = 'APP01.corp.example.net';
const SVC = { sid: userSid(1207), user: 'svc_orders', domain: 'CORP', logonId: '0x14a321' };
const c = (recordId: number) => ({ computer: APP01, time: at(recordId), recordId });

describe('logon (Security 4624, MS Learn event-4624 fields)', () => {
  it('an RDP logon of the service identity keeps who, from where, and the logon id that joins its logoff', async () => {
    const spec = securityLogon({ ...c(1), ...SVC, logonType: 10, ipAddress: '10.1.2.3' });
    expect(await signalsFrom([spec], { style: 'wevtutil' }, { decode: 'candidates' })).toEqual([
      {
        kind: 'logon',
        host: 'app01',
        hostFqdn: APP01,
        time: spec.timeCreated.replace(/Z$/, '00Z'),
        sid: SVC.sid,
        account: 'CORP\\svc_orders',
        logonId: '0x14a321',
        logonType: 10,
        ip: '10.1.2.3',
        workstation: 'ADMIN-PC04',
        evidence: expect.objectContaining({ eventId: 4624, channel: 'Security' }),
      },
    ]);
  });

  it('"-" for address and workstation (a service logon) means absent', async () => {
    const [logon] = await signalsFrom([securityLogon({ ...c(1), ...SVC, logonType: 5 })]);
    expect(logon).toMatchObject({ kind: 'logon', logonType: 5 });
    expect(logon).not.toHaveProperty('ip');
    expect(logon).not.toHaveProperty('workstation');
  });

  it.each([2, 4, 5, 10, 11, 12])('logon type %i loads the profile: kept', async (logonType) => {
    expect(
      await signalsFrom(
        [securityLogon({ ...c(1), ...SVC, logonType })],
        { style: 'wevtutil' },
        { decode: 'candidates' },
      ),
    ).toHaveLength(1);
  });

  it.each([0, 3, 7, 8, 9, 13])(
    'logon type %i loads no profile of its own: dropped, even when every event is decoded',
    async (logonType) => {
      expect(
        await signalsFrom(
          [securityLogon({ ...c(1), ...SVC, logonType })],
          { style: 'wevtutil' },
          { decode: 'all' },
        ),
      ).toEqual([]);
    },
  );

  it.each([
    ['SYSTEM', 'S-1-5-18'],
    ['LOCAL SERVICE', 'S-1-5-19'],
    ['NETWORK SERVICE', 'S-1-5-20'],
    ['DWM-2 (Window Manager, corpus/real)', 'S-1-5-90-0-2'],
    ['UMFD-0 (Font Driver Host, corpus/real)', 'S-1-5-96-0-0'],
    ['ANONYMOUS LOGON', 'S-1-5-7'],
  ])('%s never has its hive unloaded: dropped', async (_, sid) => {
    const logon = securityLogon({ ...c(1), sid, user: 'x', logonId: '0x3e7', logonType: 2 });
    const logoff = securityLogoff({ ...c(2), sid, user: 'x', logonId: '0x3e7', eventId: 4634, logonType: 2 });
    expect(await signalsFrom([logon, logoff], { style: 'wevtutil' }, { decode: 'all' })).toEqual([]);
  });
});

describe('logoff (Security 4634 with LogonType, 4647 without)', () => {
  it('4647 user-initiated logoff (corpus/real layout: TargetUserSid/Name/Domain/LogonId only)', async () => {
    const spec = securityLogoff({ ...c(3), ...SVC, eventId: 4647 });
    const [logoff] = await signalsFrom([spec], { style: 'wevtutil' }, { decode: 'candidates' });
    expect(logoff).toMatchObject({
      kind: 'logoff',
      sid: SVC.sid,
      account: 'CORP\\svc_orders',
      logonId: '0x14a321',
    });
    expect(logoff).not.toHaveProperty('logonType');
  });

  it('4634 of an interactive session is kept; of a network session, dropped', async () => {
    const interactive = securityLogoff({ ...c(4), ...SVC, eventId: 4634, logonType: 2 });
    const network = securityLogoff({ ...c(5), ...SVC, eventId: 4634, logonType: 3 });
    const found = await signalsFrom([interactive, network], { style: 'wevtutil' }, { decode: 'candidates' });
    expect(found).toEqual([expect.objectContaining({ kind: 'logoff', logonType: 2 })]);
  });

  it('libevtx pads the logon id (0x000000000014a321, corpus/real evtxexport): it still joins the Windows rendering', async () => {
    const padded = securityLogoff({ ...c(6), ...SVC, logonId: '0x000000000014A321', eventId: 4647 });
    const [logoff] = await signalsFrom([padded]);
    expect(logoff).toMatchObject({ logonId: '0x14a321' });
  });

  it('a logon id that is not hex makes no signal', async () => {
    expect(await signalsFrom([securityLogoff({ ...c(7), ...SVC, logonId: 'n/a', eventId: 4647 })])).toEqual(
      [],
    );
  });
});

describe('the prefilter decodes a logon or logoff exactly when it can be a signal', () => {
  const specs: EventSpec[] = [];
  let record = 0;
  for (const sid of ['S-1-5-18', 'S-1-5-20', 'S-1-5-90-0-1', SVC.sid]) {
    for (const logonType of [0, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]) {
      specs.push(securityLogon({ ...c(++record), ...SVC, sid, logonType }));
      specs.push(securityLogoff({ ...c(++record), ...SVC, sid, eventId: 4634, logonType }));
    }
    specs.push(securityLogoff({ ...c(++record), ...SVC, sid, eventId: 4647 }));
  }
  for (const style of EVENT_STYLES) {
    it(`${style}: candidates give the same signals as decoding all`, async () => {
      const all = await signalsFrom(specs, { style }, { decode: 'all' });
      const candidates = await signalsFrom(specs, { style }, { decode: 'candidates' });
      expect(candidates).toEqual(all);
      expect(all).toHaveLength(6 * 2 + 1);
      // Only the events that are signals were decoded: a busy Security log is mostly skipped.
      const read = await readSignals(renderFile(specs, { style }), { name: 'security.xml' });
      expect(read.stats.decoded).toBe(6 * 2 + 1);
    });
  }
});
