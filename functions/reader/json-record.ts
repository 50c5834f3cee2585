import { hasEscape, jsonStringText } from './json-strings.ts';
import { FAILURE_TEXT } from './prefilter.ts';

/**
 * What one JSON record carries for the reader: the event XML (from whichever string field holds an
 * `<Event`, so a shipper's field name does not matter), the rendered message some shippers put beside
 * it (Fluent Bit `Message`, Winlogbeat and Vector `message`), and what explains a record without XML.
 * A CloudWatch Logs envelope is a container: each of its `logEvents` is a record of its own.
 */
export class JsonRecord {
  /** The event XML as UTF-8, escapes undone. */
  xml: Buffer | undefined;
  /** Where the XML was: `System`, `xml`, `event.original`, `logEvents[].message`… */
  xmlField = '';
  /** The rendered message's content as written between its quotes (undone only when needed). */
  message: Buffer | undefined;
  /** `messageType` of a CloudWatch Logs envelope. */
  messageType: string | undefined;
  /** Fluent Bit writes `"System":""` when it could not render the event. */
  emptySystem = false;
  /** Holds records of its own (a CloudWatch Logs envelope's logEvents). */
  container = false;
  /** Already reported: its XML string was too long or not valid JSON. */
  reported = false;

  constructor(
    /** Offset of the record's first byte (its `{`): every event and error it gives reports this offset. */
    readonly offset: number,
    readonly envelope?: JsonRecord,
  ) {}

  /**
   * Keeps the XML with its JSON escapes undone (its bytes as they are when it has none); a string that
   * is not valid JSON gives the reason instead.
   */
  setXml(content: Buffer, field: string): string | undefined {
    this.xmlField = field;
    if (!hasEscape(content)) {
      this.xml = content;
      return undefined;
    }
    try {
      this.xml = Buffer.from(jsonStringText(content), 'utf8');
      return undefined;
    } catch (err) {
      this.reported = true;
      return `the JSON string holding the event XML is not valid (${(err as Error).message}): skipped`;
    }
  }

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

  /** Failure text in the rendered message makes the event worth decoding even when its XML has none. */
  get messageHasFailureText(): boolean {
    const message = this.message;
    if (!message) return false;
    try {
      return FAILURE_TEXT.test(hasEscape(message) ? jsonStringText(message) : message.toString('latin1'));
    } catch {
      return false;
    }
  }

  /** The rendered message as text, or undefined when empty or not a valid JSON string. */
  renderedMessage(): string | undefined {
    if (!this.message || this.message.length === 0) return undefined;
    try {
      return jsonStringText(this.message) || undefined;
    } catch {
      return undefined;
    }
  }
}
