import type { AppContext } from '../http/app-context.js';
import { createPartnerService } from './partner-service.js';

export const DEMO_PARTNER_ID = 'demo';

/**
 * The demo partner: any page served from localhost or 127.0.0.1 on any port may embed the
 * widget, so `examples/partner-app` and the browser tests work out of the box. Idempotent.
 */
export async function seedDemoPartner(ctx: AppContext): Promise<void> {
  const partners = createPartnerService(ctx);
  if (await partners.find(DEMO_PARTNER_ID)) return;
  await partners.register(
    {
      id: DEMO_PARTNER_ID,
      name: 'Demo partner app (local development)',
      allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'],
    },
    { type: 'system', id: 'demo-seed' },
    { demo: true },
  );
}
