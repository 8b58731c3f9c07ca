import type { ClientOptions } from './core/options.js';
import { Transport, type TransportInternals } from './core/transport.js';
import { DistrictsResource } from './districts/districts-resource.js';
import { StaffResource } from './staff/staff-resource.js';
import { SystemResource } from './system/system-resource.js';

/** An ezhili API client: one property per area of the contract. */
export class EzhiliClient {
  readonly system: SystemResource;
  readonly staff: StaffResource;
  readonly districts: DistrictsResource;
  /** @internal The shared transport; resources send every call through it. */
  readonly transport: Transport;

  constructor(options: ClientOptions, internals?: Partial<TransportInternals>) {
    this.transport = new Transport(options, internals);
    this.system = new SystemResource(this.transport);
    this.staff = new StaffResource(this.transport);
    this.districts = new DistrictsResource(this.transport);
  }

  /** The bearer token sent with each call (set by `staff.login`), if any. */
  get token(): string | undefined {
    return this.transport.token;
  }

  /** Switches the token for the following calls; `undefined` logs the client out locally. */
  setToken(token: string | undefined): void {
    this.transport.token = token;
  }
}

/**
 * Creates a client:
 *
 * ```ts
 * const ezhili = createClient({ baseUrl: 'http://localhost:8787' });
 * await ezhili.staff.login({ email: 'intake@demo.local', password: 'demo' });
 * const me = await ezhili.staff.me();
 * ```
 */
export function createClient(options: ClientOptions): EzhiliClient {
  return new EzhiliClient(options);
}
