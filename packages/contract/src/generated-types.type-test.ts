/**
 * Type-level tests of the generated contract types, checked by `tsc` (`npm run typecheck`): each
 * `@ts-expect-error` below fails the type check if the line under it ever compiles, i.e. if a
 * generated type became loose (`unknown`) where the contract knows the shape (issue 13).
 */
import type { RequestBody, Schema, WebhookEvent } from './index.js';

type TipSubmission = RequestBody<'submitTip'>;
const tip = {
  description: 'Raw meat next to cooked food',
  districtCode: '350102',
  category: 'unhygienic_kitchen',
  observedAt: '2026-01-05T08:00:00Z',
};

export const shopOnPlatform: TipSubmission = {
  ...tip,
  shop: { platformId: 'plt_demo', platformShopId: 's1' },
};
export const shopByAddress: TipSubmission = { ...tip, shop: { name: 'Mingxing', address: '1 Gulou Rd' } };

// @ts-expect-error a shop is an object, not a number
export const shopNumber: TipSubmission = { ...tip, shop: 42 };
// @ts-expect-error a shop needs platform and shop id, or name and address
export const shopHalf: TipSubmission = { ...tip, shop: { name: 'Mingxing' } };
// @ts-expect-error a shop takes no other properties
export const shopExtra: TipSubmission = { ...tip, shop: { name: 'M', address: 'A', phone: '110' } };
// @ts-expect-error shop ids are strings
export const shopIdNumber: TipSubmission = { ...tip, shop: { platformId: 'plt_demo', platformShopId: 7 } };

/** Each webhook's `type` decides the shape of its `data`: narrowing on it types `data`. */
export function announced(event: WebhookEvent): string {
  switch (event.type) {
    case 'lead.created':
      return event.data.requestedAction satisfies Schema<'Lead'>['requestedAction'];
    case 'relisting.decided':
      return event.data.status satisfies Schema<'RelistingRequest'>['status'];
    case 'card.issued':
      return event.data.color satisfies Schema<'PlatformCard'>['color'];
    default:
      return event satisfies never;
  }
}

declare const card: Schema<'PlatformCard'>;
// @ts-expect-error a lead.created event carries a Lead, not a card
export const wrongData: Schema<'LeadCreatedEvent'> = { type: 'lead.created', timestamp: '', data: card };
// @ts-expect-error no such event type
export const wrongType: WebhookEvent = { type: 'lead.deleted', timestamp: '', data: card };
