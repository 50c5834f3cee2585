import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB operations under the document client's commands, as the middleware stack names them. */
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'ScanCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

interface Consumed {
  CapacityUnits?: number;
}

/**
 * Asks DynamoDB for the capacity every call consumes (ReturnConsumedCapacity TOTAL) and adds it up, reads and
 * writes apart: what on-demand DynamoDB would bill. A call that fails (a lost conditional write) is not counted:
 * DynamoDB Local reports nothing for it, where DynamoDB would bill it.
 */
export class CapacityMeter {
  private reads = 0;
  private writes = 0;

  constructor(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? '';
        const counted = READS.has(name) || WRITES.has(name);
        if (counted) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (counted) {
          const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
          const units = [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
          if (READS.has(name)) this.reads += units;
          else this.writes += units;
        }
        return result;
      },
      { step: 'initialize', name: 'capacityMeter' },
    );
  }

  reset(): void {
    this.reads = 0;
    this.writes = 0;
  }

  totals(): { readUnits: number; writeUnits: number } {
    return { readUnits: this.reads, writeUnits: this.writes };
  }
}
