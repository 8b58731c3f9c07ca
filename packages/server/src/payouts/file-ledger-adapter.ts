import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { type Clock, systemClock } from '../clock/clock.js';
import { AsyncMutex } from '../db/async-mutex.js';
import { newId } from '../ids/ids.js';
import type { PayoutAdapter, PayoutResult, PayoutTransfer } from './payout-adapter.js';

/** One line of the ledger file (JSON Lines). No personal data: the payee is a reference. */
export interface LedgerEntry {
  v: 1;
  transferId: string;
  idempotencyKey: string;
  amountFen: number;
  currency: 'CNY';
  payeeRef: string;
  at: string;
}

/** Reads every complete entry; a torn last line (a crash mid-append) is not an entry. */
export function readLedger(path: string): LedgerEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/**
 * The payout adapter of the demo and the tests: appends each transfer to a JSON Lines file and
 * fsyncs before answering, so a transfer that was reported paid survives a crash. Deduplicates by
 * idempotency key by reading the file itself (not a memory index), so a restarted process, or a
 * second process on the same file, sees every transfer made before.
 */
export function createFileLedgerAdapter(path: string, clock: Clock = systemClock): PayoutAdapter {
  const lock = new AsyncMutex();
  return {
    name: 'file-ledger',
    transfer(transfer: PayoutTransfer): Promise<PayoutResult> {
      return lock.run(async () => {
        const existing = readLedger(path).find((entry) => entry.idempotencyKey === transfer.idempotencyKey);
        if (existing) return { status: 'paid', transferId: existing.transferId, at: existing.at };
        if (!Number.isSafeInteger(transfer.amountFen) || transfer.amountFen <= 0) {
          return { status: 'failed', reason: 'The amount must be a positive number of fen.' };
        }
        const at = clock.now();
        const entry: LedgerEntry = {
          v: 1,
          transferId: newId('trf', at),
          idempotencyKey: transfer.idempotencyKey,
          amountFen: transfer.amountFen,
          currency: transfer.currency,
          payeeRef: transfer.payeeRef,
          at: at.toISOString(),
        };
        appendDurably(path, `${JSON.stringify(entry)}\n`);
        return { status: 'paid', transferId: entry.transferId, at: entry.at };
      });
    },
  };
}

function appendDurably(path: string, line: string): void {
  const created = !existsSync(path);
  if (created) mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+', 0o600);
  try {
    // Cut a torn last line left by a crash mid-append, so the new entry starts on its own line.
    const size = fstatSync(fd).size;
    if (size > 0) {
      const text = readFileSync(path, 'utf8');
      const end = text.lastIndexOf('\n') + 1;
      if (end !== Buffer.byteLength(text)) ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
    }
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) {
    // Make the new file's directory entry durable too.
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
