/** An object opened for streaming; the body is read once, front to back. */
export interface OpenedObject {
  readonly body: AsyncIterable<Uint8Array>;
  readonly size?: number;
  /** S3 Content-Encoding, e.g. `gzip` (the reader also recognises gzip by its magic bytes). */
  readonly contentEncoding?: string;
  readonly etag?: string;
}

/** Reads raw log objects (S3 in the pipeline). Never deletes or changes them. */
export interface ObjectReader {
  /** The object, or undefined when it no longer exists. */
  open(bucket: string, key: string): Promise<OpenedObject | undefined>;
}
