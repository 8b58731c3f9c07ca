import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { newId } from '../ids/ids.js';
import { loadVisibleCase } from './case-access.js';
import { type CaseContext, staffActor } from './case-context.js';

type CaseNote = Schema<'CaseNote'>;

/** Internal notes on a case: staff only, never shown to the reporter. */
export function createCaseNotes({ ctx }: CaseContext) {
  const { db, clock, audit } = ctx;
  return {
    async addCaseNote(staff: StaffPrincipal, caseId: string, body: string): Promise<CaseNote> {
      return db.transaction(async (tx) => {
        await loadVisibleCase(tx, staff, caseId, 'act');
        const now = clock.now();
        const note = { id: newId('note', now), authorStaffId: staff.id, body, createdAt: now.toISOString() };
        await tx.execute({
          sql: 'INSERT INTO case_notes (id, case_id, author_staff_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
          args: [note.id, caseId, note.authorStaffId, note.body, note.createdAt],
        });
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'case.note_added',
          subject: { type: 'case', id: caseId },
          details: { noteId: note.id },
        });
        return note;
      });
    },
  };
}

/** A case's notes, oldest first, for the staff view. */
export async function readCaseNotes(executor: Executor, caseId: string): Promise<CaseNote[]> {
  const notes = await executor.execute({
    sql: 'SELECT * FROM case_notes WHERE case_id = ? ORDER BY created_at, rowid',
    args: [caseId],
  });
  return notes.rows.map((row) => ({
    id: String(row.id),
    authorStaffId: String(row.author_staff_id),
    body: String(row.body),
    createdAt: String(row.created_at),
  }));
}
