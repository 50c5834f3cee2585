import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { IngestTableSchema } from '../../functions/storage/table-schema.ts';
import { createLocalResources, createTableInput, localResourceNames } from '../../local/resources.ts';
import { useLocalServices } from '../local/services.ts';

const local = useLocalServices();

describe('a data folder from before the shipper index', () => {
  it('gets the index on the next start, so `hivewatch hosts --local` can query it', async () => {
    const names = localResourceNames(`old${randomBytes(3).toString('hex')}`);
    const { dynamodb } = local.services();
    // the ingest table as an earlier version created it: no index
    await dynamodb.send(
      new CreateTableCommand(
        createTableInput(names.tables.INGEST_TABLE, { ...IngestTableSchema, indexes: [] }),
      ),
    );
    await createLocalResources(local.services(), names);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: names.tables.INGEST_TABLE }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection])).toEqual([
      ['byShipper', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['events', 'errors', 'latestEventAt'] }],
    ]);
  });
});
