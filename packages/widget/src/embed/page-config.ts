import type { EvidenceLimits } from './evidence-checks.js';
import type { Locale } from './i18n.js';

/** What the server put on `<body data-*>` after checking the partner and the parent origin. */
export interface PageConfig {
  page: 'tip' | 'follow-up';
  locale: Locale;
  partnerId: string;
  /** The host page's origin, checked against the partner's allowed origins; empty when standalone. */
  parentOrigin: string | undefined;
  limits: EvidenceLimits;
  categories: string[];
  /** Which optional operations this server offers (reporter accounts, shop search, rewards). */
  features: { reporterAccounts: boolean; shopSearch: boolean; rewardClaim: boolean };
  theme: Record<string, string>;
  /** The partner's entry point the reporter came through (a deep link or `mount({ entryPoint })`). */
  entryPoint?: 'splash' | 'banner' | 'in_app';
}

function json<T>(text: string | undefined, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function readPageConfig(body: HTMLElement): PageConfig {
  const data = body.dataset;
  const features = json<Partial<PageConfig['features']>>(data.features, {});
  return {
    page: data.page === 'follow-up' ? 'follow-up' : 'tip',
    locale: data.locale === 'en' ? 'en' : 'zh-CN',
    partnerId: data.partner ?? '',
    parentOrigin: data.parentOrigin || undefined,
    limits: json<EvidenceLimits>(data.limits, {
      maxPhotoBytes: 20 * 1024 * 1024,
      maxVideoBytes: 200 * 1024 * 1024,
      maxFiles: 10,
      types: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'video/mp4', 'video/quicktime'],
    }),
    categories: json<string[]>(data.categories, ['other']),
    features: {
      reporterAccounts: features.reporterAccounts === true,
      shopSearch: features.shopSearch === true,
      rewardClaim: features.rewardClaim === true,
    },
    theme: json<Record<string, string>>(data.theme, {}),
    entryPoint:
      data.entry === 'splash' || data.entry === 'banner' || data.entry === 'in_app' ? data.entry : undefined,
  };
}
