import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../functions/alerts/alert-text.ts';
import { ChatNotificationSchema } from '../../functions/alerts/chat-notification.ts';
import type { AlertKind } from '../../functions/alerts/stored-incident.ts';
import { at, failure, restart, session } from '../correlation/signal-builders.ts';
import { hostileText, withLogText } from './hostile-text.ts';
import { incidentsOf, storedIncident, typicalSignals } from './stored-incidents.ts';

/*
 * The format is Amazon Q Developer in chat applications' custom notification, as documented in
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ("Event schema", "Parameter details"):
 * version "1.0", source "custom", content.textType "client-markdown", title, description, nextSteps, keywords, and
 * metadata.threadId / summary / eventType / additionalContext.
 */

const text = { showCommand: (id: string) => `npx hivewatch incidents show ${id}` };
const kinds: AlertKind[] = ['opened', 'reopened', 'at-risk', 'resolved'];

function incident(horizon = at('+5h')) {
  const [found] = incidentsOf(
    [
      session({
        kind: 'logon',
        recordId: 500,
        time: at('-72m'),
        logonId: '0xabc',
        logonType: 10,
        ip: '10.1.2.3',
      }),
      session({ kind: 'logoff', recordId: 501, time: at('-40s'), logonId: '0xabc', logonType: 10 }),
      ...typicalSignals(2),
      restart({ recordId: 50, time: at('+70m'), scope: 'process', pid: 2428, image: 'dllhost.exe' }),
      failure({ recordId: 70, time: at('+3h') }),
    ],
    horizon,
  );
  if (!found) throw new Error('no incident');
  return storedIncident(found);
}

describe('the chat variant (Amazon Q Developer custom notification)', () => {
  it('every kind follows the documented schema, threaded by incident', () => {
    const stored = incident();
    for (const kind of kinds) {
      const chat = ChatNotificationSchema.parse(alertMessage(stored, kind, text).chat);
      expect(chat).toMatchObject({
        version: '1.0',
        source: 'custom',
        id: `${stored.id}-${kind}`,
        content: { textType: 'client-markdown' },
        metadata: { threadId: stored.id, eventType: `hivewatch-incident-${kind}` },
      });
    }
  });

  it('the opened card: what, who logged off, identity, failures per client, the steps and the command', () => {
    const [found] = incidentsOf([
      session({
        kind: 'logon',
        recordId: 500,
        time: at('-72m'),
        logonId: '0xabc',
        logonType: 10,
        ip: '10.1.2.3',
      }),
      session({ kind: 'logoff', recordId: 501, time: at('-40s'), logonId: '0xabc', logonType: 10 }),
      ...typicalSignals(3),
    ]);
    if (!found) throw new Error('no incident');
    const chat = alertMessage(storedIncident(found), 'opened', text).chat;
    expect(chat?.content).toEqual({
      textType: 'client-markdown',
      title: ':rotating_light: COM+ application failing on app01',
      description: [
        "*What*: the COM+ application in `dllhost.exe` pid 2428 on `APP01.corp.example.net` fails since 2026-11-17 12:00:00 UTC with 0x800703FA (ERROR_KEY_DELETED): Windows unloaded its identity's hive (Event 1530).",
        '*Who logged off*: `CORP\\svc_orders` logged off at 10:59:20 UTC: a Remote Desktop session (logon type 10) from `10.1.2.3` that began at 09:48 UTC.',
        '*Identity*: `CORP\\svc_orders` (`S-1-5-21-1111-2222-3333-1004`), its `_Classes` hive',
        '*Failures*: 3 (`ws01` 1, `ws02` 1, `ws03` 1), last 2026-11-17 12:02:00 UTC',
        '*Incident*: `b9c6f7e3a22bb0ae` (open)',
      ].join('\n'),
      nextSteps: [
        'Shut down the COM+ application (Component Services → COM+ Applications → Shut down)',
        'Someone signed in to `app01` as `CORP\\svc_orders`, the identity the application runs as; signing out made Windows unload that identity\'s hive under the running application. Do not sign in with it: give `CORP\\svc_orders` the user rights "Deny log on locally" and "Deny log on through Remote Desktop Services".',
        'For good: set DisableForceUnload = 1 ("Do not forcefully unload the users registry at user logoff"), give the application a dedicated identity, and for IIS set "Load User Profile" to True',
        'Show it: `npx hivewatch incidents show b9c6f7e3a22bb0ae`',
      ],
      keywords: ['hivewatch', 'opened', 'app01', 'dllhost.exe'],
    });
  });

  it('the resolved card says what ended it; after a quiet end it says it may still be broken and to restart it', () => {
    const [ended] = incidentsOf(
      [
        ...typicalSignals(3),
        restart({ recordId: 50, time: at('+70m'), scope: 'process', pid: 2428, image: 'dllhost.exe' }),
      ],
      at('+3h'),
    );
    if (!ended) throw new Error('no incident');
    const restarted = alertMessage(storedIncident(ended), 'resolved', text).chat;
    expect(restarted?.content.title).toBe(':white_check_mark: COM+ application on app01 resolved');
    expect(restarted?.content.description.split('\n')[0]).toBe(
      '*What ended it*: `app pool DefaultAppPool recycled` (`dllhost.exe` pid 2428) at 2026-11-17 12:10:00 UTC, and no activation failed after it.',
    );
    const [quiet] = incidentsOf(typicalSignals(3), at('+3d'));
    if (!quiet) throw new Error('no incident');
    const chat = alertMessage(storedIncident(quiet), 'resolved', text).chat;
    expect(chat?.content.title).toBe(':hourglass: COM+ application on app01 quiet, may still be broken');
    expect(chat?.content.description.split('\n')[0]).toBe(
      '*What ended it*: No activation failed for 24 h since 2026-11-17 12:02:00 UTC, but no restart of `dllhost.exe` pid 2428 or of the host was seen: the application may still be broken, only unused.',
    );
    expect(chat?.content.nextSteps?.[0]).toBe(
      'Shut down the COM+ application (Component Services → COM+ Applications → Shut down)',
    );
  });

  it('text from the logs is inline code (or look-alikes in the title): no markup, mention or control gets through', () => {
    const benign = incident();
    const outsideCode = (s: string) => s.replace(/`[^`\n]*`/g, '');
    const markup = /[<>&*`|[\]_~:#]/g;
    const count = (s: string) => (outsideCode(s).match(markup) ?? []).length;
    const backticks = (s: string) => (s.match(/`/g) ?? []).length;
    fc.assert(
      fc.property(hostileText, fc.constantFrom(...kinds), (s, kind) => {
        const good = alertMessage(benign, kind, text).chat;
        const bad = alertMessage(
          { ...withLogText(benign, s), host: `x${s}`, process: `x${s}` },
          kind,
          text,
        ).chat;
        if (!good || !bad) throw new Error('no chat');
        const parts = (c: typeof good) => [
          c.content.title ?? '',
          c.content.description,
          ...(c.content.nextSteps ?? []),
        ];
        for (const [g, b] of parts(good).map((p, i) => [p, parts(bad)[i] ?? ''] as const)) {
          expect(count(b)).toBe(count(g));
          expect(backticks(b)).toBe(backticks(g));
          expect(b.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        }
        expect(ChatNotificationSchema.safeParse(bad).success).toBe(true);
      }),
    );
  });

  it('the card stays short whatever the logs hold: the description is cut at a line, never inside a code span', () => {
    const long = 'y'.repeat(5_000);
    const chat = alertMessage(withLogText(incident(), long), 'opened', text).chat;
    expect(chat?.content.description.length).toBeLessThanOrEqual(3_500);
    for (const line of chat?.content.description.split('\n') ?? []) {
      expect((line.match(/`/g) ?? []).length % 2).toBe(0);
    }
  });
});
