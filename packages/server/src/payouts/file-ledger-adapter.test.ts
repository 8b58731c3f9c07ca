import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLedgerAdapter, readLedger } from './file-ledger-adapter.js';
import type { PayoutTransfer } from './payout-adapter.js';

const transfer = (key: string, amountFen = 100_000): PayoutTransfer => ({
  idempotencyKey: key,
  amountFen,
  currency: 'CNY',
  payeeRef: 'payee_test',
  payee: { accountName: '张三', accountNumber: '6222000011112222', bankName: '测试银行' },
});

describe('file ledger payout adapter', () => {
  it('writes each transfer once, durably, without the bank details', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ezhili-ledger-')), 'sub', 'ledger.jsonl');
    const ledger = createFileLedgerAdapter(path);
    const first = await ledger.transfer(transfer('k1'));
    expect(first).toMatchObject({ status: 'paid', transferId: expect.stringMatching(/^trf_/) });
    // Same key, concurrently and after a "restart" (a new adapter on the same file): same transfer.
    const [a, b] = await Promise.all([ledger.transfer(transfer('k1')), ledger.transfer(transfer('k1'))]);
    const restarted = await createFileLedgerAdapter(path).transfer(transfer('k1'));
    expect([a, b, restarted].map((r) => (r as { transferId: string }).transferId)).toEqual([
      (first as { transferId: string }).transferId,
      (first as { transferId: string }).transferId,
      (first as { transferId: string }).transferId,
    ]);
    await ledger.transfer(transfer('k2', 250));
    expect(readLedger(path).map((entry) => [entry.idempotencyKey, entry.amountFen, entry.payeeRef])).toEqual([
      ['k1', 100_000, 'payee_test'],
      ['k2', 250, 'payee_test'],
    ]);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('6222000011112222');
  });

  it('ignores and repairs a line torn by a crash mid-append', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ezhili-ledger-')), 'ledger.jsonl');
    const ledger = createFileLedgerAdapter(path);
    await ledger.transfer(transfer('k1'));
    appendFileSync(path, '{"v":1,"transferId":"trf_torn","idempotencyKey":"k2"');
    expect(readLedger(path).map((entry) => entry.idempotencyKey)).toEqual(['k1']);
    await ledger.transfer(transfer('k2'));
    expect(readLedger(path).map((entry) => entry.idempotencyKey)).toEqual(['k1', 'k2']);
    expect(readFileSync(path, 'utf8')).not.toContain('trf_torn');
  });

  it('refuses a non-positive amount as a failed transfer', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ezhili-ledger-')), 'ledger.jsonl');
    expect(await createFileLedgerAdapter(path).transfer(transfer('k0', 0))).toMatchObject({
      status: 'failed',
    });
    expect(readLedger(path)).toEqual([]);
  });
});
