import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { decryptAead, deriveKey, encryptAead } from './aead.js';

// DER prefixes that wrap a raw 32-byte X25519 key as PKCS#8 (private) and SPKI (public).
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

export const SEALED_BOX_ALG = 'X25519-HKDF-SHA256-A256GCM';

/** Public-key encryption to one recipient (ECIES): ephemeral X25519, HKDF-SHA256, AES-256-GCM. */
export interface SealedBox {
  v: 1;
  alg: typeof SEALED_BOX_ALG;
  /** The recipient key's id, so a rotated key can be told apart. */
  kid: string;
  /** Ephemeral public key, raw, base64url. */
  epk: string;
  /** iv ‖ ciphertext ‖ tag, base64url. */
  ct: string;
}

export interface SealingKeyPair {
  /** Raw 32-byte X25519 public key. */
  publicKey: Buffer;
  /** Raw 32-byte X25519 private key: the secret that auditors' Shamir shares reconstruct. */
  privateKey: Buffer;
}

export function generateSealingKeyPair(): SealingKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_X25519.length),
  };
}

const publicKeyObject = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_X25519, Buffer.from(raw)]), format: 'der', type: 'spki' });
const privateKeyObject = (raw: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_X25519, Buffer.from(raw)]), format: 'der', type: 'pkcs8' });

/** The raw public key belonging to a raw private key (to check reconstructed shares). */
export function publicKeyOf(privateKey: Uint8Array): Buffer {
  return createPublicKey(privateKeyObject(privateKey))
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_X25519.length);
}

function boxKey(shared: Buffer, epk: Buffer, recipient: Buffer): Buffer {
  return deriveKey(shared, `ezhili sealed box v1`, Buffer.concat([epk, recipient]).toString('base64url'));
}

/** Seals `plaintext` so that only the holder of the recipient's private key can open it. */
export function sealTo(
  recipientPublicKey: Uint8Array,
  kid: string,
  plaintext: Uint8Array | string,
  aad = '',
): SealedBox {
  const ephemeral = generateKeyPairSync('x25519');
  const epk = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length);
  const recipient = Buffer.from(recipientPublicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyObject(recipient) });
  const ct = encryptAead(boxKey(shared, epk, recipient), plaintext, `${kid}|${aad}`);
  return { v: 1, alg: SEALED_BOX_ALG, kid, epk: epk.toString('base64url'), ct: ct.toString('base64url') };
}

/** Opens a sealed box; throws when the key or the AAD is wrong or the box was altered. */
export function openSealed(recipientPrivateKey: Uint8Array, box: SealedBox, aad = ''): Buffer {
  if (box.v !== 1 || box.alg !== SEALED_BOX_ALG) throw new Error('Unsupported sealed box');
  const epk = Buffer.from(box.epk, 'base64url');
  const recipient = publicKeyOf(recipientPrivateKey);
  const shared = diffieHellman({
    privateKey: privateKeyObject(recipientPrivateKey),
    publicKey: publicKeyObject(epk),
  });
  return decryptAead(boxKey(shared, epk, recipient), Buffer.from(box.ct, 'base64url'), `${box.kid}|${aad}`);
}
