import type { AppContext } from '../http/app-context.js';
import { createTransparencyReport, type TransparencyReport } from './transparency-report.js';

const FRESH_MS = 60_000;

/**
 * The public document, rebuilt at most once a minute per process: anyone may ask for it, and
 * the figures move slowly. Time from the app's clock.
 */
export function createCachedTransparencyReport(ctx: AppContext): () => Promise<TransparencyReport> {
  const build = createTransparencyReport(ctx);
  let cached: { at: number; report: Promise<TransparencyReport> } | undefined;
  return () => {
    const now = ctx.clock.now().getTime();
    if (!cached || now - cached.at >= FRESH_MS || now < cached.at) {
      const report = build();
      cached = { at: now, report };
      report.catch(() => {
        if (cached?.report === report) cached = undefined;
      });
    }
    return cached.report;
  };
}
