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
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly ttlAttribute?: string;
  readonly indexes: readonly IndexSchema[];
}

/** Per-host signal stream: PK host (short name), SK `<event time, 9 digits>#<eventKey>`, so a duplicate event is the same item. */
export const SignalsTableSchema = {
  partitionKey: { name: 'host', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  ttlAttribute: 'expiresAt',
  indexes: [],
} as const satisfies TableSchema;

/** GSI of the incidents table: incidents of one status ('open' | 'resolved') by leak time. */
export const IncidentsByStatusIndex = {
  indexName: 'byStatus',
  partitionKey: { name: 'status', type: 'S' },
  sortKey: { name: 'leakAt', type: 'S' },
} as const satisfies IndexSchema;

/** GSI of the incidents table: incidents of one host by leak time. */
export const IncidentsByHostIndex = {
  indexName: 'byHost',
  partitionKey: { name: 'host', type: 'S' },
  sortKey: { name: 'leakAt', type: 'S' },
} as const satisfies IndexSchema;

/** Incidents keyed by their deterministic id (host + anchoring leak); the alert outbox lives on the item. */
export const IncidentsTableSchema = {
  partitionKey: { name: 'id', type: 'S' },
  indexes: [IncidentsByStatusIndex, IncidentsByHostIndex],
} as const satisfies TableSchema;

/** One record per ingested S3 object: what the reader found and rejected. */
export const IngestTableSchema = {
  partitionKey: { name: 'key', type: 'S' },
  ttlAttribute: 'expiresAt',
  indexes: [],
} as const satisfies TableSchema;

/** Every table the pipeline uses, by the environment variable that carries its name. */
export const PipelineTables = {
  SIGNALS_TABLE: SignalsTableSchema,
  INCIDENTS_TABLE: IncidentsTableSchema,
  INGEST_TABLE: IngestTableSchema,
} as const satisfies Record<string, TableSchema>;
