/**
 * The subject is alert text too (docs/hostile-input.md, "hostile-host-names"): a host or process name from the logs
 * reaches it as log text (plain-text.ts), so markup a mail or chat client could render never appears raw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../functions/alerts/alert-text.ts';
import { hostileText } from '../alerts/hostile-text.ts';
import { incidentsOf, storedIncident, typicalSignals } from '../alerts/stored-incidents.ts';
import { at, restart } from '../correlation/signal-builders.ts';

const text = { showCommand: (id: string) => `npx hivewatch incidents show ${id}` };

describe('the subject of every alert kind', () => {
  const [incident] = incidentsOf(
    [...typicalSignals(1), restart({ recordId: 9, time: at('+2h') })],
    at('+5h'),
  );
  if (!incident) throw new Error('no incident');
  const base = storedIncident(incident);

  it('shows no markup character of a hostile host or process name', () => {
    fc.assert(
      fc.property(
        hostileText,
        fc.constantFrom('opened', 'reopened', 'at-risk', 'resolved' as const),
        (name, kind) => {
          const { subject } = alertMessage({ ...base, host: `x${name}`, process: `y${name}` }, kind, text);
          expect(subject).not.toMatch(/[<>&*`|[\]]/);
          expect(subject).toMatch(/^[\x20-\x7e]+$/);
        },
      ),
    );
  });

  it('names an ordinary host as it is', () => {
    expect(alertMessage(base, 'opened', text).subject).toContain(` on ${base.host} - `);
  });
});
