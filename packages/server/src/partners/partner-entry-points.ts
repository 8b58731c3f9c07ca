import type { Schema } from '@ezhili/contract';
import QRCode from 'qrcode';

export type EntryPoint = Schema<'EntryPoint'>;
export const ENTRY_POINTS: readonly EntryPoint[] = ['splash', 'banner', 'in_app'];

/** The report form on this server, opened from one of a partner's entry points. */
export function entryPointLink(publicUrl: string, partnerId: string, entryPoint: EntryPoint): string {
  const url = new URL('/embed/tip', `${publicUrl}/`);
  url.searchParams.set('partner', partnerId);
  url.searchParams.set('entry', entryPoint);
  return url.toString();
}

/** A partner's deep links, each with its QR code as an SVG document (the `qrcode` library). */
export async function partnerEntryPoints(
  publicUrl: string,
  partnerId: string,
): Promise<Schema<'PartnerEntryPoints'>> {
  const items = [];
  for (const entryPoint of ENTRY_POINTS) {
    const url = entryPointLink(publicUrl, partnerId, entryPoint);
    // Level M survives a little print damage; the margin is the four modules QR readers expect.
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    items.push({ entryPoint, url, qrSvg });
  }
  return { partnerId, items };
}
