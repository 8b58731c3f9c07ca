import type { Schema } from '@ezhili/contract';

/** A platform's verified detached JWS over a request body, stored with what the request created. */
export type Attestation = Schema<'Attestation'>;

/** A platform authenticated by a verified request signature (`c.var.platform`). */
export interface PlatformPrincipal {
  id: string;
  attestation: Attestation;
}

/** A platform's verified signature and the exact body it covers, kept with what it created. */
export interface SignedInput {
  attestation: Attestation;
  body: string;
}
