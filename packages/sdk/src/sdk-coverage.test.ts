import { openapiDocument } from '@ezhili/contract';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { EzhiliClient } from './client.js';
import type { Operation } from './core/operation.js';
import type { Transport } from './core/transport.js';
import { PlatformClient } from './platform/platform-client.js';
import { ReporterClient } from './reporter/reporter-client.js';

/**
 * Every operation of the contract has an SDK method (issue 13): each public method of each
 * resource of the three clients is called (with placeholder arguments), and the operation it
 * sends is recorded at the transport, before anything goes on the wire. An operation under
 * `paths:` that no method sends fails this test; a method's path and method are already checked
 * against the contract by `tsc` (`operation()` in src/core/operation.ts).
 */

class Sent extends Error {}

/**
 * Browser navigations, not API calls (a 303 to the identity provider and its redirect back): the
 * SDK gives the sign-in URL (`staff.consoleOidcSignInUrl()`), and the provider calls the other.
 */
const NAVIGATIONS = new Set(['startConsoleOidcSignIn', 'completeConsoleOidcSignIn']);

const contractOperations = Object.values(openapiDocument.paths).flatMap((item) =>
  Object.values(item as Record<string, { operationId?: string }>)
    .map((operation) => operation?.operationId)
    .filter((id): id is string => typeof id === 'string'),
);

/** Records the operation of every transport call and stops it there. */
function recordOperations(transport: Transport, into: Set<string>): void {
  const record = (op: Operation) => {
    into.add(op.operationId);
    throw new Sent(op.operationId);
  };
  const patched = transport as unknown as Record<string, (op: Operation) => never>;
  for (const name of ['request', 'requestWithMeta', 'requestResponse']) patched[name] = record;
}

/** Resources are the client's own object properties whose prototype carries methods. */
function resourcesOf(client: object): Array<[string, object]> {
  return Object.entries(client).filter(
    ([name, value]) => name !== 'transport' && typeof value === 'object' && value !== null,
  );
}

function methodsOf(resource: object): string[] {
  const prototype = Object.getPrototypeOf(resource) as object;
  return Object.getOwnPropertyNames(prototype).filter((name) => {
    if (name === 'constructor') return false;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    return typeof descriptor?.value === 'function';
  });
}

/** Calls a method and drives whatever it returns (a promise, a page promise, an async iterator). */
async function drive(method: (...args: unknown[]) => unknown, self: object, args: unknown[]) {
  try {
    const result = method.apply(self, args) as PromiseLike<unknown> | AsyncIterable<unknown> | undefined;
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') await result;
    else if (result && Symbol.asyncIterator in (result as object))
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().next();
  } catch (error) {
    if (!(error instanceof Sent)) return error;
  }
  return undefined;
}

/** Placeholder arguments: strings for ids, objects for bodies and queries. */
const ARGUMENT_SETS: unknown[][] = [
  ['id_1', 'id_2', 'id_3', 'id_4'],
  [{}, {}, {}, {}],
  ['id_1', {}, {}, {}],
  ['id_1', 'id_2', {}, {}],
];

describe('the SDK', () => {
  it('has a method for every operation of the contract', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const options = { baseUrl: 'https://regulator.example' };
    const clients = [
      new EzhiliClient(options),
      new ReporterClient(options),
      new PlatformClient({
        ...options,
        platformId: 'plt_1',
        privateKey: { ...(await exportJWK(privateKey)), kid: 'k1' },
      }),
    ];
    const sent = new Set<string>();
    for (const client of clients) {
      recordOperations(client.transport, sent);
      for (const [, resource] of resourcesOf(client)) {
        for (const name of methodsOf(resource)) {
          const method = (resource as Record<string, (...args: unknown[]) => unknown>)[name]!;
          for (const args of ARGUMENT_SETS) await drive(method, resource, args);
        }
      }
    }
    const missing = contractOperations.filter((id) => !sent.has(id) && !NAVIGATIONS.has(id));
    expect(missing, 'operations without an SDK method (see CONTRIBUTING.md)').toEqual([]);
    // Sanity: the recording works, and reaches the three clients.
    expect(sent).toContain('listCases');
    expect(sent).toContain('submitTip');
    expect(sent).toContain('submitPlatformLead');
    expect((clients[0] as EzhiliClient).staff.consoleOidcSignInUrl()).toBe(
      'https://regulator.example/staff/console-sessions/oidc',
    );
  });
});
