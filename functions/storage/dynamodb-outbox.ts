import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertClaim } from '../alerts/incident-store.port.ts';
import type { AlertKind } from '../alerts/stored-incident.ts';
import { IncidentsTableSchema } from './table-schema.ts';

const idName = IncidentsTableSchema.partitionKey.name;
const entryName: Record<AlertKind, string> = { opened: 'openedAlert', resolved: 'resolvedAlert' };

/**
 * The outbox entries on an incident item: pending → sending (one claimant, with a lease) → sent.
 * Each write also bumps the item's version, so a recomputation that read the item earlier must read it again.
 */
export class DynamoDbOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The item after the claim, or undefined when another invocation holds it or it is not due. */
  async claim(id: string, kind: AlertKind, claim: AlertClaim): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: id },
          UpdateExpression:
            'SET #e.#state = :sending, #e.#claim = :token, #e.claimedAt = :now, #e.attempts = #e.attempts + :one, #version = #version + :one',
          ConditionExpression:
            'attribute_exists(#e) AND #status <> :superseded AND ' +
            '(#e.#state = :pending OR (#e.#state = :sending AND #e.claimedAt < :expired))',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#e': entryName[kind],
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

  async complete(id: string, kind: AlertKind, token: string, messageId: string, now: Date): Promise<boolean> {
    return this.onClaim(id, kind, token, {
      UpdateExpression:
        'SET #e.#state = :sent, #e.messageId = :messageId, #e.sentAt = :now, #version = #version + :one REMOVE #e.lastError',
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString() },
    });
  }

  async release(id: string, kind: AlertKind, token: string, reason: string): Promise<void> {
    await this.onClaim(id, kind, token, {
      UpdateExpression:
        'SET #e.#state = :pending, #e.lastError = :reason, #version = #version + :one REMOVE #e.#claim, #e.claimedAt',
      ExpressionAttributeValues: { ':pending': 'pending', ':reason': reason.slice(0, 500) },
    });
  }

  /** An update that only the holder of the claim can make. */
  private async onClaim(
    id: string,
    kind: AlertKind,
    token: string,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: id },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#e.#state = :sendingState AND #e.#claim = :token',
          ExpressionAttributeNames: {
            '#e': entryName[kind],
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
