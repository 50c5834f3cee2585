/**
 * The DynamoDB tables as both the functions and the CDK stack (lib/) see them: one source for key names,
 * index names and TTL attributes, so the two can never drift.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexSchema {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /**
   * `KEYS_ONLY`: an incident is rewritten with every object that adds failures, and an index projecting whole items
   * would be rewritten with it; readers fetch the items by key after the query. `{ include }`: the keys and these
   * few attributes, when readers need only those (the index item stays under 1 KB: one write unit).
   */
  readonly projection: 'KEYS_ONLY' | { readonly include: readonly string[] };
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly ttlAttribute?: string;
  readonly indexes: readonly IndexSchema[];
}

/**
 * What hivewatch keeps per host, per identity and per channel, all small and bounded (docs/pipeline.md):
 * - `host#<host>` / `state`: the host's state (compressed), its version, the incidents it gives;
 * - `host#<host>` / `sid#<SID>`: the latest logons and logoffs of one identity on the host;
 * - `cov#<computer>|<channel>` / `<yyyy-mm-ddThh>` or `long`: the record-id runs already counted (de-duplication);
 * - `fleet` / `<host>`: each shipping host's last object and last event, its silences and their notices (one
 *   partition, so the sweeper lists the fleet with one paged query).
 */
export const StateTableSchema = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  ttlAttribute: 'expiresAt',
  indexes: [],
} as const satisfies TableSchema;

/** The partition of the state table that holds one item per shipping host. */
export const FleetPartition = 'fleet';

/** GSI of the incidents table: incidents of one status (at-risk, open, resolved, cleared, superseded) by leak time. */
export const IncidentsByStatusIndex = {
  indexName: 'byStatus',
  partitionKey: { name: 'status', type: 'S' },
  sortKey: { name: 'leakAt', type: 'S' },
  projection: 'KEYS_ONLY',
} as const satisfies IndexSchema;

/** GSI of the incidents table: incidents of one host by leak time. */
export const IncidentsByHostIndex = {
  indexName: 'byHost',
  partitionKey: { name: 'host', type: 'S' },
  sortKey: { name: 'leakAt', type: 'S' },
  projection: 'KEYS_ONLY',
} as const satisfies IndexSchema;

/** Incidents keyed by their deterministic id (host + anchoring leak); the alert outbox lives on the item. */
export const IncidentsTableSchema = {
  partitionKey: { name: 'id', type: 'S' },
  indexes: [IncidentsByStatusIndex, IncidentsByHostIndex],
} as const satisfies TableSchema;

/**
 * GSI of the ingest table: the objects of one shipping host by ingestion time, with the counts `hivewatch hosts`
 * sums per day. Only records with a `shipper` are in it (a sparse index).
 */
export const IngestByShipperIndex = {
  indexName: 'byShipper',
  partitionKey: { name: 'shipper', type: 'S' },
  sortKey: { name: 'ingestedAt', type: 'S' },
  projection: { include: ['events', 'errors', 'latestEventAt'] },
} as const satisfies IndexSchema;

/** One record per ingested S3 object: what the reader found and rejected, and which host shipped it. */
export const IngestTableSchema = {
  partitionKey: { name: 'key', type: 'S' },
  ttlAttribute: 'expiresAt',
  indexes: [IngestByShipperIndex],
} as const satisfies TableSchema;

/** Every table the pipeline uses, by the environment variable that carries its name. */
export const PipelineTables = {
  STATE_TABLE: StateTableSchema,
  INCIDENTS_TABLE: IncidentsTableSchema,
  INGEST_TABLE: IngestTableSchema,
} as const satisfies Record<string, TableSchema>;
