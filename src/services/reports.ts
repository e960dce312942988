/**
 * A unit's report as a whole: opening (or resuming) it for a period, sending it with the
 * leader's notice, correcting it after it was sent (each change recorded, the leader told at
 * «Xong»), reading it back, and the files kept with it. Answering its questions one by one is
 * the report form's (bot/features/report-form.ts).
 *
 * Rights: a unit's reporting contact (or the leader for the leader's own unit, see
 * services/actor.ts) works on the unit's report; the cluster leader reads every report of
 * the cluster. Reports of a period that has ended are frozen (store/periods.ts isOpen).
 */
import { missingRequired } from '../domain/form.js';
import { isLate } from '../domain/periods.js';
import { canAmend } from '../domain/review.js';
import { shareableAnswers } from '../domain/share.js';
import { templateDefinitionSchema, type TemplateDefinition } from '../domain/template.js';
import type { Db } from '../db/connect.js';
import type { Period } from '../db/schema.js';
import { reportName, vi } from '../i18n/vi.js';
import { auditByPerson } from '../store/audit.js';
import { createBatch } from '../delivery/outbox.js';
import { findUnitById, loadTemplate } from '../store/clusters.js';
import { clearConversation, setConversation } from '../store/conversations.js';
import { formSession } from './report-form.js';
import { listFeedbackWithAcks } from '../store/feedback.js';
import { unitTerms } from '../store/overrides.js';
import { findPersonById } from '../store/people.js';
import { findPeriod, isOpen, openPeriods } from '../store/periods.js';
import {
  addAttachment,
  albumFiles,
  listAttachments,
  FILE_REVISION_KEY,
  findAttachment,
  findOrStartDraft,
  findReport,
  findReportById,
  lastRevisionId,
  markRevisionsAnnounced,
  recordFileChange,
  removeAttachments,
  listRevisions,
  setAttachmentAck,
  submitReport,
  submittedReports,
  type Attachment,
  type ReportRow,
  type Revision,
  type StoredAttachment,
} from '../store/reports.js';
import { updateReturnedReviewCleared } from '../store/report-reviews.js';
import type { Actor, UnitRef } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { NotEntitled, PeriodClosed, Stale } from './errors.js';
import { describeRevisions, reportNotices, type RevisionLine, type RevisionsBatch } from './report-notices.js';

/** A report's template version, its period and its name ("Báo cáo tháng 11/2026"). Check authority first. */
export async function reportContext(
  db: Db,
  report: Pick<ReportRow, 'template_id' | 'cluster_id' | 'period_id'>,
): Promise<{ template: TemplateDefinition; period: Period; name: string }> {
  const template = await loadTemplate(db, report.template_id);
  const period = (await findPeriod(db, report.cluster_id, report.period_id))!;
  return { template, period, name: reportName(template.title, period.key) };
}

/** The unit the actor reports for. Throws NotEntitled('contact') for anyone else. */
function reportingUnit(actor: Actor): UnitRef {
  if (!actor.reportingUnit) throw new NotEntitled('contact');
  return actor.reportingUnit;
}

/** The actor's own unit's report. Throws Stale for a report that is gone or another unit's (an old or forwarded button). */
async function ownReport(
  deps: ServiceDeps,
  actor: Actor,
  reportId: number,
): Promise<{ unit: UnitRef; report: ReportRow }> {
  const unit = actor.reportingUnit;
  const report = await findReportById(deps.db, reportId);
  if (!unit || !report || report.unit_id !== unit.unitId) throw new Stale('report');
  return { unit, report };
}

/** A draft being filled in: what the form needs to ask its next question. */
export interface OpenDraft {
  report: ReportRow;
  template: TemplateDefinition;
  periodKey: string;
}

export type OpenReportResult =
  /** No period takes reports now. */
  | { kind: 'no_open_period' }
  /** Several periods take reports now (e.g. a month and a quarter): the person picks one. */
  | { kind: 'choose'; periods: { periodId: number; name: string }[] }
  /** Already sent: `amendable` while it may still be corrected, `accepted` once the leader accepted it. */
  | { kind: 'submitted'; report: ReportRow; name: string; amendable: boolean; accepted: boolean }
  /**
   * A draft to fill in: `started` now, `resumed` (the person's own last work) or `shared`
   * (a colleague `by` worked on it last). `late`: the unit's deadline has passed.
   */
  | ({ kind: 'started'; name: string; unitName: string; deadline: Date; late: boolean } & OpenDraft)
  | ({ kind: 'resumed' } & OpenDraft)
  | ({ kind: 'shared'; name: string; by: string } & OpenDraft);

/**
 * "📝 Báo cáo" (or /baocao, or a reminder's button for `periodId`): the unit's report for that
 * period, or for the one open now, started as a draft if there is none yet. Throws
 * NotEntitled('contact') for someone who reports for no unit, PeriodClosed when the given
 * period is unknown or takes no reports any more.
 */
export async function openReport(deps: ServiceDeps, actor: Actor, periodId?: number): Promise<OpenReportResult> {
  const { db, clock } = deps;
  const unit = reportingUnit(actor);
  const now = clock.now();

  let period: Period;
  if (periodId !== undefined) {
    const found = await findPeriod(db, unit.clusterId, periodId);
    if (!found || !isOpen(found, now)) throw new PeriodClosed('period');
    period = found;
  } else {
    const open = await openPeriods(db, unit.clusterId, now);
    if (open.length === 0) return { kind: 'no_open_period' };
    if (open.length > 1)
      return {
        kind: 'choose',
        periods: open.map(({ period, schedule }) => ({
          periodId: period.id,
          name: reportName(schedule.template.definition.title, period.key),
        })),
      };
    period = open[0]!.period;
  }
  const deadline = (await unitTerms(db, period, unit.unitId)).deadlineAt;

  const existing = await findReport(db, period.id, unit.unitId);
  const template = await loadTemplate(db, existing?.template_id ?? period.template_id);
  const name = reportName(template.title, period.key);
  if (existing?.status === 'submitted') {
    return {
      kind: 'submitted',
      report: existing,
      name,
      amendable: canAmend(existing, deadline, now),
      accepted: existing.review === 'accepted',
    };
  }
  const me = actor.person.id;
  if (!existing) {
    const report = await findOrStartDraft(db, {
      clusterId: unit.clusterId,
      periodId: period.id,
      unitId: unit.unitId,
      templateId: period.template_id,
      personId: me,
      now,
    });
    return {
      kind: 'started',
      report,
      template,
      periodKey: period.key,
      name,
      unitName: unit.unitName,
      deadline,
      late: now.getTime() > deadline.getTime(),
    };
  }
  if (existing.updated_by === me) return { kind: 'resumed', report: existing, template, periodKey: period.key };
  const other = await findPersonById(db, existing.updated_by);
  return { kind: 'shared', report: existing, template, periodKey: period.key, name, by: other?.full_name ?? '' };
}

export type SendReportResult =
  | { kind: 'submitted'; reportId: number; name: string; unitName: string; at: Date; late: boolean }
  /** Sent already (by a colleague, or by an earlier tap). */
  | { kind: 'already'; name: string; submittedAt: Date }
  /** Required questions still unanswered: their labels. */
  | { kind: 'missing'; labels: string[] };

/**
 * «📤 Gửi báo cáo»: the draft becomes the unit's submitted report; in the same transaction
 * the person's form is closed, the submission audited, and the leader's people and the
 * unit's other contacts are told. Throws Stale for another unit's report (or a draft a
 * colleague sent meanwhile, raced), PeriodClosed once the period has ended.
 */
export async function sendReport(deps: ServiceDeps, actor: Actor, reportId: number): Promise<SendReportResult> {
  const { db, clock, log } = deps;
  const { unit, report } = await ownReport(deps, actor, reportId);
  const { template, period, name } = await reportContext(db, report);
  if (report.status === 'submitted') return { kind: 'already', name, submittedAt: report.submitted_at! };
  const now = clock.now();
  if (!isOpen(period, now)) throw new PeriodClosed('period');
  const missing = missingRequired(template, report.answers).map((f) => f.label);
  if (missing.length) return { kind: 'missing', labels: missing };

  const late = isLate(now, (await unitTerms(db, period, unit.unitId)).deadlineAt);
  const me = actor.person;
  // Submitted, recorded and announced to the leader together: a crash cannot keep the notice back.
  const submitted = await deps.outbox.withQueue(async (trx, queue) => {
    if (!(await submitReport(trx, report.id, me.id, now))) return false;
    await clearConversation(trx, me.id);
    await auditByPerson(trx, me.id, {
      clusterId: unit.clusterId,
      action: 'report.submit',
      details: { reportId, periodKey: period.key, late },
    });
    // The unit's other contacts learn that a colleague sent it (and need not send it again).
    const notices = await reportNotices(trx, unit, report.id, me.id, {
      leader: vi.report.leaderNotice(unit.unitName, name, now, late),
      coContacts: vi.report.coContactSubmitted(me.full_name, unit.unitName, name, now, late),
    });
    await queue(notices.leader);
    await queue(notices.coContacts);
    return true;
  });
  if (!submitted) throw new Stale('submitted');
  log.info('report submitted', { reportId, unitId: unit.unitId, periodKey: period.key, late });
  return { kind: 'submitted', reportId: report.id, name, unitName: unit.unitName, at: now, late };
}

/**
 * «✏️ Sửa báo cáo»: opens a correction session on the unit's submitted report, remembering
 * where it began (the last revision before it), so «Xong» can tell the person which changes
 * were theirs. A draft opens no session (it is simply filled in). Whether the report may still
 * be corrected is the form's check when it loads the report. Throws Stale for another unit's report.
 */
export async function beginAmending(deps: ServiceDeps, actor: Actor, reportId: number): Promise<void> {
  const { report } = await ownReport(deps, actor, reportId);
  if (report.status !== 'submitted') return;
  const now = deps.clock.now();
  await setConversation(
    deps.db,
    actor.person.id,
    {
      kind: 'report',
      reportId,
      editing: false,
      since: now.toISOString(),
      sinceRevision: await lastRevisionId(deps.db, reportId),
    },
    now,
  );
}

export type FinishAmendingResult =
  /** Nobody changed anything. */
  | { kind: 'no_changes' }
  /** The person changed nothing, but colleagues did: their names; the leader has been told now. */
  | { kind: 'others_told'; others: string[] }
  /**
   * The person's changes are saved: `toldNow` when this call told the leader (otherwise a
   * colleague's «Xong» already had); `overwritten`: answers the person corrected that a
   * colleague changed again afterwards, with their latest value.
   */
  | { kind: 'amended'; toldNow: boolean; overwritten: { label: string; value: string; by: string }[] };

/**
 * Ends a correction session (✔️ Xong, or ⏸ Tạm dừng) and tells the leader (and the unit's
 * other contacts) every change not yet told, including ones left in an earlier session that
 * was never finished, or made by a colleague: marked as told and queued in one transaction,
 * so the leader hears of each change exactly once; if no leader receives the notice, the
 * batch's end takes "told" back (report-notices.ts revisionsTally). A report the leader
 * sent back counts as sent again. Throws Stale for another unit's report.
 */
export async function finishAmending(deps: ServiceDeps, actor: Actor, reportId: number): Promise<FinishAmendingResult> {
  const { db, clock } = deps;
  const { unit, report } = await ownReport(deps, actor, reportId);
  const me = actor.person;
  const session = await formSession(db, me.id, reportId);
  const since = session?.since ? new Date(session.since) : undefined;
  const after = session?.sinceRevision;
  await clearConversation(db, me.id);
  const { template, name } = await reportContext(db, report);
  const all = await listRevisions(db, reportId);
  const untold = await listRevisions(db, reportId, { unannounced: true });
  const untoldIds = new Set(untold.map((r) => r.id));
  // Mine: made in this session, or earlier and never told.
  const inSession = (r: Revision) =>
    after !== undefined ? r.id > after : since !== undefined && r.at.getTime() >= since.getTime();
  const mine = all.filter((r) => r.personId === me.id && (inSession(r) || untoldIds.has(r.id)));
  if (mine.length === 0 && untold.length === 0) return { kind: 'no_changes' };

  const changes = await describeRevisions(db, template, untold);
  if (untold.length) {
    const at = clock.now();
    await deps.outbox.withQueue(async (trx, queue) => {
      await markRevisionsAnnounced(trx, reportId, at, true);
      await updateReturnedReviewCleared(trx, reportId);
      await auditByPerson(trx, me.id, {
        clusterId: unit.clusterId,
        action: 'report.amend',
        details: { reportId, changes: changes.length },
      });
      const onDone: RevisionsBatch = {
        kind: 'revisions',
        reportId,
        at: at.toISOString(),
        name,
        contact: { chatId: me.chat_id, personId: me.id },
        clusterId: unit.clusterId,
      };
      const batchId = await createBatch(trx, onDone);
      const notices = await reportNotices(trx, unit, reportId, me.id, {
        leader: vi.report.changedNotice(unit.unitName, name, changes),
        coContacts: vi.report.coContactChanged(me.full_name, name, changes),
      });
      await queue(notices.leader.map((m) => ({ ...m, batchId })));
      await queue(notices.coContacts);
    });
  }
  if (mine.length === 0) return { kind: 'others_told', others: [...new Set(changes.map((c) => c.by))] };
  // An answer this person corrected that a colleague changed again afterwards.
  const latest = new Map(all.map((r) => [r.fieldKey, r]));
  const mineIds = new Set(mine.map((r) => r.id));
  const answersChanged = new Set(mine.map((r) => r.fieldKey).filter((key) => key !== FILE_REVISION_KEY));
  const overwritten = [...answersChanged]
    .map((key) => latest.get(key)!)
    .filter((r) => !mineIds.has(r.id) && r.personId !== me.id);
  const notes = overwritten.length ? await describeRevisions(db, template, overwritten) : [];
  return {
    kind: 'amended',
    toldNow: untold.length > 0,
    overwritten: notes.map((n) => ({ label: n.label, value: n.to, by: n.by })),
  };
}

/** A submitted report as its reader sees it. */
export interface ReportView {
  report: ReportRow;
  template: TemplateDefinition;
  name: string;
  unitName: string;
  submittedBy: string;
  late: boolean;
  attachments: StoredAttachment[];
  revisions: RevisionLine[];
  /** For the leader: the feedback given on it and who of the unit pressed "Đã nhận"; empty for the unit. */
  feedback: Awaited<ReturnType<typeof listFeedbackWithAcks>>;
  /** The actor leads its cluster: may accept, send back, comment, share. */
  asLeader: boolean;
  /** A written answer the leader may share with the other units. */
  shareable: boolean;
  /** The actor's own unit may still correct it. */
  amendable: boolean;
}

/**
 * A submitted report, read-only: for the leader of its cluster and for its own unit.
 * Throws Stale for a report that is gone, not sent, or neither of the two.
 */
export async function reportToView(deps: ServiceDeps, actor: Actor, reportId: number): Promise<ReportView> {
  const { db } = deps;
  const report = await findReportById(db, reportId);
  const asLeader = actor.leaderOf?.clusterId === report?.cluster_id;
  const ownUnit = actor.reportingUnit?.unitId === report?.unit_id;
  if (!report || !(asLeader || ownUnit) || report.status !== 'submitted') throw new Stale('report');
  const { template, period, name } = await reportContext(db, report);
  const unit = await findUnitById(db, report.unit_id);
  const submitter = report.submitted_by === null ? undefined : await findPersonById(db, report.submitted_by);
  const { deadlineAt } = await unitTerms(db, period, report.unit_id);
  return {
    report,
    template,
    name,
    unitName: unit?.name ?? '',
    submittedBy: submitter?.full_name ?? '',
    late: isLate(report.submitted_at!, deadlineAt),
    attachments: await listAttachments(db, report.id),
    revisions: await describeRevisions(db, template, await listRevisions(db, report.id)),
    feedback: asLeader ? await listFeedbackWithAcks(db, report.id) : [],
    asLeader,
    shareable: asLeader && shareableAnswers(template, report.answers).length > 0,
    amendable: ownUnit && canAmend(report, deadlineAt, deps.clock.now()),
  };
}

/** The unit's submitted reports, newest period first (the last 12). Throws NotEntitled('contact'). */
export async function reportHistory(deps: ServiceDeps, actor: Actor): Promise<{ reportId: number; name: string }[]> {
  const unit = reportingUnit(actor);
  const rows = await submittedReports(deps.db, unit.unitId);
  return rows.map((r) => ({
    reportId: r.id,
    name: reportName(templateDefinitionSchema.parse(r.definition).title, r.key),
  }));
}

/**
 * Keeps a file with the unit's report; while correcting a sent report (`amending`) it is a
 * change the leader hears of at «Xong». Returns the file's id and, for a file of an album,
 * the album's files so far (oldest first). The caller has checked the report may be changed
 * now (the form's check); this checks it is the actor's unit's. Throws Stale otherwise.
 */
export async function attachFile(
  deps: ServiceDeps,
  actor: Actor,
  input: { reportId: number; amending: boolean; file: Attachment; describe: (file: Attachment) => string },
): Promise<{ attachmentId: number; album?: StoredAttachment[] }> {
  const { report } = await ownReport(deps, actor, input.reportId);
  const person = actor.person.id;
  const now = deps.clock.now();
  const attachmentId = await deps.outbox.withQueue(async (trx) => {
    const added = await addAttachment(trx, report.id, input.file, person, now);
    if (input.amending)
      await recordFileChange(trx, report.id, { from: null, to: input.describe(input.file) }, person, now);
    return added;
  });
  if (!input.file.mediaGroupId) return { attachmentId };
  return { attachmentId, album: await albumFiles(deps.db, report.id, input.file.mediaGroupId) };
}

/** Remembers the message that acknowledged a file, so an album's later files update it. */
export async function recordFileAck(deps: ServiceDeps, attachmentId: number, messageId: number): Promise<void> {
  await setAttachmentAck(deps.db, attachmentId, messageId);
}

/** The files kept with the actor's unit's report. Throws Stale for another unit's report. */
export async function reportFiles(deps: ServiceDeps, actor: Actor, reportId: number): Promise<StoredAttachment[]> {
  const { report } = await ownReport(deps, actor, reportId);
  return listAttachments(deps.db, report.id);
}

/** The report a file belongs to, if it is the actor's unit's. Throws Stale for a file that is gone or another unit's. */
export async function reportOfFile(deps: ServiceDeps, actor: Actor, attachmentId: number): Promise<number> {
  const file = await findAttachment(deps.db, attachmentId);
  if (!file) throw new Stale('file');
  await ownReport(deps, actor, file.reportId);
  return file.reportId;
}

/**
 * Takes a file (or, with `album`, every file of the album it came in) out of the unit's
 * report. The rows stay in the database, marked removed by whom and when, audited, and
 * while correcting a sent report each is a change the leader hears of. Returns the files
 * removed now (none when a colleague was first). The caller has checked the report may be
 * changed now. Throws Stale for a file that is gone or another unit's.
 */
export async function removeFiles(
  deps: ServiceDeps,
  actor: Actor,
  input: { attachmentId: number; album: boolean; amending: boolean; describe: (file: Attachment) => string },
): Promise<StoredAttachment[]> {
  const { db, clock } = deps;
  const file = await findAttachment(db, input.attachmentId);
  if (!file) throw new Stale('file');
  const { unit } = await ownReport(deps, actor, file.reportId);
  const ids =
    input.album && file.mediaGroupId
      ? (await albumFiles(db, file.reportId, file.mediaGroupId)).map((f) => f.id)
      : [file.id];
  const person = actor.person.id;
  const now = clock.now();
  return deps.outbox.withQueue(async (trx) => {
    const rows = await removeAttachments(trx, file.reportId, ids, person, now);
    if (input.amending)
      for (const row of rows)
        await recordFileChange(trx, file.reportId, { from: input.describe(row), to: null }, person, now);
    if (rows.length) {
      await auditByPerson(trx, person, {
        clusterId: unit.clusterId,
        action: 'report.attachment_remove',
        details: {
          reportId: file.reportId,
          attachmentIds: rows.map((r) => r.id),
          files: rows.map((r) => ({ kind: r.kind, fileId: r.fileId, fileName: r.fileName })),
        },
      });
    }
    return rows;
  });
}
