import { sql } from 'kysely';
import { type Db, inTransaction } from '../db/connect.js';
import type { Report } from '../db/schema.js';
import { isDeepStrictEqual } from 'node:util';
import { local } from '../domain/time.js';
import { answersSchema, answerValueSchema, type Answers, type AnswerValue } from '../domain/form.js';

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

/**
 * Saves one answer atomically (jsonb merge), so two contacts never erase each other's
 * other answers. With `onlyIfUnanswered`, a question someone else answered meanwhile is
 * left alone and false comes back.
 */
export async function saveAnswer(db: Db, reportId: number, key: string, value: AnswerValue, personId: number, now: Date, options: { onlyIfUnanswered?: boolean } = {}): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({
      answers: sql`answers || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`,
      updated_by: personId,
      updated_at: now,
    })
    .where('id', '=', reportId)
    .where('status', '=', 'draft')
    .$if(options.onlyIfUnanswered === true, (q) => q.where(sql<boolean>`not jsonb_exists(answers, ${key}::text)`))
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

export interface Revision {
  fieldKey: string;
  oldValue: AnswerValue | undefined;
  newValue: AnswerValue | undefined;
  personId: number;
  at: Date;
}

/**
 * Changes one answer of a submitted report and records the revision, in one transaction.
 * Returns false when the value did not change or the report is no longer submitted.
 */
export async function reviseAnswer(db: Db, reportId: number, key: string, value: AnswerValue, personId: number, now: Date): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('reports').select(['answers', 'status']).where('id', '=', reportId).forUpdate().executeTakeFirst();
    if (!row || row.status !== 'submitted') return false;
    const old = answersSchema.parse(row.answers)[key];
    if (isDeepStrictEqual(old, value)) return true;
    await trx
      .updateTable('reports')
      .set({ answers: sql`answers || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`, updated_by: personId, updated_at: now })
      .where('id', '=', reportId)
      .execute();
    await trx
      .insertInto('report_revisions')
      .values({ report_id: reportId, field_key: key, old_value: old === undefined ? null : JSON.stringify(old), new_value: JSON.stringify(value), person_id: personId, at: now })
      .execute();
    return true;
  });
}

export async function revisionsOf(db: Db, reportId: number, options: { unannounced?: boolean } = {}): Promise<Revision[]> {
  const rows = await db
    .selectFrom('report_revisions')
    .selectAll()
    .where('report_id', '=', reportId)
    .$if(options.unannounced === true, (q) => q.where('announced_at', 'is', null))
    .orderBy('id')
    .execute();
  const value = (v: unknown) => (v === null ? undefined : answerValueSchema.parse(v));
  return rows.map((r) => ({ fieldKey: r.field_key, oldValue: value(r.old_value), newValue: value(r.new_value), personId: r.person_id, at: r.at }));
}

/** Marks the report's changes as told to the leader; returns how many there were. */
export async function markRevisionsAnnounced(db: Db, reportId: number, at: Date): Promise<number> {
  const rows = await db.updateTable('report_revisions').set({ announced_at: at }).where('report_id', '=', reportId).where('announced_at', 'is', null).returning('id').execute();
  return rows.length;
}

/**
 * Takes back "told" from the changes marked at `at` (their notice never reached the leader), so
 * the next finished correction tells them again; returns how many.
 */
export async function unmarkRevisionsAnnounced(db: Db, reportId: number, at: Date): Promise<number> {
  const rows = await db.updateTable('report_revisions').set({ announced_at: null }).where('report_id', '=', reportId).where('announced_at', '=', at).returning('id').execute();
  return rows.length;
}

export interface Attachment {
  kind: 'photo' | 'document';
  fileId: string;
  fileName: string | null;
  fileSize: number | null;
}

export async function addAttachment(db: Db, reportId: number, file: Attachment, personId: number, now: Date): Promise<void> {
  await db
    .insertInto('report_attachments')
    .values({ report_id: reportId, kind: file.kind, telegram_file_id: file.fileId, file_name: file.fileName, file_size: file.fileSize, person_id: personId, at: now })
    .execute();
}

export async function attachmentsOf(db: Db, reportId: number): Promise<Attachment[]> {
  const rows = await db.selectFrom('report_attachments').selectAll().where('report_id', '=', reportId).orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind, fileId: r.telegram_file_id, fileName: r.file_name, fileSize: r.file_size }));
}

/** The unit's submitted reports, newest first, for "Báo cáo đã gửi". */
export async function submittedReports(db: Db, unitId: number, limit = 12) {
  return db
    .selectFrom('reports as r')
    .innerJoin('periods as p', 'p.id', 'r.period_id')
    .innerJoin('report_templates as t', 't.id', 'r.template_id')
    .select(['r.id', 'p.key', 'r.submitted_at', 't.definition'])
    .where('r.unit_id', '=', unitId)
    .where('r.status', '=', 'submitted')
    .orderBy('p.starts_at', 'desc')
    .limit(limit)
    .execute();
}

export interface TargetProgress {
  year: number;
  target: number;
  /** The field's values in the unit's other submitted reports of that year. */
  reported: number;
}

/** The unit's yearly target for an indicator and what its other reports of the year add up to. */
export async function targetProgress(db: Db, report: Pick<Report, 'id' | 'unit_id' | 'period_id'>, indicator: string, fieldKey: string): Promise<TargetProgress | undefined> {
  const period = await db.selectFrom('periods').select(['starts_at', 'schedule_id']).where('id', '=', report.period_id).executeTakeFirstOrThrow();
  const year = local(period.starts_at).year();
  const target = await db.selectFrom('unit_targets').select('value').where('unit_id', '=', report.unit_id).where('year', '=', year).where('indicator', '=', indicator).executeTakeFirst();
  if (!target) return undefined;
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('periods as p', 'p.id', 'r.period_id')
    .select(['r.answers', 'p.starts_at'])
    .where('r.unit_id', '=', report.unit_id)
    .where('r.status', '=', 'submitted')
    .where('r.id', '!=', report.id)
    .where('p.schedule_id', '=', period.schedule_id)
    .execute();
  const sameYear = rows.filter((r) => local(r.starts_at).year() === year);
  const reported = sameYear.reduce((sum, r) => {
    const value = answersSchema.parse(r.answers)[fieldKey];
    return sum + (typeof value === 'number' ? value : 0);
  }, 0);
  return { year, target: target.value, reported };
}
