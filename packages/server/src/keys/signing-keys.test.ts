import { verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { SigningKeyStore } from './signing-keys.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ezhili-keys-'));

describe('SigningKeyStore', () => {
  it('creates an Ed25519 key on first open and publishes only its public part', async () => {
    const store = await SigningKeyStore.open(tempDir(), { demo: false });
    const { keys } = store.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('keeps verifying old signatures after a rotation', async () => {
    const dir = tempDir();
    const store = await SigningKeyStore.open(dir, { demo: false });
    const before = await store.signJws({ hello: 'world' });
    const newKid = await store.rotate();
    const reopened = await SigningKeyStore.open(dir, { demo: false });
    expect(reopened.current().kid).toBe(newKid);
    const jwks = createLocalJWKSet(reopened.jwks());
    const verified = await compactVerify(before, jwks);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({ hello: 'world' });
    expect(reopened.jwks().keys).toHaveLength(2);
  });

  it('signs raw bytes verifiable with the published key', async () => {
    const store = await SigningKeyStore.open(tempDir(), { demo: false });
    const { kid, signature } = store.signBytes('msg_1.1700000000.{}');
    const key = store.current();
    expect(kid).toBe(key.kid);
    const { createPublicKey } = await import('node:crypto');
    const publicKey = createPublicKey({ key: key.publicJwk as never, format: 'jwk' });
    expect(verify(null, Buffer.from('msg_1.1700000000.{}'), publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from('msg_1.1700000000.{ }'), publicKey, signature)).toBe(false);
  });

  it('marks demo keys so production can refuse them', async () => {
    const store = await SigningKeyStore.open(tempDir(), { demo: true });
    expect(store.hasDemoKeys).toBe(true);
    await store.rotate();
    const old = store.list().find((key) => key.demo)!;
    store.retire(old.kid);
    expect(store.hasDemoKeys).toBe(false);
  });
});
