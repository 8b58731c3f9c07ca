import type { Schema } from '@ezhili/contract';
import { operation } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const getHealth = operation('getHealth', 'GET', '/healthz');
const getJwks = operation('getJwks', 'GET', '/.well-known/jwks.json');
const getContract = operation('getContract', 'GET', '/openapi.json');
const getContractYaml = operation('getContractYaml', 'GET', '/openapi.yaml');

/** Health, the regulator's public keys and the contract; no credentials needed. */
export class SystemResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The server's health. Resolves with `status: 'degraded'` (rather than throwing) when the
   * server answers 503 because its database does not, so monitors can read the body.
   */
  health(options?: RequestOptions): Promise<Schema<'Health'>> {
    return this.#transport.request(getHealth, {}, options, { okStatuses: [503] });
  }

  /** The JSON Web Key Set that verifies the regulator's webhooks, receipts and decisions. */
  jwks(options?: RequestOptions): Promise<Schema<'Jwks'>> {
    return this.#transport.request(getJwks, {}, options);
  }

  /** The OpenAPI 3.1 contract the server runs on (`x-roles` say which staff roles may call what). */
  contract(options?: RequestOptions): Promise<Schema<'OpenApiDocument'>> {
    return this.#transport.request(getContract, {}, options);
  }

  /** The same contract as its YAML source text. */
  async contractYaml(options?: RequestOptions): Promise<string> {
    const { response } = await this.#transport.requestResponse(getContractYaml, {}, options);
    return response.text();
  }
}
