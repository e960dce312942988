import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Report, ReportAttachmentsTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import { local, TIME_ZONE } from '../domain/time.js';
import {
  answersSchema,
  answerValueSchema,
  assertStorableAnswer,
  type Answers,
  type AnswerValue,
} from '../domain/form.js';
import { answerVersionsSchema, type AnswerVersions } from '../domain/answer-versions.js';
import type { Period, ReportStatus } from '../db/schema.js';

/** A report with its answers read, and each answer's version (read with them, so they match). */
export type ReportRow = Omit<Report, 'answers' | 'answer_versions'> & { answers: Answers; versions: AnswerVersions };

function withAnswers(row: Report): ReportRow {
  const { answer_versions: versions, ...rest } = row;
  return { ...rest, answers: answersSchema.parse(row.answers), versions: parseVersions(versions) };
}

/** A missing or unreadable version map counts as "never written" (0) for every answer. */
function parseVersions(value: unknown): AnswerVersions {
  const parsed = answerVersionsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

export async function findReport(db: Db, periodId: number, unitId: number): Promise<ReportRow | undefined> {
  const row = await db
    .selectFrom('reports')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row && withAnswers(row);
}

export async function findReportById(db: Db, reportId: number): Promise<ReportRow | undefined> {
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
 * Saves one answer of a draft (jsonb merge, so two contacts never erase each other's other
 * answers), or with `status: 'submitted'` changes one of a submitted report and records the
 * revision. False when the report is not in that status, or with `onlyIfUnanswered`, when
 * someone wrote the answer meanwhile (it is left alone). Prefer `writeAnswer`, which says
 * what happened.
 */
export async function saveAnswer(
  db: Db,
  reportId: number,
  key: string,
  value: AnswerValue,
  personId: number,
  now: Date,
  options: { onlyIfUnanswered?: boolean; status?: 'draft' | 'submitted' } = {},
): Promise<boolean> {
  const result = await writeAnswer(db, {
    reportId,
    key,
    value,
    personId,
    now,
    status: options.status ?? 'draft',
    ...(options.onlyIfUnanswered ? { seen: 0 } : {}),
  });
  return result.kind === 'saved';
}

export type AnswerWriteResult =
  /** Stored (or already the stored value: `changed` false); `version` is the answer's version now. */
  | { kind: 'saved'; changed: boolean; version: number }
  /** Someone changed the answer after the writer's screen showed it: nothing written. */
  | { kind: 'conflict'; value: AnswerValue | undefined; version: number; by: number | undefined }
  /** The report is not (or no longer) in the status the writer expected: nothing written. */
  | { kind: 'refused' };

/**
 * Writes one answer if the writer saw its current version (`seen`; undefined: do not check).
 * Of two writers racing on one answer the second always sees the first: see `writeAnswerAndRead`.
 * Every change is kept in report_answer_history; a change to a sent report (`status`
 * 'submitted') is also a revision for the leader.
 */
export async function writeAnswer(db: Db, input: AnswerWrite): Promise<AnswerWriteResult> {
  return (await writeAnswerAndRead(db, input)).result;
}

export interface AnswerWrite {
  reportId: number;
  key: string;
  value: AnswerValue;
  personId: number;
  now: Date;
  status: ReportStatus;
  seen?: number;
  /**
   * The writer's conversation state to store with the answer, only if the answer is written
   * (the next question's screen): saves the round trip of a separate write.
   */
  conversation?: { kind: string };
}

/**
 * `writeAnswer`, also returning the report as it is after the write (undefined if it is gone).
 * One statement, so one round trip: the report row is locked (SELECT … FOR UPDATE in the first
 * part), and the update's conditions (status, version seen, a value that differs) are checked
 * against the row's latest version, so of two writers racing on one answer the second waits
 * for the first and then sees its version. The history row (and the revision of a sent report)
 * is written by the same statement, only when the answer changed; so is the writer's
 * `conversation` state, if given (the `changed` result says it was written).
 */
export async function writeAnswerAndRead(
  db: Db,
  input: AnswerWrite,
): Promise<{ result: AnswerWriteResult; report: ReportRow | undefined }> {
  const { reportId, key, value, personId, now, status } = input;
  assertStorableAnswer(value);
  const json = JSON.stringify(value);
  const seen = input.seen ?? null;
  const submitted = status === 'submitted';
  const conversation = input.conversation ? JSON.stringify(input.conversation) : null;
  const { rows } = await sql<
    Report & {
      old_value: unknown;
      old_present: boolean;
      old_version: number;
      old_by: number | null;
      same: boolean;
      changed: boolean;
      new_answers: unknown;
      new_versions: unknown;
      new_updated_at: Date | null;
    }
  >`
    with old as (
      select r.*, r.answers -> ${key}::text as old_value, r.answers ? ${key}::text as old_present,
        coalesce((r.answer_versions -> ${key}::text ->> 'v')::int, 0) as old_version,
        (r.answer_versions -> ${key}::text ->> 'by')::int as old_by
      from reports r where r.id = ${reportId} for update
    ), upd as (
      update reports r set
        answers = r.answers || jsonb_build_object(${key}::text, ${json}::jsonb),
        answer_versions = r.answer_versions || jsonb_build_object(${key}::text, jsonb_build_object(
          'v', coalesce((r.answer_versions -> ${key}::text ->> 'v')::int, 0) + 1, 'by', ${personId}::int, 'at', ${now.toISOString()}::text)),
        updated_by = ${personId}, updated_at = ${now}
      where r.id = ${reportId} and r.status = ${status}
        and (r.answers -> ${key}::text) is distinct from ${json}::jsonb
        and (${seen}::int is null or coalesce((r.answer_versions -> ${key}::text ->> 'v')::int, 0) = ${seen}::int)
      returning r.answers, r.answer_versions, r.updated_at
    ), hist as (
      insert into report_answer_history (report_id, field_key, version, old_value, new_value, person_id, at, submitted)
      select ${reportId}, ${key}, (upd.answer_versions -> ${key}::text ->> 'v')::int, old.old_value, ${json}::jsonb, ${personId}, ${now}, ${submitted}
      from upd, old
    ), rev as (
      insert into report_revisions (report_id, field_key, old_value, new_value, person_id, at)
      select ${reportId}, ${key}, old.old_value, ${json}::jsonb, ${personId}, ${now}
      from upd, old where ${submitted}
    ), conv as (
      insert into conversations (person_id, state, updated_at)
      select ${personId}, ${conversation}::jsonb, ${now} from upd where ${conversation}::jsonb is not null
      on conflict (person_id) do update set state = excluded.state, updated_at = excluded.updated_at
    )
    select old.*, (old.old_value is not distinct from ${json}::jsonb) as same, (upd.answers is not null) as changed,
      upd.answers as new_answers, upd.answer_versions as new_versions, upd.updated_at as new_updated_at
    from old left join upd on true
  `.execute(db);
  const row = rows[0];
  if (!row) return { result: { kind: 'refused' }, report: undefined };
  const {
    old_value: oldValue,
    old_present: present,
    old_version: version,
    old_by: by,
    same,
    changed,
    new_answers: answers,
    new_versions: versions,
    new_updated_at: updatedAt,
    ...rest
  } = row;
  const report = withAnswers(
    changed
      ? { ...rest, answers, answer_versions: versions, updated_by: personId, updated_at: new Date(updatedAt!) }
      : rest,
  );
  if (changed) return { result: { kind: 'saved', changed: true, version: version + 1 }, report };
  if (row.status !== status) return { result: { kind: 'refused' }, report };
  const old = present ? answerValueSchema.parse(oldValue) : undefined;
  if (same) return { result: { kind: 'saved', changed: false, version }, report };
  return { result: { kind: 'conflict', value: old, version, by: by ?? undefined }, report };
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

export async function reportsForPeriod(
  db: Db,
  periodId: number,
): Promise<Pick<Report, 'id' | 'unit_id' | 'status' | 'submitted_at'>[]> {
  return db
    .selectFrom('reports')
    .select(['id', 'unit_id', 'status', 'submitted_at'])
    .where('period_id', '=', periodId)
    .execute();
}

/** The unit's answers in the last submitted report of the same schedule before this period. */
export async function previousAnswers(
  db: Db,
  report: Pick<Report, 'period_id' | 'unit_id'>,
): Promise<Answers | undefined> {
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
  id: number;
  fieldKey: string;
  oldValue: AnswerValue | undefined;
  newValue: AnswerValue | undefined;
  personId: number;
  at: Date;
}

export async function listRevisions(
  db: Db,
  reportId: number,
  options: { unannounced?: boolean } = {},
): Promise<Revision[]> {
  const rows = await db
    .selectFrom('report_revisions')
    .selectAll()
    .where('report_id', '=', reportId)
    .$if(options.unannounced === true, (q) => q.where('announced_at', 'is', null))
    .orderBy('id')
    .execute();
  const value = (v: unknown) => (v === null ? undefined : answerValueSchema.parse(v));
  return rows.map((r) => ({
    id: r.id,
    fieldKey: r.field_key,
    oldValue: value(r.old_value),
    newValue: value(r.new_value),
    personId: r.person_id,
    at: r.at,
  }));
}

/** The revisions' field key for a file added to or removed from a sent report (never a template key). */
export const FILE_REVISION_KEY = '#files';

/**
 * Records, as a revision the leader is told of, a file added to a sent report (`from` null)
 * or removed from it (`to` null); the values are the file's name as shown.
 */
export async function recordFileChange(
  db: Db,
  reportId: number,
  change: { from: string | null; to: string | null },
  personId: number,
  now: Date,
): Promise<void> {
  const json = (v: string | null) => (v === null ? null : JSON.stringify(v));
  await db
    .insertInto('report_revisions')
    .values({
      report_id: reportId,
      field_key: FILE_REVISION_KEY,
      old_value: json(change.from),
      new_value: json(change.to),
      person_id: personId,
      at: now,
    })
    .execute();
}

/** The id of the report's last revision (0: none), to tell later revisions from earlier ones. */
export async function lastRevisionId(db: Db, reportId: number): Promise<number> {
  const row = await db
    .selectFrom('report_revisions')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Marks the report's changes not yet told as told to the leader at `at` (`told`: true), or
 * takes "told" back from the changes marked at `at` (false: their notice never reached the
 * leader, so the next finished correction tells them again); returns how many there were.
 */
export async function markRevisionsAnnounced(db: Db, reportId: number, at: Date, told: boolean): Promise<number> {
  const rows = await db
    .updateTable('report_revisions')
    .set({ announced_at: told ? at : null })
    .where('report_id', '=', reportId)
    .where((eb) => (told ? eb('announced_at', 'is', null) : eb('announced_at', '=', at)))
    .returning('id')
    .execute();
  return rows.length;
}

export interface Attachment {
  kind: 'photo' | 'document';
  fileId: string;
  fileName: string | null;
  fileSize: number | null;
  /** What the person wrote with the file. */
  caption?: string | null;
  /** Telegram's album id, shared by the files of one album. */
  mediaGroupId?: string | null;
}

/** A file kept with a report. */
export interface StoredAttachment extends Attachment {
  id: number;
  caption: string | null;
  mediaGroupId: string | null;
  ackMessageId: number | null;
  personId: number;
}

/** Keeps a file with the report; returns its id. */
export async function addAttachment(
  db: Db,
  reportId: number,
  file: Attachment,
  personId: number,
  now: Date,
): Promise<number> {
  const { id } = await db
    .insertInto('report_attachments')
    .values({
      report_id: reportId,
      kind: file.kind,
      telegram_file_id: file.fileId,
      file_name: file.fileName,
      file_size: file.fileSize,
      caption: file.caption ?? null,
      media_group_id: file.mediaGroupId ?? null,
      person_id: personId,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

function storedAttachment(r: Selectable<ReportAttachmentsTable>): StoredAttachment {
  return {
    id: r.id,
    kind: r.kind,
    fileId: r.telegram_file_id,
    fileName: r.file_name,
    fileSize: r.file_size,
    caption: r.caption,
    mediaGroupId: r.media_group_id,
    ackMessageId: r.ack_message_id,
    personId: r.person_id,
  };
}

/** The report's files, oldest first, without the removed ones. */
export async function listAttachments(db: Db, reportId: number): Promise<StoredAttachment[]> {
  const rows = await db
    .selectFrom('report_attachments')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(storedAttachment);
}

/** The files of one album already kept with the report (not removed), oldest first. */
export async function albumFiles(db: Db, reportId: number, mediaGroupId: string): Promise<StoredAttachment[]> {
  const rows = await db
    .selectFrom('report_attachments')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('media_group_id', '=', mediaGroupId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(storedAttachment);
}

/** Remembers the bot's reply to a file (or to the album it opens), to update it later. */
export async function setAttachmentAck(db: Db, attachmentId: number, messageId: number): Promise<void> {
  await db
    .updateTable('report_attachments')
    .set({ ack_message_id: messageId })
    .where('id', '=', attachmentId)
    .execute();
}

export async function findAttachment(
  db: Db,
  attachmentId: number,
): Promise<(StoredAttachment & { reportId: number; removed: boolean }) | undefined> {
  const row = await db.selectFrom('report_attachments').selectAll().where('id', '=', attachmentId).executeTakeFirst();
  return row && { ...storedAttachment(row), reportId: row.report_id, removed: row.removed_at !== null };
}

/**
 * Takes files out of a report (kept in the table with who and when, not deleted). Only files
 * of `reportId` not removed yet; returns the ones removed now.
 */
export async function removeAttachments(
  db: Db,
  reportId: number,
  attachmentIds: number[],
  personId: number,
  now: Date,
): Promise<StoredAttachment[]> {
  if (attachmentIds.length === 0) return [];
  const rows = await db
    .updateTable('report_attachments')
    .set({ removed_at: now, removed_by: personId })
    .where('report_id', '=', reportId)
    .where('id', 'in', attachmentIds)
    .where('removed_at', 'is', null)
    .returningAll()
    .execute();
  return rows.map(storedAttachment).sort((a, b) => a.id - b.id);
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
export async function targetProgress(
  db: Db,
  report: Pick<Report, 'id' | 'unit_id' | 'period_id'>,
  indicator: string,
  fieldKey: string,
): Promise<TargetProgress | undefined> {
  const period = await db
    .selectFrom('periods')
    .select(['starts_at', 'schedule_id'])
    .where('id', '=', report.period_id)
    .executeTakeFirstOrThrow();
  const year = local(period.starts_at).year();
  const target = await db
    .selectFrom('unit_targets')
    .select('value')
    .where('unit_id', '=', report.unit_id)
    .where('year', '=', year)
    .where('indicator', '=', indicator)
    .executeTakeFirst();
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

/**
 * A report with its period, and what its numeric answers are compared with (see
 * `AnswerHistory`), read in one statement: the answer path's one read of the report.
 */
export async function findReportWithPeriod(db: Db, reportId: number): Promise<ReportWithPeriod | undefined> {
  const { rows } = await reportWithPeriodQuery(sql`${reportId}`).execute(db);
  return rows[0] && reportWithPeriodFrom(rows[0]);
}

/** What `findReportWithPeriod` reads: the report, its period, and what its numeric answers are compared with. */
export interface ReportWithPeriod {
  report: ReportRow;
  period: Period;
  history: AnswerHistory;
}

/** The statement of `findReportWithPeriod`, for the report whose id is the SQL expression `reportId` (also read inside a larger statement). */
export function reportWithPeriodQuery(reportId: RawBuilder<unknown>) {
  return sql<ReportWithPeriodRow>`
    select r.*, to_jsonb(p) as period,
      (select r2.answers from reports r2 join periods p2 on p2.id = r2.period_id
        where p2.schedule_id = p.schedule_id and p2.starts_at < p.starts_at and r2.unit_id = r.unit_id and r2.status = 'submitted'
        order by p2.starts_at desc limit 1) as h_previous,
      (select coalesce(jsonb_agg(jsonb_build_object('answers', r2.answers, 'starts_at', p2.starts_at)), '[]'::jsonb) from reports r2 join periods p2 on p2.id = r2.period_id
        where r2.unit_id = r.unit_id and r2.status = 'submitted' and r2.id <> r.id and p2.schedule_id = p.schedule_id) as h_others,
      (select coalesce(jsonb_object_agg(t.indicator, t.value), '{}'::jsonb) from unit_targets t
        where t.unit_id = r.unit_id and t.year = extract(year from p.starts_at at time zone ${TIME_ZONE})::int) as h_targets
    from reports r join periods p on p.id = r.period_id
    where r.id = ${reportId}`;
}

/** A row of `reportWithPeriodQuery` read as JSON (to_jsonb, inside a larger statement): as `findReportWithPeriod` returns it. */
export function reportWithPeriodFromJson(json: Record<string, unknown>): ReportWithPeriod {
  const dates = ['submitted_at', 'created_at', 'updated_at'];
  return reportWithPeriodFrom(datesFromJson(json, dates) as unknown as ReportWithPeriodRow);
}

type ReportWithPeriodRow = Report & { period: Record<string, unknown> } & HistoryColumns;

function reportWithPeriodFrom(row: ReportWithPeriodRow): ReportWithPeriod {
  const { period: periodJson, h_previous, h_others, h_targets, ...report } = row;
  const period = periodFromJson(periodJson);
  return {
    report: withAnswers(report),
    period,
    history: historyFrom({ h_previous, h_others, h_targets }, local(period.starts_at).year()),
  };
}

interface HistoryColumns {
  h_previous: unknown;
  h_others: { answers: unknown; starts_at: string }[];
  h_targets: Record<string, number | string>;
}

function historyFrom(row: HistoryColumns, year: number): AnswerHistory {
  const sameYear = row.h_others
    .filter((o) => local(new Date(o.starts_at)).year() === year)
    .map((o) => answersSchema.parse(o.answers));
  return {
    previous: row.h_previous === null || row.h_previous === undefined ? undefined : answersSchema.parse(row.h_previous),
    progress(indicator, fieldKey) {
      const target = row.h_targets[indicator];
      if (target === undefined) return undefined;
      const reported = sameYear.reduce((sum, answers) => {
        const value = answers[fieldKey];
        return sum + (typeof value === 'number' ? value : 0);
      }, 0);
      return { year, target: Number(target), reported };
    },
  };
}

/** to_jsonb gives timestamps as ISO strings: back to Dates, as the driver gives them. */
function periodFromJson(json: Record<string, unknown>): Period {
  const dates = ['starts_at', 'ends_at', 'deadline_at', 'opened_at', 'closed_at', 'created_at', 'updated_at'];
  return datesFromJson(json, dates) as unknown as Period;
}

/** `json` with its `dates` (ISO strings from to_jsonb) as Dates. */
function datesFromJson(json: Record<string, unknown>, dates: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...json };
  for (const key of dates) if (typeof out[key] === 'string') out[key] = new Date(out[key] as string);
  return out;
}

/**
 * What a numeric answer is compared with, read in one statement: the unit's answers in its
 * last submitted report of the same schedule before this period (`previous`), and for each
 * yearly target of the unit in the period's year, the target and what the unit's other
 * submitted reports of that year add up to (`progress(indicator, fieldKey)`).
 */
export interface AnswerHistory {
  previous: Answers | undefined;
  progress(indicator: string, fieldKey: string): TargetProgress | undefined;
}

export async function answerHistory(
  db: Db,
  report: Pick<Report, 'id' | 'unit_id'>,
  period: Pick<Period, 'id' | 'starts_at' | 'schedule_id'>,
): Promise<AnswerHistory> {
  const year = local(period.starts_at).year();
  const { rows } = await sql<HistoryColumns>`
    select
      (select r.answers from reports r join periods p on p.id = r.period_id
        where p.schedule_id = ${period.schedule_id} and p.starts_at < ${period.starts_at} and r.unit_id = ${report.unit_id} and r.status = 'submitted'
        order by p.starts_at desc limit 1) as h_previous,
      (select coalesce(jsonb_agg(jsonb_build_object('answers', r.answers, 'starts_at', p.starts_at)), '[]'::jsonb) from reports r join periods p on p.id = r.period_id
        where r.unit_id = ${report.unit_id} and r.status = 'submitted' and r.id <> ${report.id} and p.schedule_id = ${period.schedule_id}) as h_others,
      (select coalesce(jsonb_object_agg(t.indicator, t.value), '{}'::jsonb) from unit_targets t where t.unit_id = ${report.unit_id} and t.year = ${year}) as h_targets
  `.execute(db);
  return historyFrom(rows[0]!, year);
}
