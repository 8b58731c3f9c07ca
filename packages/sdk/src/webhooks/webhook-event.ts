import type { Schema } from '@ezhili/contract';

interface EventBase<Type extends Schema<'WebhookEventType'>, Data> {
  /** The `webhook-id`: the same across retries of one message; de-duplicate on it. */
  id: string;
  type: Type;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: Data;
}

/** A verified webhook from the regulator. */
export type WebhookEvent =
  | EventBase<'lead.created', Schema<'Lead'>>
  | EventBase<'relisting.decided', Schema<'RelistingRequest'>>
  | EventBase<'card.issued', Schema<'PlatformCard'>>;

export type WebhookEventType = WebhookEvent['type'];
