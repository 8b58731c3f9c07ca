import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import { bool } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { conflict, type FieldError, notFound, unprocessable } from '../problem/problem-error.js';
import { normaliseOriginPattern, parseOriginPattern } from './partner-origins.js';

export type Partner = Schema<'Partner'>;
export type PartnerRegistration = Schema<'PartnerRegistration'>;
export type PartnerUpdate = Schema<'PartnerUpdate'>;

function rowToPartner(row: Record<string, unknown>): Partner {
  return {
    id: String(row.id),
    name: String(row.name),
    allowedOrigins: JSON.parse(String(row.allowed_origins)) as string[],
    enabled: bool(row.enabled),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** Checks every pattern and returns them normalised; a bad one is a 422 naming its index. */
function checkedOrigins(patterns: string[]): string[] {
  const errors: FieldError[] = [];
  patterns.forEach((pattern, index) => {
    const parsed = parseOriginPattern(pattern);
    if ('invalid' in parsed) errors.push({ pointer: `#/allowedOrigins/${index}`, detail: parsed.invalid });
  });
  if (errors.length > 0)
    throw unprocessable('invalid_origin', 'An allowed origin is not acceptable.', errors);
  return [...new Set(patterns.map(normaliseOriginPattern))];
}

export async function findPartner(db: Executor, id: string): Promise<Partner | undefined> {
  const row = (await db.execute({ sql: 'SELECT * FROM partners WHERE id = ?', args: [id] })).rows[0];
  return row ? rowToPartner(row) : undefined;
}

/** The partner registry: which apps may frame the widget, from which origins. */
export function createPartnerService(ctx: AppContext) {
  const { db, clock, audit } = ctx;

  return {
    find: (id: string) => findPartner(db, id),

    async list(): Promise<Partner[]> {
      const result = await db.execute('SELECT * FROM partners ORDER BY id');
      return result.rows.map((row) => rowToPartner(row));
    },

    async register(
      input: PartnerRegistration,
      actor: AuditActor,
      options: { demo?: boolean } = {},
    ): Promise<Partner> {
      const origins = checkedOrigins(input.allowedOrigins);
      const now = clock.now().toISOString();
      const partner: Partner = {
        id: input.id,
        name: input.name,
        allowedOrigins: origins,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      };
      await db.transaction(async (tx) => {
        if (await findPartner(tx, input.id)) throw conflict('partner_exists', `Partner ${input.id} exists.`);
        await tx.execute({
          sql: `INSERT INTO partners (id, name, allowed_origins, enabled, demo, created_at, updated_at)
                VALUES (?, ?, ?, 1, ?, ?, ?)`,
          args: [partner.id, partner.name, JSON.stringify(origins), options.demo ? 1 : 0, now, now],
        });
        await audit.appendWithin(tx, {
          actor,
          action: 'partner.registered',
          subject: { type: 'partner', id: partner.id },
          details: { allowedOrigins: origins },
        });
      });
      return partner;
    },

    async update(id: string, change: PartnerUpdate, actor: AuditActor): Promise<Partner> {
      const origins = change.allowedOrigins ? checkedOrigins(change.allowedOrigins) : undefined;
      return db.transaction(async (tx) => {
        const current = await findPartner(tx, id);
        if (!current) throw notFound(`No partner ${id}.`, 'partner_not_found');
        const next: Partner = {
          ...current,
          ...(change.name !== undefined && { name: change.name }),
          ...(origins && { allowedOrigins: origins }),
          ...(change.enabled !== undefined && { enabled: change.enabled }),
          updatedAt: clock.now().toISOString(),
        };
        await tx.execute({
          sql: 'UPDATE partners SET name = ?, allowed_origins = ?, enabled = ?, updated_at = ? WHERE id = ?',
          args: [next.name, JSON.stringify(next.allowedOrigins), next.enabled ? 1 : 0, next.updatedAt, id],
        });
        await audit.appendWithin(tx, {
          actor,
          action: 'partner.updated',
          subject: { type: 'partner', id },
          details: { allowedOrigins: next.allowedOrigins, enabled: next.enabled },
        });
        return next;
      });
    },
  };
}
