// Writes test-vectors/webhooks.json: Standard Webhooks `v1a` (Ed25519) cases that the server's
// signer and the SDK's verifier must both pass, and symmetric `v1` (HMAC-SHA256, `whsec_`
// secrets) cases that the server's signer and any Standard Webhooks library must pass. Keys come from fixed seeds, so the output is
// deterministic (Ed25519 signatures are too). TEST KEYS ONLY: never use them for anything else.
// Run: node packages/sdk/scripts/generate-webhook-vectors.mjs
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

function keyFromSeed(label, kid) {
  const seed = createHash('sha256').update(`ezhili webhook test vector key: ${label}`).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateKey, privateJwk, publicJwk };
}

const current = keyFromSeed('current', 'key_test_current');
const rotated = keyFromSeed('rotated', 'key_test_rotated');
const stranger = keyFromSeed('stranger', 'key_test_stranger');

const T = 1767600000; // 2026-01-05T08:00:00Z
const lead = {
  type: 'lead.created',
  timestamp: '2026-01-05T08:00:00.000Z',
  data: {
    id: 'lead_01kdx0000000000000000000a',
    platformId: 'plt_demo',
    shopId: 'shop_01kdx000000000000000000aa',
    platformShopId: 'ps-1001',
    shopName: '闽江面馆 Minjiang Noodle House',
    caseId: null,
    source: 'shop',
    summary: 'Kitchen operating without a valid licence.',
    violationCategory: 'no_valid_licence',
    status: 'open',
    createdAt: '2026-01-05T08:00:00.000Z',
    acknowledgeDueAt: '2026-01-05T10:00:00.000Z',
    actionDueAt: '2026-01-06T08:00:00.000Z',
    acknowledgedAt: null,
    action: null,
    overdue: { acknowledge: false, action: false },
  },
};
const card = {
  type: 'card.issued',
  timestamp: '2026-01-05T08:00:00.000Z',
  data: {
    id: 'card_01kdx0000000000000000000a',
    platformId: 'plt_demo',
    color: 'yellow',
    reason: 'Fewer than 95% of take-downs were within the deadline.',
    period: '2025-Q4',
    ruleId: 'takedown-timeliness',
    issuedAt: '2026-01-05T08:00:00.000Z',
  },
};

/** A `whsec_` test secret from a fixed seed: `whsec_` + base64 of 32 bytes. */
const secretFromSeed = (label) =>
  `whsec_${createHash('sha256').update(`ezhili webhook test vector secret: ${label}`).digest('base64')}`;
const currentSecret = secretFromSeed('current');
const previousSecret = secretFromSeed('previous');
const hmac = (secret, id, ts, body) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${ts}.${body}`)
    .digest('base64')}`;

const sig = (key, id, ts, body) =>
  `v1a,${sign(null, Buffer.from(`${id}.${ts}.${body}`), key.privateKey).toString('base64')}`;

const leadBody = JSON.stringify(lead);
const cardBody = JSON.stringify(card);
const id = 'msg_01kdx0000000000000000000a';

const vector = (name, fields) => ({ name, ...fields });
const vectors = [
  vector('lead.created signed by the current key', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody,
    now: T,
    valid: true,
    signerKid: current.publicJwk.kid,
    eventType: 'lead.created',
  }),
  vector('card.issued signed by a key added in a rotation', {
    headers: {
      'webhook-id': 'msg_2',
      'webhook-timestamp': String(T + 10),
      'webhook-signature': sig(rotated, 'msg_2', T + 10, cardBody),
    },
    body: cardBody,
    now: T + 250,
    valid: true,
    signerKid: rotated.publicJwk.kid,
    eventType: 'card.issued',
  }),
  vector('several signatures; one valid v1a among others', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': `v1,bm90IGEgcmVhbCBobWFj ${sig(stranger, id, T, leadBody)} ${sig(current, id, T, leadBody)}`,
    },
    body: leadBody,
    now: T - 299,
    valid: true,
    signerKid: current.publicJwk.kid,
    eventType: 'lead.created',
  }),
  vector('lead.created with v1a and a symmetric v1 signature (verifiers skip what they do not know)', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': `${sig(current, id, T, leadBody)} ${hmac(currentSecret, id, T, leadBody)}`,
    },
    body: leadBody,
    now: T,
    valid: true,
    signerKid: current.publicJwk.kid,
    eventType: 'lead.created',
  }),
  vector('body changed after signing', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody.replace('no_valid_licence', 'other'),
    now: T,
    valid: false,
    error: 'signature_invalid',
  }),
  vector('body re-serialised with other whitespace', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: JSON.stringify(lead, null, 2),
    now: T,
    valid: false,
    error: 'signature_invalid',
  }),
  vector('webhook-id changed', {
    headers: {
      'webhook-id': 'msg_other',
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody,
    now: T,
    valid: false,
    error: 'signature_invalid',
  }),
  vector('webhook-timestamp changed', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T + 1),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody,
    now: T,
    valid: false,
    error: 'signature_invalid',
  }),
  vector('signed by a key not in the JWKS', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(stranger, id, T, leadBody),
    },
    body: leadBody,
    now: T,
    valid: false,
    error: 'signature_invalid',
  }),
  vector('timestamp older than the tolerance', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody,
    now: T + 301,
    valid: false,
    error: 'timestamp_out_of_tolerance',
  }),
  vector('timestamp further in the future than the tolerance', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody,
    now: T - 301,
    valid: false,
    error: 'timestamp_out_of_tolerance',
  }),
  vector('only a symmetric v1 signature', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': 'v1,bm90IGEgcmVhbCBobWFj',
    },
    body: leadBody,
    now: T,
    valid: false,
    error: 'signature_invalid',
  }),
  vector('signature header missing', {
    headers: { 'webhook-id': id, 'webhook-timestamp': String(T) },
    body: leadBody,
    now: T,
    valid: false,
    error: 'missing_headers',
  }),
];

// Symmetric v1 vectors: `secrets` are the secrets the signer held (in order, newest first, as the
// server sends them); `validFor` the test secrets under which a Standard Webhooks verifier accepts.
const symmetric = [
  vector('v1a and v1 by the current secret', {
    secrets: [currentSecret],
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': `${sig(current, id, T, leadBody)} ${hmac(currentSecret, id, T, leadBody)}`,
    },
    body: leadBody,
    now: T,
    signerKid: current.publicJwk.kid,
    validFor: [currentSecret],
  }),
  vector('during a rotation: v1 by the new and the previous secret', {
    secrets: [currentSecret, previousSecret],
    headers: {
      'webhook-id': 'msg_2',
      'webhook-timestamp': String(T + 10),
      'webhook-signature': `${sig(current, 'msg_2', T + 10, cardBody)} ${hmac(currentSecret, 'msg_2', T + 10, cardBody)} ${hmac(previousSecret, 'msg_2', T + 10, cardBody)}`,
    },
    body: cardBody,
    now: T + 250,
    signerKid: current.publicJwk.kid,
    validFor: [currentSecret, previousSecret],
  }),
  vector('after the overlap: only the new secret signs', {
    secrets: [currentSecret],
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': `${sig(current, id, T, leadBody)} ${hmac(currentSecret, id, T, leadBody)}`,
    },
    body: leadBody,
    now: T - 299,
    signerKid: current.publicJwk.kid,
    validFor: [currentSecret],
  }),
  vector('v1: body changed after signing', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': `${sig(current, id, T, leadBody)} ${hmac(currentSecret, id, T, leadBody)}`,
    },
    body: leadBody.replace('no_valid_licence', 'other'),
    now: T,
    validFor: [],
  }),
  vector('v1: timestamp older than the tolerance', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': hmac(currentSecret, id, T, leadBody),
    },
    body: leadBody,
    now: T + 301,
    validFor: [],
  }),
  vector('v1a only: no symmetric signature to check', {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(T),
      'webhook-signature': sig(current, id, T, leadBody),
    },
    body: leadBody,
    now: T,
    validFor: [],
  }),
];

const document = {
  description:
    'Standard Webhooks v1a test vectors for ezhili: signature = base64(Ed25519(utf8(<webhook-id> "." <webhook-timestamp> "." <body>))). ' +
    'Verify each vector at `now` (seconds) against `jwks` with a tolerance of `toleranceSeconds`. ' +
    'The private keys are published for signer tests and are TEST KEYS ONLY. Generated by scripts/generate-webhook-vectors.mjs.',
  toleranceSeconds: 300,
  jwks: { keys: [current.publicJwk, rotated.publicJwk] },
  testSigningKeys: [current.privateJwk, rotated.privateJwk],
  vectors,
  symmetric: {
    description:
      'Standard Webhooks symmetric v1 test vectors: signature = base64(HMAC-SHA256(key, utf8(<webhook-id> "." <webhook-timestamp> "." <body>))), ' +
      'key = base64-decode(secret without "whsec_"). `secrets` are what the signer held (newest first, as the server sends them); ' +
      'verify each vector at `now` with each of `testSecrets`: it must pass exactly for those in `validFor`. TEST SECRETS ONLY.',
    testSecrets: [currentSecret, previousSecret],
    vectors: symmetric,
  },
};
// Check the public keys round-trip before writing.
for (const jwk of document.jwks.keys) createPublicKey({ key: jwk, format: 'jwk' });
writeFileSync(
  new URL('../test-vectors/webhooks.json', import.meta.url),
  `${JSON.stringify(document, null, 2)}\n`,
);
console.log(`wrote ${vectors.length} v1a and ${symmetric.length} v1 webhook test vectors`);
