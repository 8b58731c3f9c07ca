import type { CaseViewContributor } from '../cases/case-view.js';
import type { TipViewContributor } from '../tips/tip-view-contributors.js';
import { readCaseMessages } from './message-records.js';

/** The conversation in the reporter's view of their tip: kind and size of attachments only. */
export const reporterMessagesView: TipViewContributor = async (db, tip) => ({
  messages: await readCaseMessages(db, tip.caseId, 'reporter'),
});

/** The conversation in the staff view of a case, with the evidence files to download. */
export const staffMessagesView: CaseViewContributor = async (executor, caseId) => ({
  messages: await readCaseMessages(executor, caseId, 'staff'),
});
