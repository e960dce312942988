/**
 * What the consolidated summary reads: each period's submitted answers (numbers only, their
 * latest values: a correction or a late report shows at once) with the leader's per-unit
 * terms, and the units with their yearly targets. Rows become the domain's camelCase models
 * (domain/summary/build.ts) here.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { SummaryPeriodData, SummaryTarget, SummaryUnit } from '../domain/summary/build.js';
import { REPORTING_UNIT_KIND } from './clusters.js';

/**
 * The schedule's periods starting in [from, to), each with its submitted reports' numeric
 * answers and the units' terms (excused, extended deadline): one statement, however many
 * periods and units. Answers that are not numbers (text, dates, choices) are left in the
 * database.
 */
export async function listSummaryPeriods(
  db: Db,
  input: { scheduleId: number; from: Date; to: Date },
): Promise<SummaryPeriodData[]> {
  const { rows } = await sql<{
    key: string;
    deadline_at: Date;
    reports: { unit_id: number; submitted_at: string; values: Record<string, number> }[];
    terms: { unit_id: number; excused: boolean; deadline_at: string | null }[];
  }>`
    select p.key, p.deadline_at,
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'unit_id', r.unit_id, 'submitted_at', r.submitted_at,
          'values', (select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                     from jsonb_each(r.answers) e where jsonb_typeof(e.value) = 'number')
        ) order by r.unit_id)
        from reports r where r.period_id = p.id and r.status = 'submitted'
      ), '[]'::jsonb) as reports,
      coalesce((
        select jsonb_agg(jsonb_build_object('unit_id', o.unit_id, 'excused', o.excused, 'deadline_at', o.deadline_at)
          order by o.unit_id)
        from period_unit_overrides o where o.period_id = p.id
      ), '[]'::jsonb) as terms
    from periods p
    where p.schedule_id = ${input.scheduleId} and p.starts_at >= ${input.from} and p.starts_at < ${input.to}
    order by p.starts_at`.execute(db);
  return rows.map((row) => ({
    key: row.key,
    deadlineAt: new Date(row.deadline_at),
    reports: row.reports.map((r) => ({
      unitId: r.unit_id,
      submittedAt: new Date(r.submitted_at),
      values: r.values,
    })),
    terms: row.terms.map((t) => ({
      unitId: t.unit_id,
      excused: t.excused,
      ...(t.deadline_at === null ? {} : { deadlineAt: new Date(t.deadline_at) }),
    })),
  }));
}

/**
 * The cluster's reporting units in the configured order, with a unit taken out of the config
 * since (marked `removed`) only when it submitted a report of the schedule in [from, to);
 * and the units' yearly targets for `years`. One statement.
 */
export async function listSummaryUnits(
  db: Db,
  input: { clusterId: number; scheduleId: number; from: Date; to: Date; years: number[] },
): Promise<{ units: SummaryUnit[]; targets: SummaryTarget[] }> {
  const { rows } = await sql<{
    id: number;
    name: string;
    active: boolean;
    targets: { year: number; indicator: string; value: number | string }[];
  }>`
    select u.id, u.name, u.active,
      coalesce((
        select jsonb_agg(jsonb_build_object('year', t.year, 'indicator', t.indicator, 'value', t.value)
          order by t.year, t.indicator)
        from unit_targets t where t.unit_id = u.id and t.year = any(${input.years}::int[])
      ), '[]'::jsonb) as targets
    from units u
    where u.cluster_id = ${input.clusterId} and u.kind = ${REPORTING_UNIT_KIND}
      and (u.active or exists (
        select 1 from reports r join periods p on p.id = r.period_id
        where r.unit_id = u.id and r.status = 'submitted' and p.schedule_id = ${input.scheduleId}
          and p.starts_at >= ${input.from} and p.starts_at < ${input.to}))
    order by u.active desc, u.position, u.id`.execute(db);
  return {
    units: rows.map((u) => ({ id: u.id, name: u.name, ...(u.active ? {} : { removed: true }) })),
    targets: rows.flatMap((u) =>
      u.targets.map((t) => ({ unitId: u.id, year: t.year, indicator: t.indicator, value: Number(t.value) })),
    ),
  };
}

/** One submitted report's answers as stored (numbers, texts, choices, dates), for the files. */
export interface WindowAnswers {
  periodKey: string;
  unitId: number;
  unitCode: string;
  submittedAt: Date;
  /** Field key → the stored answer (JSON: a number, a string, an array of strings, a boolean). */
  values: Record<string, unknown>;
}

/**
 * Every submitted report of the schedule's periods starting in [from, to) with all its
 * answers, periods in order and units in the configured order: what the workbook's monthly
 * and text sheets and the CSV list. One statement.
 */
export async function listWindowAnswers(
  db: Db,
  input: { scheduleId: number; from: Date; to: Date },
): Promise<WindowAnswers[]> {
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('periods as p', 'p.id', 'r.period_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'p.key as periodKey',
      'r.unit_id as unitId',
      'u.code as unitCode',
      'r.submitted_at',
      'r.answers as values',
    ])
    .where('p.schedule_id', '=', input.scheduleId)
    .where('p.starts_at', '>=', input.from)
    .where('p.starts_at', '<', input.to)
    .where('r.status', '=', 'submitted')
    .orderBy('p.starts_at')
    .orderBy('u.position')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    periodKey: r.periodKey,
    unitId: r.unitId,
    unitCode: r.unitCode,
    submittedAt: new Date(r.submitted_at!),
    values: (r.values ?? {}) as Record<string, unknown>,
  }));
}

/** What a window's Word draft quotes beyond the numbers: the cluster's name, every proposal and every guidance. */
export interface WindowLetters {
  clusterName: string;
  /** The units' proposals (thread messages from a unit's side), oldest first. */
  proposals: { unitName: string; body: string; createdAt: Date }[];
  /** The guidance the leader sent, oldest first. */
  guidance: { body: string; createdAt: Date }[];
}

/** The cluster's name, its units' proposals and its guidance between `from` and `to`. One statement. */
export async function findWindowLetters(
  db: Db,
  input: { clusterId: number; from: Date; to: Date },
): Promise<WindowLetters> {
  const { rows } = await sql<{
    name: string;
    proposals: { unit_name: string; body: string; created_at: string }[];
    guidance: { body: string; created_at: string }[];
  }>`
    select c.name,
      coalesce((
        select jsonb_agg(jsonb_build_object('unit_name', u.name, 'body', m.body, 'created_at', m.created_at)
          order by m.created_at, m.id)
        from thread_messages m join units u on u.id = m.unit_id
        where m.cluster_id = c.id and m.side = 'unit' and m.created_at >= ${input.from} and m.created_at < ${input.to}
      ), '[]'::jsonb) as proposals,
      coalesce((
        select jsonb_agg(jsonb_build_object('body', g.body, 'created_at', g.created_at) order by g.created_at, g.id)
        from guidance_messages g
        where g.cluster_id = c.id and g.created_at >= ${input.from} and g.created_at < ${input.to}
      ), '[]'::jsonb) as guidance
    from units c where c.id = ${input.clusterId}`.execute(db);
  const row = rows[0];
  return {
    clusterName: row?.name ?? '',
    proposals: (row?.proposals ?? []).map((p) => ({
      unitName: p.unit_name,
      body: p.body,
      createdAt: new Date(p.created_at),
    })),
    guidance: (row?.guidance ?? []).map((g) => ({ body: g.body, createdAt: new Date(g.created_at) })),
  };
}
