import { defineSettings } from '../config/module-settings.js';

export interface RelistingSettings {
  /**
   * Platforms whose shop feed is authoritative ('*': every platform): a feed that puts a
   * taken-down, unapproved shop online loads, and the breach is recorded. Every other platform's
   * such feed is refused.
   */
  authoritativeFeeds: '*' | ReadonlySet<string>;
  /** How often each instance looks for shops online without approval; 0 turns it off. */
  reconcileIntervalMs: number;
}

export const RELISTING_SETTINGS = defineSettings('relisting', (read): RelistingSettings => {
  const feeds = read.optionalString('RELISTING_AUTHORITATIVE_FEEDS');
  return {
    authoritativeFeeds:
      feeds === '*'
        ? '*'
        : new Set(
            (feeds ?? '')
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          ),
    reconcileIntervalMs: read.int('RELISTING_RECONCILE_INTERVAL_MS', 3600_000, {
      min: 0,
      max: 7 * 86400_000,
    }),
  };
});

export function feedIsAuthoritative(settings: RelistingSettings, platformId: string): boolean {
  return settings.authoritativeFeeds === '*' || settings.authoritativeFeeds.has(platformId);
}
