import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Report } from '../db/schema.js';
import { answersSchema, type Answers, type AnswerValue } from '../domain/form.js';

export type ReportRow = Omit<Report, 'answers'> & { answers: Answers };

function withAnswers(row: Report): ReportRow {
  return { ...row, answers: answersSchema.parse(row.answers) };
}

export async function findReport(db: Db, periodId: number, unitId: number): Promise<ReportRow | undefined> {
  const row = await db.selectFrom('reports').selectAll().where('period_id', '=', periodId).where('unit_id', '=', unitId).executeTakeFirst();
  return row && withAnswers(row);
}

export async function getReport(db: Db, reportId: number): Promise<ReportRow | undefined> {
  const row = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst();
  return row && withAnswers(row);
}

/** One report per unit and period, shared by the unit's contacts: returns the existing one if any. */
export async function findOrStartDraft(
  db: Db,
  input: { clusterId: number; periodId: number; unitId: number; templateId: number; personId: number; now: Date },
): Promise<ReportRow> {
  await db
    .insertInto('reports')
    .values({
      cluster_id: input.clusterId,
      period_id: input.periodId,
      unit_id: input.unitId,
      template_id: input.templateId,
      status: 'draft',
      started_by: input.personId,
      updated_by: input.personId,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.columns(['period_id', 'unit_id']).doNothing())
    .execute();
  return (await findReport(db, input.periodId, input.unitId))!;
}

/** Saves one answer atomically (jsonb merge), so two contacts never erase each other's answers. */
export async function saveAnswer(db: Db, reportId: number, key: string, value: AnswerValue, personId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({
      answers: sql`answers || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`,
      updated_by: personId,
      updated_at: now,
    })
    .where('id', '=', reportId)
    .where('status', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** Marks the draft submitted; false when it was already submitted (a double tap). */
export async function submitReport(db: Db, reportId: number, personId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ status: 'submitted', submitted_by: personId, submitted_at: now, updated_by: personId, updated_at: now })
    .where('id', '=', reportId)
    .where('status', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function reportsForPeriod(db: Db, periodId: number): Promise<Pick<Report, 'id' | 'unit_id' | 'status' | 'submitted_at'>[]> {
  return db.selectFrom('reports').select(['id', 'unit_id', 'status', 'submitted_at']).where('period_id', '=', periodId).execute();
}

/** The unit's answers in the last submitted report of the same schedule before this period. */
export async function previousAnswers(db: Db, report: Pick<Report, 'period_id' | 'unit_id'>): Promise<Answers | undefined> {
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('periods as p', 'p.id', 'r.period_id')
    .innerJoin('periods as current', 'current.schedule_id', 'p.schedule_id')
    .select('r.answers')
    .where('current.id', '=', report.period_id)
    .whereRef('p.starts_at', '<', 'current.starts_at')
    .where('r.unit_id', '=', report.unit_id)
    .where('r.status', '=', 'submitted')
    .orderBy('p.starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && answersSchema.parse(row.answers);
}
