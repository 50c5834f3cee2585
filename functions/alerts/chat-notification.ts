import { z } from 'zod';

/**
 * Amazon Q Developer in chat applications' (formerly AWS Chatbot) custom notification, as documented in
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html: `version` must be "1.0", `source` must be
 * "custom", `textType` supports only "client-markdown" (rendered in the chat platform's own markdown); `metadata`
 * carries the thread, a summary, an event type and free key/value context. Anything else is not shown in chat.
 */
export const ChatNotificationSchema = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().optional(),
  content: z.strictObject({
    textType: z.literal('client-markdown'),
    title: z.string().optional(),
    description: z.string(),
    nextSteps: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
  }),
  metadata: z
    .strictObject({
      threadId: z.string().optional(),
      summary: z.string().optional(),
      eventType: z.string().optional(),
      relatedResources: z.array(z.string()).optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
export type ChatNotification = z.infer<typeof ChatNotificationSchema>;

export interface ChatParts {
  /** Our words with log text already escaped (chatText / chatCode). */
  title: string;
  description: readonly string[];
  nextSteps?: readonly string[];
  keywords?: readonly string[];
  /** Groups a notification with its later ones in one chat thread (an incident id, a host). */
  threadId: string;
  /** A unique id of this notification (the same on a repeat publish). */
  id: string;
  summary: string;
  eventType: string;
  context: Record<string, string>;
}

/** The chat client truncates long cards; the full text stays in the email and in `hivewatch incidents show`. */
const DescriptionLimit = 3_500;
const StepLimit = 1_000;
const Keywords = 5;

/** A custom notification from its parts, kept within what a chat card shows. */
export function chatNotification(parts: ChatParts): ChatNotification {
  const description = withinLimit(parts.description, DescriptionLimit);
  return {
    version: '1.0',
    source: 'custom',
    id: parts.id,
    content: {
      textType: 'client-markdown',
      title: parts.title,
      description,
      ...(parts.nextSteps?.length
        ? { nextSteps: parts.nextSteps.map((step) => withinLimit([step], StepLimit)) }
        : {}),
      ...(parts.keywords?.length ? { keywords: [...new Set(parts.keywords)].slice(0, Keywords) } : {}),
    },
    metadata: {
      threadId: parts.threadId,
      summary: parts.summary,
      eventType: parts.eventType,
      additionalContext: parts.context,
    },
  };
}

/** Whole lines up to the limit (a cut inside an inline code span would let markup through), then "…". */
function withinLimit(lines: readonly string[], limit: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > limit) return [...kept, '…'].join('\n');
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}
