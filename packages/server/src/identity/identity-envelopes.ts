import type { AuditKeyFile } from '../audit/audit-key.js';
import { decryptAead, encryptAead } from '../crypto/aead.js';
import { type SealedBox, sealTo } from '../crypto/sealed-box.js';
import type { ReporterIdentity } from './reporter-identity.js';

/**
 * The two envelopes a reporter identity is sealed into the moment it arrives. Both hold the same
 * plaintext, `IdentityEnvelopePlaintext` as JSON (UTF-8); both are bound to the reporter id and
 * the identity version through AAD, so an envelope copied onto another reporter row (or an old
 * version replayed) fails to open. Formats are documented in docs/whistleblower-protection.md.
 */
export interface IdentityEnvelopePlaintext extends ReporterIdentity {
  v: 1;
}

export const PAYOUT_ENVELOPE_PREFIX = 'ezp1.';

export function payoutEnvelopeAad(reporterId: string, version: number): string {
  return `ezhili payout envelope v1|reporter:${reporterId}|identity:${version}`;
}

export function auditEnvelopeAad(reporterId: string, version: number): string {
  return `ezhili audit envelope v1|reporter:${reporterId}|identity:${version}`;
}

function plaintextOf(identity: ReporterIdentity): string {
  const { realName, residentId, phone, bankAccount } = identity;
  const body: IdentityEnvelopePlaintext = { v: 1, realName, residentId, phone, bankAccount };
  return JSON.stringify(body);
}

/** Payout envelope: `ezp1.` + base64url(iv ‖ AES-256-GCM ciphertext ‖ tag) under the payout key. */
export function sealPayoutEnvelope(
  key: Uint8Array,
  reporterId: string,
  version: number,
  identity: ReporterIdentity,
): string {
  return (
    PAYOUT_ENVELOPE_PREFIX +
    encryptAead(key, plaintextOf(identity), payoutEnvelopeAad(reporterId, version)).toString('base64url')
  );
}

export function openPayoutEnvelopeWithKey(
  key: Uint8Array,
  reporterId: string,
  version: number,
  envelope: string,
): ReporterIdentity {
  if (!envelope.startsWith(PAYOUT_ENVELOPE_PREFIX)) throw new Error('Unknown payout envelope format');
  const raw = Buffer.from(envelope.slice(PAYOUT_ENVELOPE_PREFIX.length), 'base64url');
  const parsed = JSON.parse(
    decryptAead(key, raw, payoutEnvelopeAad(reporterId, version)).toString('utf8'),
  ) as IdentityEnvelopePlaintext;
  if (parsed.v !== 1) throw new Error('Unknown payout envelope version');
  const { realName, residentId, phone, bankAccount } = parsed;
  return { realName, residentId, phone, bankAccount };
}

/** Audit envelope: a SealedBox (X25519-HKDF-SHA256-A256GCM) to the audit public key. */
export function sealAuditEnvelope(
  auditKey: AuditKeyFile,
  reporterId: string,
  version: number,
  identity: ReporterIdentity,
): SealedBox {
  return sealTo(
    Buffer.from(auditKey.publicKey, 'base64url'),
    auditKey.kid,
    plaintextOf(identity),
    auditEnvelopeAad(reporterId, version),
  );
}
