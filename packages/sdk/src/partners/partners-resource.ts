import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const listPartners = operation('listPartners', 'GET', '/partners');
const registerPartner = operation('registerPartner', 'POST', '/partners');
const updatePartner = operation('updatePartner', 'PATCH', '/partners/{partnerId}');
const getPartnerEntryPoints = operation('getPartnerEntryPoints', 'GET', '/partners/{partnerId}/entry-points');
const getReferralCounts = operation('getReferralCounts', 'GET', '/partners/referrals');

/** Partner apps that embed the whistleblow form (tag `partners`; `admin`). */
export class PartnersResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(options?: RequestOptions): Promise<Result<'listPartners'>> {
    return this.#transport.request(listPartners, {}, options);
  }

  /** Registers a partner app and the origins that may embed the form. */
  register(
    body: RequestBody<'registerPartner'>,
    options?: RequestOptions,
  ): Promise<Result<'registerPartner'>> {
    return this.#transport.request(registerPartner, { body }, options);
  }

  /** Changes a partner's name, origins or status; only the members sent change. */
  update(
    partnerId: string,
    body: RequestBody<'updatePartner'>,
    options?: RequestOptions,
  ): Promise<Result<'updatePartner'>> {
    return this.#transport.request(updatePartner, { params: { partnerId }, body }, options);
  }

  /** Deep links and QR codes (SVG) for the partner's splash, banner and in-app entry points. */
  entryPoints(partnerId: string, options?: RequestOptions): Promise<Result<'getPartnerEntryPoints'>> {
    return this.#transport.request(getPartnerEntryPoints, { params: { partnerId } }, options);
  }

  /** Tips per partner and entry point over complete months, small counts withheld. */
  referrals(
    query: QueryParams<'getReferralCounts'> = {},
    options?: RequestOptions,
  ): Promise<Result<'getReferralCounts'>> {
    return this.#transport.request(getReferralCounts, { query }, options);
  }
}
