import { deleteCaseRecords } from '../cases/case-retention.js';
import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';
import {
  casesWithEvidence,
  casesWithOriginals,
  deleteEvidence,
  deleteEvidenceOriginals,
} from '../evidence/evidence-retention.js';
import { casesWithMessages, deleteMessages } from '../messages/message-retention.js';
import { deleteCaseNotifications } from '../notifications/notification-retention.js';
import { deleteTextRedactions } from '../redaction/text-redaction-retention.js';
import { deleteTips } from '../tips/tip-retention.js';
import { deleteUnsealRecords } from '../unseal/unseal-retention.js';

/** The categories deleted per case. */
export type CaseCategory = 'evidence_originals' | 'messages' | 'evidence_copies' | 'closed_cases';

/** What one category's deletion removed from a batch of cases. */
export interface Purged {
  count: number;
  /** Evidence store keys to remove once the transaction commits. */
  blobKeys: string[];
}

/** The cases that still hold data of a category (so a run's batches end). */
export function casesHolding(category: CaseCategory): IdSet | undefined {
  if (category === 'evidence_originals') return casesWithOriginals();
  if (category === 'messages') return casesWithMessages();
  if (category === 'evidence_copies') return casesWithEvidence();
  return undefined;
}

/**
 * Deletes one category of data of a batch of cases, inside the caller's transaction. Rows are
 * deleted, not flagged (with `secure_delete` on, their bytes are overwritten); blobs are handed back.
 */
export async function purgeCases(
  tx: Executor,
  category: CaseCategory,
  cases: IdSet,
  now: Date,
): Promise<Purged> {
  switch (category) {
    case 'evidence_originals':
      return deleteEvidenceOriginals(tx, cases, now);
    case 'messages': {
      await deleteTextRedactions(tx, cases, 'messages');
      return { count: await deleteMessages(tx, cases), blobKeys: [] };
    }
    case 'evidence_copies':
      return deleteEvidence(tx, cases);
    case 'closed_cases': {
      // Everything of the case that is still there goes with it.
      await deleteTextRedactions(tx, cases, 'all');
      await deleteMessages(tx, cases);
      const evidence = await deleteEvidence(tx, cases);
      await deleteUnsealRecords(tx, cases);
      await deleteCaseNotifications(tx, cases);
      await deleteTips(tx, cases);
      return { count: await deleteCaseRecords(tx, cases), blobKeys: evidence.blobKeys };
    }
  }
}
