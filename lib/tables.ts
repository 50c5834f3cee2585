import type { RemovalPolicy } from 'aws-cdk-lib';
import { type Attribute, AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  type KeyAttribute,
  PipelineTables as PipelineTableSchemas,
  type TableSchema,
} from '../functions/storage/table-schema.ts';

/** The environment variable that carries a table's name to the functions. */
export type TableVariable = keyof typeof PipelineTableSchemas;

const attribute = (key: KeyAttribute): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/** One pipeline table built from the schema the functions read, so keys and indexes cannot drift. */
export class PipelineTable extends Construct {
  readonly table: Table;
  readonly variable: TableVariable;
  readonly schema: TableSchema;

  constructor(
    scope: Construct,
    id: string,
    props: { variable: TableVariable; removalPolicy: RemovalPolicy },
  ) {
    super(scope, id);
    this.variable = props.variable;
    this.schema = PipelineTableSchemas[props.variable];
    this.table = new Table(this, 'Table', {
      partitionKey: attribute(this.schema.partitionKey),
      ...(this.schema.sortKey ? { sortKey: attribute(this.schema.sortKey) } : {}),
      ...(this.schema.ttlAttribute ? { timeToLiveAttribute: this.schema.ttlAttribute } : {}),
      // On demand: ingest is bursty (shippers upload on a timer) and idle most of the time.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy,
    });
    for (const index of this.schema.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        ...(index.projection === 'KEYS_ONLY'
          ? { projectionType: ProjectionType.KEYS_ONLY }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.include] }),
      });
    }
  }

  /** The table and each of its indexes by name: grants never need `index/*`. */
  get resourceArns(): string[] {
    return [
      this.table.tableArn,
      ...this.schema.indexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`),
    ];
  }
}

/** The three tables of the pipeline: bounded per-host state, incidents (with the alert outbox), ingest records. */
export class PipelineTableSet extends Construct {
  readonly state: PipelineTable;
  readonly incidents: PipelineTable;
  readonly ingest: PipelineTable;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.state = new PipelineTable(this, 'State', { variable: 'STATE_TABLE', ...props });
    this.incidents = new PipelineTable(this, 'Incidents', { variable: 'INCIDENTS_TABLE', ...props });
    this.ingest = new PipelineTable(this, 'IngestRecords', { variable: 'INGEST_TABLE', ...props });
  }

  get all(): PipelineTable[] {
    return [this.state, this.incidents, this.ingest];
  }
}
