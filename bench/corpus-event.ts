/** The generator's own model of one event, rendered to XML by render-xml.ts. */
export interface CorpusEvent {
  provider: { name: string; guid?: string; eventSourceName?: string };
  eventId: number;
  qualifiers?: number;
  /** Classic events written by old sources omit Version, Opcode, Correlation and Execution. */
  classic?: boolean;
  version?: number;
  level: number;
  task: number;
  opcode?: number;
  /** Keywords as Windows writes them (unpadded, e.g. 0x80000000000000). */
  keywords: string;
  /** 100 ns ticks since the Unix epoch. */
  ticks: bigint;
  recordId: number;
  activityId?: string;
  pid?: number;
  tid?: number;
  channel: string;
  computer: string;
  userId?: string;
  eventData?: { name?: string; items: { name?: string; value: string }[]; binary?: string };
  /** Inner markup of <UserData>, already XML (single-quoted). */
  userData?: string;
  rendering?: {
    culture: string;
    message: string;
    level: string;
    task?: string;
    opcode?: string;
    keywords?: string[];
  };
}

/** What the generator meant an event to be, for the bench's ground truth. */
export type EventRole = 'ordinary' | 'leak' | 'failure' | 'near-miss';

export interface RoledEvent {
  event: CorpusEvent;
  role: EventRole;
}
