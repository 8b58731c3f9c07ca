import { durationCodeSql } from './duration-code.js';
import { ROLLUP_FACTS, ROLLUP_TABLES, type RollupFact, type RollupTable } from './rollup-facts.js';

/**
 * The SQL that keeps the rollups, generated from `rollup-facts.ts`: one trigger per table and
 * event (insert: count the row in; update of a watched column: count the old row out and the new
 * one in) and one backfill statement per fact. Rows are never counted out on delete: the
 * figures are the scheme's history, and deleting a closed case's personal data under a retention
 * rule does not unmake the tip.
 *
 * Each fact lands in two grains (`d`: the UTC day, `m`: its month) and six scopes (`kind`):
 * everything (''), per district (`d`), source (`s`), platform (`p`), district × source (`ds`)
 * and district × platform (`dp`). A period reads whole months from `m` and its ragged ends from
 * `d`, so "since launch" reads a few thousand rows however many cases there are.
 */

export const ROLLUP_SCOPE_KINDS = ['', 'd', 's', 'p', 'ds', 'dp'] as const;
export type ScopeKind = (typeof ROLLUP_SCOPE_KINDS)[number];

const tableOf = (name: string): RollupTable => ROLLUP_TABLES.find((table) => table.table === name)!;

/** Substitutes the row alias: `NEW`/`OLD` in triggers, the scanned table in the backfill. */
const bind = (sql: string, row: string) => sql.replace(/\bR\./g, `${row}.`);

function keyExpression(table: RollupTable): string {
  const d = `nullif(${table.district}, '')`;
  const s = `nullif(${table.source}, '')`;
  const p = `nullif(${table.platform}, '')`;
  return `CASE k.kind WHEN '' THEN '' WHEN 'd' THEN ${d} WHEN 's' THEN ${s} WHEN 'p' THEN ${p}
    WHEN 'ds' THEN ${d} || '|' || ${s} WHEN 'dp' THEN ${d} || '|' || ${p} END`;
}

/** One fact's rows for one table row (`row`), signed; `from` adds the table for the backfill. */
function factStatement(fact: RollupFact, row: string, sign: 1 | -1, from = ''): string {
  const table = tableOf(fact.table);
  const day = `date(${bind(fact.at, row)})`;
  const value = bind(fact.value ?? '1', row);
  const grouped = from !== '';
  const amount = grouped ? 'sum(v)' : `${sign} * v`;
  const target = fact.duration ? 'metrics_durations' : 'metrics_counts';
  const code = fact.duration ? bind(durationCodeSql(fact.duration.start, fact.duration.end), row) : null;
  const columns = `kind, grain, bucket, metric, key${code ? ', code' : ''}, n`;
  const inner = `SELECT k.kind AS kind, g.grain AS grain, substr(${day}, 1, g.width) AS bucket,
      ${bind(keyExpression(table), row)} AS key${code ? `, ${code} AS code` : ''}, ${value} AS v
    FROM ${from}metrics_grains g, metrics_scope_kinds k
    WHERE (${bind(fact.when, row)}) AND ${day} IS NOT NULL`;
  const conflict = `kind, grain, bucket, metric, key${code ? ', code' : ''}`;
  return `INSERT INTO ${target} (${columns})
    SELECT kind, grain, bucket, '${fact.metric}', key${code ? ', code' : ''}, ${amount}
    FROM (${inner}) WHERE key IS NOT NULL${grouped ? ` GROUP BY kind, grain, bucket, key${code ? ', code' : ''}` : ''}
    ON CONFLICT (${conflict}) DO UPDATE SET n = n + excluded.n`;
}

const factsOf = (table: string) => ROLLUP_FACTS.filter((fact) => fact.table === table);

/** CREATE TRIGGER statements for every rolled-up table. */
export function rollupTriggers(): string[] {
  return ROLLUP_TABLES.flatMap((table) => {
    const facts = factsOf(table.table);
    const added = facts.map((fact) => `${factStatement(fact, 'NEW', 1)};`).join('\n');
    const removed = facts.map((fact) => `${factStatement(fact, 'OLD', -1)};`).join('\n');
    const changed = table.watch.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ');
    return [
      `CREATE TRIGGER metrics_${table.table}_insert AFTER INSERT ON ${table.table} BEGIN\n${added}\nEND`,
      `CREATE TRIGGER metrics_${table.table}_update AFTER UPDATE OF ${table.watch.join(', ')} ON ${table.table}
        WHEN ${changed} BEGIN\n${removed}\n${added}\nEND`,
    ];
  });
}

export const dropRollupTriggers = (): string[] =>
  ROLLUP_TABLES.flatMap((table) => [
    `DROP TRIGGER IF EXISTS metrics_${table.table}_insert`,
    `DROP TRIGGER IF EXISTS metrics_${table.table}_update`,
  ]);

/** Recounts every fact from the tables as they are (the migration's backfill; tests compare). */
export function rollupBackfill(): string[] {
  return [
    'DELETE FROM metrics_counts',
    'DELETE FROM metrics_durations',
    ...ROLLUP_FACTS.map((fact) => factStatement(fact, 'r', 1, `${fact.table} r, `)),
  ];
}
