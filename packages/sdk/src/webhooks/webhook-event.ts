import type { WebhookEvent as ContractWebhookEvent } from '@ezhili/contract';

type WithId<Event> = Event extends unknown
  ? Event & {
      /** The `webhook-id`: the same across retries of one message; de-duplicate on it. */
      id: string;
    }
  : never;

/**
 * A verified webhook from the regulator: the contract's event union (`WebhookEvent`: every
 * webhook's own payload schema, discriminated by `type`) plus the `webhook-id`. Narrow on `type`
 * to type `data`: a `Lead` for `lead.created`, a `RelistingRequest` for `relisting.decided`, a
 * `PlatformCard` for `card.issued`.
 */
export type WebhookEvent = WithId<ContractWebhookEvent>;

export type WebhookEventType = WebhookEvent['type'];
