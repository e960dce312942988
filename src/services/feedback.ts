/**
 * The leader's word on one unit's report, delivered to every contact of that unit: "Đạt"
 * (accepted, final), "Trả lại" (sent back with a reason, to be corrected) or a comment, on
 * the whole report or on one answer. The unit acknowledges it ("Đã nhận") and can answer it
 * in its thread with the leader (services/threads.ts). Leader only, within their cluster.
 */
import type { Period } from '../db/schema.js';
import { textToPeople } from '../delivery/outbox.js';
import { button, inlineKeyboard, seg } from '../domain/buttons.js';
import { visibleFields, type Answers } from '../domain/form.js';
import type { TemplateDefinition } from '../domain/template.js';
import { checkMessageText } from '../domain/threads.js';
import { formatAnswer, reportName, vi } from '../i18n/vi.js';
import { findUnitById, loadTemplate } from '../store/clusters.js';
import { clearConversation } from '../store/conversations.js';
import {
  createFeedback,
  createFeedbackAck,
  findFeedbackAck,
  type FeedbackField,
  type FeedbackKind,
} from '../store/feedback.js';
import { clusterRecipients } from '../store/people.js';
import { findPeriod, isOpen } from '../store/periods.js';
import { findReportById } from '../store/reports.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, NotEntitled, PeriodClosed, Stale } from './errors.js';
import { threadNoticeButtons } from './threads.js';
import { reportActionButton } from './report-buttons.js';

/** "👍 Đã nhận" under feedback (the feedback id); the feedback feature registers its handler. */
export const feedbackNoticeButtons = {
  ack: button('fb:ack', seg.id),
};

/** An answered question of the report: its key, label and the unit's answer as shown. */
export interface AnsweredField {
  key: string;
  label: string;
  value: string;
}

/** What a tap on "Đạt", "Trả lại" or "Góp ý" leads to. */
export type FeedbackStart =
  /** "Đạt" is given at once. */
  | { next: 'given'; given: FeedbackGiven }
  /** "Trả lại": the leader types the reason. */
  | { next: 'reason' }
  /** "Góp ý": on the whole report or on one of these answers. */
  | { next: 'target'; fields: AnsweredField[] };

/** Feedback recorded and on its way to the unit. */
export interface FeedbackGiven {
  feedbackId: number;
  kind: FeedbackKind;
  unitName: string;
  /** The question commented on, if any. */
  fieldLabel?: string | undefined;
}

/**
 * A submitted report of the leader's cluster, its template, period and name. Throws
 * NotEntitled (not the leader), Stale('report') (gone, another cluster's, or not submitted).
 */
async function reportToJudge(deps: ServiceDeps, actor: Actor, reportId: number) {
  const leader = actor.leaderOf;
  if (!leader) throw new NotEntitled('leader');
  const report = await findReportById(deps.db, reportId);
  if (!report || report.cluster_id !== leader.clusterId || report.status !== 'submitted') throw new Stale('report');
  return { leader, report };
}

async function reportContext(
  deps: ServiceDeps,
  report: { template_id: number; cluster_id: number; period_id: number },
): Promise<{ template: TemplateDefinition; period: Period | undefined; name: string }> {
  const template = await loadTemplate(deps.db, report.template_id);
  const period = await findPeriod(deps.db, report.cluster_id, report.period_id);
  return { template, period, name: reportName(template.title, period?.key ?? '') };
}

/**
 * "Đạt" (given at once), "Trả lại" (asks for the reason) or "Góp ý" (asks what about).
 * Throws as reportToJudge, Stale('already_accepted') for "Đạt"/"Trả lại" on an accepted
 * report, PeriodClosed for "Trả lại" once the period has ended (a correction could not be made).
 */
export async function startFeedback(
  deps: ServiceDeps,
  actor: Actor,
  reportId: number,
  kind: FeedbackKind,
): Promise<FeedbackStart> {
  const { leader, report } = await reportToJudge(deps, actor, reportId);
  if (report.review === 'accepted' && kind !== 'comment') throw new Stale('already_accepted');
  if (kind === 'return') {
    const period = await findPeriod(deps.db, leader.clusterId, report.period_id);
    if (!period || !isOpen(period, deps.clock.now())) throw new PeriodClosed();
    return { next: 'reason' };
  }
  if (kind === 'accept') return { next: 'given', given: await giveFeedback(deps, actor, { reportId, kind, body: '' }) };
  const { template } = await reportContext(deps, report);
  return { next: 'target', fields: answeredFields(template, report.answers) };
}

/**
 * The leader chose what the comment is about: the whole report (no key) or one answered
 * question, returned to quote in the prompt. Throws as reportToJudge, Stale('field') for a
 * question not answered (any more).
 */
export async function commentTarget(
  deps: ServiceDeps,
  actor: Actor,
  reportId: number,
  key: string | undefined,
): Promise<AnsweredField | undefined> {
  const { report } = await reportToJudge(deps, actor, reportId);
  if (key === undefined) return undefined;
  const { template } = await reportContext(deps, report);
  const field = answeredFields(template, report.answers).find((f) => f.key === key);
  if (!field) throw new Stale('field');
  return field;
}

/**
 * Records the feedback and queues it to every contact of the unit (with "Đã nhận",
 * "💬 Trả lời", and for "Trả lại" "✏️ Sửa báo cáo"), in one transaction that also ends the
 * leader's prompt when `endsPrompt`. The answer quoted is the one in the report now.
 * Throws NotEntitled (not the leader, or a report not of their cluster), PeriodClosed for
 * "Trả lại" after the period ended, Stale('field') for a question no longer answered,
 * Stale('already_accepted') when the report was accepted meanwhile (or is already in that
 * state), InvalidInput('text') for a reason or comment that cannot be taken.
 */
export async function giveFeedback(
  deps: ServiceDeps,
  actor: Actor,
  input: { reportId: number; kind: FeedbackKind; body: string; fieldKey?: string | undefined; endsPrompt?: boolean },
): Promise<FeedbackGiven> {
  const { db, clock, outbox } = deps;
  const { reportId, kind, fieldKey } = input;
  const leader = actor.leaderOf;
  const report = await findReportById(db, reportId);
  if (!leader || !report || report.cluster_id !== leader.clusterId) throw new NotEntitled('leader');
  let body = input.body;
  if (kind !== 'accept') {
    const checked = checkMessageText(body);
    if (!checked.ok) throw new InvalidInput('text', 'body');
    body = checked.text;
  }
  const { name, template, period } = await reportContext(deps, report);
  // A reason typed after the period closed would ask for a correction that can no longer be made.
  if (kind === 'return' && (!period || !isOpen(period, clock.now()))) throw new PeriodClosed();
  const field =
    fieldKey === undefined ? undefined : answeredFields(template, report.answers).find((f) => f.key === fieldKey);
  if (fieldKey !== undefined && !field) throw new Stale('field');
  const stored: FeedbackField | undefined = field && { key: field.key, value: report.answers[field.key]! };
  const recipients = await clusterRecipients(db, leader.clusterId, { unitIds: [report.unit_id] });
  const text = vi.feedback.notice(kind, name, leader.unitName, body, field);
  const feedbackId = await outbox.withQueue(async (trx, queue) => {
    if (input.endsPrompt) await clearConversation(trx, actor.person.id);
    const id = await createFeedback(trx, {
      clusterId: leader.clusterId,
      reportId,
      kind,
      body,
      authorId: actor.person.id,
      now: clock.now(),
      ...(stored ? { field: stored } : {}),
    });
    if (id === undefined) return undefined;
    const rows: { text: string; data: string }[][] = [
      [
        { text: vi.button.received, data: feedbackNoticeButtons.ack.data(id) },
        { text: vi.button.reply, data: threadNoticeButtons.replyToFeedback.data(id) },
      ],
    ];
    if (kind === 'return') rows.push([{ text: vi.button.amend, data: reportActionButton.data('amend', reportId) }]);
    await queue(textToPeople(recipients, leader.clusterId, text, inlineKeyboard(rows), actor.person.id));
    return id;
  });
  if (feedbackId === undefined) throw new Stale('already_accepted');
  const unit = await findUnitById(db, report.unit_id);
  return { feedbackId, kind, unitName: unit?.name ?? '', fieldLabel: field?.label };
}

/**
 * "👍 Đã nhận" under feedback, by a contact of the report's unit: 'recorded' once per
 * person, 'already' when they had pressed it, 'not_theirs' for anyone else.
 */
export async function acknowledgeFeedback(
  deps: ServiceDeps,
  actor: Actor | undefined,
  feedbackId: number,
): Promise<'recorded' | 'already' | 'not_theirs'> {
  const unit = actor?.reportingUnit;
  if (!actor || !unit) return 'not_theirs';
  if (await createFeedbackAck(deps.db, feedbackId, actor.person.id, unit.unitId, deps.clock.now())) return 'recorded';
  return (await findFeedbackAck(deps.db, feedbackId, actor.person.id)) ? 'already' : 'not_theirs';
}

/** The questions the report asks and the unit answered (skipped ones have nothing to comment on). */
function answeredFields(template: TemplateDefinition, answers: Answers): AnsweredField[] {
  return visibleFields(template, answers).flatMap(({ field }) => {
    const value = formatAnswer(answers[field.key], field);
    return value === undefined ? [] : [{ key: field.key, label: field.label, value }];
  });
}
