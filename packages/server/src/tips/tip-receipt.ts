import { sha256Hex } from '../crypto/hashing.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';

export const TIP_RECEIPT_TYPE = 'ezhili-tip-receipt+jwt';

export interface TipReceiptClaims {
  iss: string;
  identityCode: string;
  submittedAt: string;
  iat: number;
  /** Binds the receipt to the exact text submitted, without putting the text in the receipt. */
  descriptionSha256: string;
  /** Hashes of the stored (metadata-stripped) evidence files, in submission order. */
  evidence: Array<{ sha256: string; size: number; contentType: string }>;
}

/**
 * The regulator-signed submission receipt: a compact JWS (EdDSA) the reporter keeps and can
 * verify at any time against the regulator's JWKS, proving what was submitted and when.
 */
export function signTipReceipt(
  keys: SigningKeyStore,
  input: {
    issuer: string;
    identityCode: string;
    submittedAt: Date;
    description: string;
    evidence: TipReceiptClaims['evidence'];
  },
): Promise<string> {
  const claims: TipReceiptClaims = {
    iss: input.issuer,
    identityCode: input.identityCode,
    submittedAt: input.submittedAt.toISOString(),
    iat: Math.floor(input.submittedAt.getTime() / 1000),
    descriptionSha256: sha256Hex(input.description),
    evidence: input.evidence,
  };
  return keys.signJws(claims as unknown as Record<string, unknown>, TIP_RECEIPT_TYPE);
}
