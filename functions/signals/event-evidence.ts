import { dataNamed, type EventRecord } from '../reader/event-record.ts';
import type { Evidence } from './signal.ts';

export interface EventLocation {
  /** File path or S3 key. */
  source: string;
  offset: number;
}

export function evidenceOf(event: EventRecord, where: EventLocation): Evidence {
  return {
    source: where.source,
    offset: where.offset,
    computer: event.computer,
    channel: event.channel,
    recordId: event.recordId,
    provider: event.provider.name,
    eventId: event.eventId,
  };
}

/** The event's provider name in lower case, for comparing with the rules. */
export function providerOf(event: EventRecord): string {
  return event.provider.name.toLowerCase();
}

/** Whether the event comes from the provider a rule names (any case). */
export function isFrom(event: EventRecord, provider: string): boolean {
  return event.provider.name.toLowerCase() === provider.toLowerCase();
}

/** dataNamed, trying the name as Windows writes it first: logons are frequent and carry ~25 Data. */
export function dataOf(event: EventRecord, name: string): string | undefined {
  for (const d of event.data) if (d.name === name) return d.value;
  return dataNamed(event, name);
}
