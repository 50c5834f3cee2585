import { jsonStringText } from './json-strings.ts';
import { carriesFailureText, FAILURE_TEXT } from './prefilter.ts';

/**
 * What one JSON record carries for the reader: the event XML (from whichever string field holds an
 * `<Event`, so a shipper's field name does not matter), the rendered message some shippers put beside
 * it (Fluent Bit `Message`, Winlogbeat and Vector `message`), and what explains a record without XML.
 * A CloudWatch Logs envelope is a container: each of its `logEvents` is a record of its own. Strings
 * are kept as written between their quotes; their escapes are undone only where they are read.
 */
export class JsonRecord {
  /** The event XML's string content. */
  xml: Buffer | undefined;
  xmlEscaped = false;
  /** Where the XML was: `System`, `xml`, `event.original`, `logEvents[].message`… */
  xmlField = '';
  /** The rendered message's string content. */
  message: Buffer | undefined;
  /** `messageType` of a CloudWatch Logs envelope. */
  messageType: string | undefined;
  /** Fluent Bit writes `"System":""` when it could not render the event. */
  emptySystem = false;
  /** Holds records of its own (a CloudWatch Logs envelope's logEvents). */
  container = false;
  /** Already reported: its XML string was too long. */
  reported = false;

  constructor(
    /** Offset of the record's first byte (its `{`): every event and error it gives reports this offset. */
    readonly offset: number,
    readonly envelope?: JsonRecord,
  ) {}

  /** Control messages (CloudWatch Logs checking the destination) carry no events and are skipped. */
  get skipped(): boolean {
    return this.envelope?.messageType === 'CONTROL_MESSAGE' || this.messageType === 'CONTROL_MESSAGE';
  }

  /** Why a record gives no event, when it should have given one. */
  get missingReason(): string {
    if (this.emptySystem)
      return 'JSON record has an empty System field (Fluent Bit writes "" when it could not render the event): no event read';
    return 'JSON record carries no event XML (no string field starting with <Event; Vector and Winlogbeat need include_xml): skipped';
  }

  /**
   * Failure text in the rendered message makes the event worth decoding even when its XML has none.
   * The patterns are plain ASCII, so only a `\u` escape can hide one: the text is decoded only then.
   */
  get messageHasFailureText(): boolean {
    const message = this.message;
    if (!message || message.length === 0) return false;
    const raw = message.toString('latin1');
    if (FAILURE_TEXT.test(raw)) return true;
    if (!raw.includes('\\u')) return false;
    const text = jsonStringText(message);
    return text !== undefined && carriesFailureText(text);
  }

  /** The rendered message as text, or undefined when empty or not a valid JSON string. */
  renderedMessage(): string | undefined {
    if (!this.message || this.message.length === 0) return undefined;
    return jsonStringText(this.message) || undefined;
  }
}

/** The failure-text pattern, to find every match in many messages at once. */
const FAILURE_ANYWHERE = new RegExp(FAILURE_TEXT.source, 'gi');
/** Between messages: no failure text can run across it. */
const APART = Buffer.from([0]);

/**
 * Which records' rendered messages carry failure text: one pass of the pattern over all of them (a
 * pass per message costs more than the search), then a decode of the few whose `\u` escapes could
 * hide a pattern's character.
 */
export function messagesWithFailureText(records: readonly JsonRecord[]): Set<number> {
  const found = new Set<number>();
  const parts: Buffer[] = [];
  const starts: number[] = [];
  const indexes: number[] = [];
  let length = 0;
  for (const [index, record] of records.entries()) {
    const message = record.message;
    if (!message || message.length === 0) continue;
    starts.push(length);
    indexes.push(index);
    parts.push(message, APART);
    length += message.length + 1;
  }
  if (parts.length === 0) return found;
  const text = Buffer.concat(parts, length).toString('latin1');
  FAILURE_ANYWHERE.lastIndex = 0;
  for (let m = FAILURE_ANYWHERE.exec(text); m; m = FAILURE_ANYWHERE.exec(text)) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= m.index) lo = mid;
      else hi = mid - 1;
    }
    found.add(indexes[lo] as number);
  }
  for (const index of indexes) {
    const record = records[index] as JsonRecord;
    if (!found.has(index) && record.message?.includes('\\u') && record.messageHasFailureText)
      found.add(index);
  }
  return found;
}
