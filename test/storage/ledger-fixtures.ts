import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ContributionBuilder } from '../../functions/correlation/contribution.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { CoverageCache } from '../../functions/hosts/coverage-cache.ts';
import type { HostLedger } from '../../functions/hosts/host-ledger.port.ts';
import { type SavedIncident, updateHosts } from '../../functions/hosts/update-hosts.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { DynamoDbHostLedger } from '../../functions/storage/dynamodb-host-ledger.ts';
import type { LocalResources } from '../../local/resources.ts';

export const config = correlationConfig();

export function ledgerOn(
  resources: LocalResources,
  client: DynamoDBDocumentClient,
  now: () => Date,
): DynamoDbHostLedger {
  return new DynamoDbHostLedger({
    stateTable: resources.names.tables.STATE_TABLE,
    incidentsTable: resources.names.tables.INCIDENTS_TABLE,
    client,
    clock: now,
  });
}

/** What ingest does with one object's signals: de-duplicate against the stored runs, fold, commit (one group). */
export async function ingestSignals(
  ledger: HostLedger,
  signals: readonly Signal[],
  options: { now: () => Date; notifyAtRisk?: boolean } = { now: () => new Date('2026-11-17T12:30:00Z') },
): Promise<SavedIncident[]> {
  const cache = new CoverageCache(ledger);
  const builder = new ContributionBuilder(config, cache.known);
  for (const signal of signals) {
    await cache.ensure(
      signal.evidence.computer.toLowerCase(),
      signal.evidence.channel.toLowerCase(),
      signal.time,
    );
    builder.add(signal);
  }
  const contributions = builder.finish().filter((c) => c.admitted > 0);
  const runs = contributions.flatMap((c) => c.runs);
  await cache.ensureRuns(runs);
  const changes = contributions.flatMap((c) => [...c.states].map(([host, partial]) => ({ host, partial })));
  if (changes.length === 0) return [];
  return updateHosts(
    changes,
    { runs, buckets: cache.all() },
    {
      ledger,
      config,
      clock: options.now,
      notifyAtRisk: options.notifyAtRisk ?? false,
    },
  );
}
