import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertClaim } from '../alerts/incident-store.port.ts';
import { IncidentsTableSchema } from './table-schema.ts';

const idName = IncidentsTableSchema.partitionKey.name;

/**
 * The outbox entries on an incident item (`alerts.<key>`): pending → sending (one claimant, with a lease) → sent.
 * Each write also bumps the item's version, so a recomputation that read the item earlier must read it again.
 */
export class DynamoDbOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The item after the claim, or undefined when another invocation holds it or it is not due. */
  async claim(id: string, key: string, claim: AlertClaim): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: id },
          UpdateExpression:
            'SET #a.#k.#state = :sending, #a.#k.#claim = :token, #a.#k.claimedAt = :now, #a.#k.attempts = #a.#k.attempts + :one, #version = #version + :one',
          ConditionExpression:
            'attribute_exists(#a.#k) AND #status <> :superseded AND ' +
            '(#a.#k.#state = :pending OR (#a.#k.#state = :sending AND #a.#k.claimedAt < :expired))',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#a': 'alerts',
            '#k': key,
            '#state': 'state',
            '#claim': 'claim',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':superseded': 'superseded',
            ':token': claim.token,
            ':now': claim.now.toISOString(),
            ':expired': claim.leaseExpiredBefore,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async complete(id: string, key: string, token: string, messageId: string, now: Date): Promise<boolean> {
    return this.onClaim(id, key, token, {
      UpdateExpression:
        'SET #a.#k.#state = :sent, #a.#k.messageId = :messageId, #a.#k.sentAt = :now, #version = #version + :one REMOVE #a.#k.lastError',
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString() },
    });
  }

  async release(id: string, key: string, token: string, reason: string): Promise<void> {
    await this.onClaim(id, key, token, {
      UpdateExpression:
        'SET #a.#k.#state = :pending, #a.#k.lastError = :reason, #version = #version + :one REMOVE #a.#k.#claim, #a.#k.claimedAt',
      ExpressionAttributeValues: { ':pending': 'pending', ':reason': reason.slice(0, 500) },
    });
  }

  /** An update that only the holder of the claim can make. */
  private async onClaim(
    id: string,
    key: string,
    token: string,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: id },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#a.#k.#state = :sendingState AND #a.#k.#claim = :token',
          ExpressionAttributeNames: {
            '#a': 'alerts',
            '#k': key,
            '#state': 'state',
            '#claim': 'claim',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':sendingState': 'sending',
            ':token': token,
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
