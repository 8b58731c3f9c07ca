import nock from 'nock';
import { afterEach, expect, it } from 'vitest';
import { operation } from './operation.js';
import { paginateOperation } from './paginate-operation.js';
import { Transport } from './transport.js';

const BASE = 'http://ezhili.test';

afterEach(() => nock.cleanAll());

it('fetches the pages of a list operation, passing each nextCursor as cursor', async () => {
  const district = (code: string) => ({ code, nameZh: '区', nameEn: 'District', cityCode: '350100' });
  nock(BASE)
    .get('/districts')
    .reply(200, { items: [district('350102')], nextCursor: 'a b' })
    .get('/districts')
    .query({ cursor: 'a b' })
    .reply(200, { items: [district('350103')], nextCursor: null });
  const transport = new Transport({ baseUrl: BASE });
  const codes: string[] = [];
  for await (const item of paginateOperation(transport, operation('listDistricts', 'GET', '/districts'))) {
    codes.push(item.code);
  }
  expect(codes).toEqual(['350102', '350103']);
  expect(nock.isDone()).toBe(true);
});
