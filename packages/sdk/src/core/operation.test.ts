import { describe, expect, it } from 'vitest';
import { EzhiliClient } from '../client.js';
import { operation } from './operation.js';

describe('operation', () => {
  it('names an operation of the contract by id, method and path', () => {
    expect(operation('getCurrentStaff', 'GET', '/staff/me')).toEqual({
      operationId: 'getCurrentStaff',
      method: 'GET',
      path: '/staff/me',
    });
  });

  it('does not compile when the method or path does not match the contract', () => {
    // These lines are checked by `tsc` (npm run typecheck): each must be a type error.
    // @ts-expect-error getHealth is a GET
    operation('getHealth', 'POST', '/healthz');
    // @ts-expect-error getHealth is not at /health
    operation('getHealth', 'GET', '/health');
    // @ts-expect-error no such operation
    operation('getNothing', 'GET', '/healthz');
    expect(true).toBe(true);
  });

  it('types request bodies from the contract', () => {
    const client = new EzhiliClient({ baseUrl: 'http://ezhili.test' });
    const typeOnly = () => {
      // @ts-expect-error password is required by StaffLogin
      void client.staff.login({ email: 'a@b.c' });
      // @ts-expect-error StaffLogin allows no other members
      void client.staff.login({ email: 'a@b.c', password: 'x', remember: true });
    };
    expect(typeof typeOnly).toBe('function');
  });
});
