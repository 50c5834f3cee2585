/**
 * How notifications are published:
 * - `text`: one plain-text message for every subscriber (email reads it as is);
 * - `chat`: SNS message structure — the text as `default` (email, SQS, Lambda…) and Amazon Q Developer's custom
 *   notification as `https`, the protocol its chat channels subscribe with — so each reads what it understands.
 */
export const ALERT_FORMATS = ['text', 'chat'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];
export const DEFAULT_ALERT_FORMAT: AlertFormat = 'text';
