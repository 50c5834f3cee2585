/** A reader finding about the input: where it is (byte offset) and why it was not read. */
export interface ReaderError {
  kind: 'error';
  /** Byte offset in the decoded (decompressed) object, in its own encoding. */
  offset: number;
  reason: string;
  /** The reader stopped here; nothing after this offset was read. */
  fatal: boolean;
}

export function readerError(offset: number, reason: string, fatal = false): ReaderError {
  return { kind: 'error', offset, reason, fatal };
}

/** Thrown by the event parser on markup it will not read; the scanner turns it into a ReaderError. */
export class XmlSyntaxError extends Error {
  override readonly name: string = 'XmlSyntaxError';
  constructor(
    readonly reason: string,
    /** Index in the event text where the problem is. */
    readonly index: number,
  ) {
    super(`${reason} at index ${index}`);
  }
}

/** Markup declarations (DOCTYPE, ENTITY) are refused outright: nothing is ever expanded. */
export class RefusedXmlError extends XmlSyntaxError {
  override readonly name: string = 'RefusedXmlError';
}
