import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentsTableSchema } from './table-schema.ts';

const idName = IncidentsTableSchema.partitionKey.name;

/**
 * One item per host in the incidents table (`host#<name>`, outside both GSIs): the largest signal count any
 * recomputation of the host was based on, and the ids of every incident ever stored for it. A computation
 * raises the head before writing; a new incident is created in one transaction with a check that the head was
 * not raised past its basis meanwhile. So a stale computation cannot add an incident after a fresher one
 * looked, and the fresher one sees — by a consistent read, not a GSI — every incident it must reconcile.
 */
export class DynamoDbHostHead {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  static keyOf(host: string): string {
    return `host#${host}`;
  }

  /** Raises the head to `basis`; the ids known for the host, or undefined when a fresher computation ran. */
  async raise(host: string, basis: number, now: Date): Promise<string[] | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: DynamoDbHostHead.keyOf(host) },
          UpdateExpression: 'SET basis = :basis, hostName = :host, updatedAt = :now',
          ConditionExpression: 'attribute_not_exists(#id) OR basis <= :basis',
          ExpressionAttributeNames: { '#id': idName },
          ExpressionAttributeValues: { ':basis': basis, ':host': host, ':now': now.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const ids = result.Attributes?.incidents;
      return ids instanceof Set ? [...ids].map(String).sort() : [];
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** The transaction item that records a new incident on the head, if the head is still at most `basis`. */
  recordIncident(host: string, id: string, basis: number) {
    return {
      Update: {
        TableName: this.tableName,
        Key: { [idName]: DynamoDbHostHead.keyOf(host) },
        UpdateExpression: 'ADD incidents :id',
        ConditionExpression: 'basis <= :basis',
        ExpressionAttributeValues: { ':id': new Set([id]), ':basis': basis },
      },
    };
  }
}
