import type { Context, Hono } from 'hono';
import { EVIDENCE_SETTINGS } from '../evidence/evidence-config.js';
import { ACCEPTED_EVIDENCE_TYPES } from '../evidence/evidence-types.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { ENTRY_POINTS } from '../partners/partner-entry-points.js';
import { originAllowed } from '../partners/partner-origins.js';
import { findPartner } from '../partners/partner-service.js';
import { ProblemError } from '../problem/problem-error.js';
import { TIP_SETTINGS } from '../tips/tip-settings.js';
import { type EmbedAsset, type EmbedAssets, loadEmbedAssets } from './embed-assets.js';
import { embedContentSecurityPolicy } from './embed-csp.js';
import { type EmbedLocale, type EmbedPageName, renderEmbedPage } from './embed-page.js';

const PAGES: Record<string, EmbedPageName> = { '/embed/tip': 'tip', '/embed/follow-up': 'follow-up' };
const HEX = /^#[0-9a-fA-F]{6}$/;
const UNFRAMEABLE = { 'Content-Security-Policy': embedContentSecurityPolicy([]) };

// The form needs no device features; deny them so a compromised partner page cannot delegate any.
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), clipboard-read=()';

function notBuilt(): ProblemError {
  return new ProblemError(503, {
    code: 'widget_not_built',
    detail: 'The widget has not been built; run `npm run build -w @ezhili/widget` (or `npm run build`).',
  });
}

function serveAsset(c: Context<AppEnv>, asset: EmbedAsset, crossOrigin: boolean): Response {
  const etag = `"${asset.version}"`;
  const pinned = c.req.query('v') === asset.version;
  const headers: Record<string, string> = {
    'Content-Type': asset.contentType,
    ETag: etag,
    // A versioned URL never changes; an unversioned one (the host script) is re-checked often.
    'Cache-Control': pinned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
  };
  if (crossOrigin) {
    // Partner pages load the host script from here, possibly with Subresource Integrity.
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
  }
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers);
}

/**
 * The widget's documents (not API operations): the host script, the embed pages and their
 * assets. Each embed page is framed only by the partner's registered origins; the page then talks
 * only to the origin the host script announced, after checking it against the same list.
 */
export function mountEmbedDocuments(app: Hono<AppEnv>, ctx: AppContext, operations: readonly string[]): void {
  let assets: EmbedAssets | undefined;
  const current = () => {
    assets ??= loadEmbedAssets();
    if (!assets) throw notBuilt();
    return assets;
  };
  // The same limits the server enforces, announced to the form for its checks before upload.
  const tips = ctx.settings.of(TIP_SETTINGS);
  const evidence = ctx.settings.of(EVIDENCE_SETTINGS);
  const limits = {
    maxPhotoBytes: evidence.maxPhotoBytes,
    maxVideoBytes: evidence.maxVideoBytes,
    maxFiles: evidence.maxFilesPerTip,
    types: ACCEPTED_EVIDENCE_TYPES,
  };
  const features = {
    reporterAccounts: operations.includes('createReporterSession'),
    shopSearch: operations.includes('searchShops'),
    rewardClaim: operations.includes('claimReward'),
  };

  app.get('/embed/widget.js', (c) => serveAsset(c, current().hostScript, true));
  app.get('/embed/assets/:file{embed\\.(?:js|css)}', (c) => {
    const { script, style } = current();
    return serveAsset(c, c.req.param('file') === 'embed.js' ? script : style, false);
  });

  for (const [path, page] of Object.entries(PAGES)) {
    app.get(path, async (c) => {
      const built = current();
      const partnerId = c.req.query('partner') ?? '';
      const partner = /^[a-z0-9][a-z0-9-]{1,62}$/.test(partnerId)
        ? await findPartner(ctx.db, partnerId)
        : undefined;
      if (!partner?.enabled) {
        throw new ProblemError(404, {
          code: 'partner_not_found',
          detail: 'No such partner, or the partner is disabled.',
          headers: UNFRAMEABLE,
        });
      }
      const parentOrigin = c.req.query('origin') || undefined;
      if (parentOrigin !== undefined && !originAllowed(parentOrigin, partner.allowedOrigins)) {
        throw new ProblemError(403, {
          code: 'origin_not_allowed',
          detail: 'This origin is not registered for the partner.',
          headers: UNFRAMEABLE,
        });
      }
      const locale: EmbedLocale = c.req.query('locale') === 'en' ? 'en' : 'zh-CN';
      const theme: Record<string, string> = {};
      const accent = c.req.query('accent');
      if (accent && HEX.test(accent)) theme.accent = accent.toLowerCase();
      const radius = Number(c.req.query('radius'));
      if (c.req.query('radius') && Number.isInteger(radius) && radius >= 0 && radius <= 24)
        theme.radius = String(radius);
      const scheme = c.req.query('scheme');
      if (scheme === 'light' || scheme === 'dark' || scheme === 'auto') theme.scheme = scheme;

      const html = renderEmbedPage(
        {
          page,
          locale,
          partnerId: partner.id,
          parentOrigin,
          limits,
          categories: tips.categories,
          features,
          theme,
          entryPoint: ENTRY_POINTS.find((entry) => entry === c.req.query('entry')),
        },
        built,
      );
      return c.html(html, 200, {
        'Content-Security-Policy': embedContentSecurityPolicy(partner.allowedOrigins),
        'Permissions-Policy': PERMISSIONS_POLICY,
        'Cache-Control': 'no-store',
      });
    });
  }
}
