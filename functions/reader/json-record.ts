import { jsonStringText } from './json-strings.ts';
import { FAILURE_TEXT } from './prefilter.ts';

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
    return text !== undefined && FAILURE_TEXT.test(text);
  }

  /** The rendered message as text, or undefined when empty or not a valid JSON string. */
  renderedMessage(): string | undefined {
    if (!this.message || this.message.length === 0) return undefined;
    return jsonStringText(this.message) || undefined;
  }
}
