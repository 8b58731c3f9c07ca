import type { EmbedAssets } from './embed-assets.js';

export type EmbedPageName = 'tip' | 'follow-up';
export type EmbedLocale = 'zh-CN' | 'en';

/** What the page's script reads from `<body data-*>`; see packages/widget/src/embed/page-config.ts. */
export interface EmbedPageData {
  page: EmbedPageName;
  locale: EmbedLocale;
  partnerId: string;
  parentOrigin: string | undefined;
  limits: { maxPhotoBytes: number; maxVideoBytes: number; maxFiles: number; types: string[] };
  categories: string[];
  features: { reporterAccounts: boolean; shopSearch: boolean; rewardClaim: boolean };
  theme: Record<string, string>;
  entryPoint?: string;
}

const TITLES: Record<EmbedPageName, Record<EmbedLocale, string>> = {
  tip: { 'zh-CN': '举报网络餐饮违法行为', en: 'Report a food-safety violation' },
  'follow-up': { 'zh-CN': '查询举报', en: 'Check a report' },
};

const NO_SCRIPT: Record<EmbedLocale, string> = {
  'zh-CN': '此表单需要启用 JavaScript。',
  en: 'This form needs JavaScript.',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The HTML shell of an embed page: no inline script or style, configuration in data attributes
 * (escaped), the form itself built by the same-origin script.
 */
export function renderEmbedPage(data: EmbedPageData, assets: EmbedAssets): string {
  const attributes: Record<string, string> = {
    'data-page': data.page,
    'data-locale': data.locale,
    'data-partner': data.partnerId,
    'data-parent-origin': data.parentOrigin ?? '',
    'data-limits': JSON.stringify(data.limits),
    'data-categories': JSON.stringify(data.categories),
    'data-features': JSON.stringify(data.features),
    'data-theme': JSON.stringify(data.theme),
    'data-entry': data.entryPoint ?? '',
  };
  const body = Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(' ');
  return `<!doctype html>
<html lang="${data.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(TITLES[data.page][data.locale])}</title>
<link rel="stylesheet" href="/embed/assets/embed.css?v=${assets.style.version}">
<script src="/embed/assets/embed.js?v=${assets.script.version}" defer></script>
</head>
<body ${body}>
<main id="ezhili-app"><noscript>${escapeHtml(NO_SCRIPT[data.locale])}</noscript></main>
</body>
</html>
`;
}
