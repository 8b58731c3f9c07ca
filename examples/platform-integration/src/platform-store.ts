/**
 * The platform's own data, as a real platform keeps it in its database: the shops it lists
 * and whether they are online, and which regulator messages it has already handled. In memory
 * here; use your database (and make `markHandled` part of the same transaction as the work).
 */
export interface ListedShop {
  /** The platform's own shop id (`platformShopId` at the regulator). */
  id: string;
  name: string;
  online: boolean;
  takenDownAt: string | null;
  /** Set while the regulator has not approved the shop's return. */
  blockedByRegulator: boolean;
}

export interface RegulatorNotice {
  kind: 'lead' | 'relisting' | 'card';
  id: string;
  summary: string;
  receivedAt: string;
}

export class PlatformStore {
  readonly shops = new Map<string, ListedShop>();
  readonly notices: RegulatorNotice[] = [];
  readonly #handled = new Set<string>();

  addShop(id: string, name: string): ListedShop {
    const shop: ListedShop = { id, name, online: true, takenDownAt: null, blockedByRegulator: false };
    this.shops.set(id, shop);
    return shop;
  }

  /** True the first time an id is seen: webhooks are retried, so handle each `webhook-id` once. */
  markHandled(id: string): boolean {
    if (this.#handled.has(id)) return false;
    this.#handled.add(id);
    return true;
  }

  takeDown(shopId: string, at: Date): ListedShop | undefined {
    const shop = this.shops.get(shopId);
    if (!shop) return undefined;
    shop.online = false;
    shop.takenDownAt = at.toISOString();
    shop.blockedByRegulator = true;
    return shop;
  }

  /** Only a regulator-approved shop comes back online. */
  relist(shopId: string): ListedShop | undefined {
    const shop = this.shops.get(shopId);
    if (!shop) return undefined;
    shop.online = true;
    shop.blockedByRegulator = false;
    return shop;
  }
}
