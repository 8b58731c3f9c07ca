import type { Schema } from '@ezhili/contract';

type WithId<Event> = Event extends unknown
  ? Event & {
      /** The `webhook-id`: the same across retries of one message; de-duplicate on it. */
      id: string;
    }
  : never;

/**
 * A verified webhook from the regulator: the contract's event union (`WebhookEvent`, one payload
 * schema per webhook, discriminated by `type`) plus the `webhook-id`. Narrow on `type` to type
 * `data`: a `Lead` for `lead.created`, a `RelistingRequest` for `relisting.decided`, a
 * `PlatformCard` for `card.issued`.
 */
export type WebhookEvent = WithId<Schema<'WebhookEvent'>>;

export type WebhookEventType = WebhookEvent['type'];
