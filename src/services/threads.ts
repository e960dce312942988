/**
 * Each unit's conversation with the leader, one per (unit, period): questions and proposals
 * from the unit ("Gửi kiến nghị"), answers to the leader's feedback, the leader's answers;
 * readable by both sides ("Trao đổi"). Who may read or write is asked of the database at
 * every step (domain/threads.ts), never of the button.
 */
import type { Period, Unit } from '../db/schema.js';
import { textToPeople } from '../delivery/outbox.js';
import { button, inlineKeyboard, seg } from '../domain/buttons.js';
import type { TemplateDefinition } from '../domain/template.js';
import { templateFields } from '../domain/template.js';
import {
  answeringSide,
  checkMessageText,
  mayRead,
  mayWrite,
  type ThreadSide,
  type ThreadViewer,
} from '../domain/threads.js';
import { reportName, vi } from '../i18n/vi.js';
import {
  findUnitById,
  formerUnitsIn,
  listReportingUnits,
  loadTemplate,
  REPORTING_UNIT_KIND,
} from '../store/clusters.js';
import { clearConversation } from '../store/conversations.js';
import { findFeedback } from '../store/feedback.js';
import { clusterRecipients, leaderRecipients } from '../store/people.js';
import { findPeriod } from '../store/periods.js';
import { findReport } from '../store/reports.js';
import {
  countThreadEntries,
  createThreadMessage,
  findThreadMessage,
  listCurrentPeriods,
  listThreadEntries,
  listThreadPeriods,
  type ThreadEntry,
} from '../store/threads.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, NotEntitled, Stale } from './errors.js';

/**
 * The thread buttons that go under notices to the other side; the threads feature
 * (bot/features/threads.ts) registers their handlers. Same data as the buttons in people's chats.
 */
export const threadNoticeButtons = {
  /** "💬 Trả lời" under the leader's feedback: the feedback id. */
  replyToFeedback: button('th:f', seg.id),
  /** "💬 Trả lời" under a message of the thread: the message id. */
  replyToMessage: button('th:m', seg.id),
  /** "🧵 Xem trao đổi": period id, unit id. */
  view: button('th:v', seg.id, seg.id),
};

/** A thread someone may read or write in. */
export interface Thread {
  clusterId: number;
  unit: Unit;
  period: Period;
  /** The period's report name ("Báo cáo tháng 11/2026"). */
  name: string;
}

/** A period offered for choosing, with its report name. */
export interface NamedPeriod {
  period: Period;
  name: string;
}

/** What a new message answers: feedback or a message of the same thread, and the words quoted. */
export interface Answered {
  feedbackId?: number;
  replyTo?: number;
  quote?: string;
}

/** What the person may do in a thread, as the database says (never the button). */
function viewerOf(actor: Actor): ThreadViewer {
  return { unitId: actor.reportingUnit?.unitId, leaderOfClusterId: actor.leaderOf?.clusterId };
}

/**
 * The thread of (unit, period) if the actor may read it, or write in it from `access`'s side.
 * Throws NotEntitled('contact', 'not_yours'), or Stale for a period of another cluster or a
 * unit that does not report.
 */
export async function threadFor(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  periodId: number,
  unitId: number,
  access: 'read' | ThreadSide,
): Promise<Thread> {
  const unit = await findUnitById(deps.db, unitId);
  const ref = unit?.cluster_id != null ? { clusterId: unit.cluster_id, unitId: unit.id } : undefined;
  const viewer = viewerOf(actor);
  if (!unit || !ref || !(access === 'read' ? mayRead(viewer, ref) : mayWrite(viewer, ref, access)))
    throw new NotEntitled('contact', 'not_yours');
  const period = await findPeriod(deps.db, ref.clusterId, periodId);
  if (!period || unit.kind !== REPORTING_UNIT_KIND) throw new Stale('period');
  return { clusterId: ref.clusterId, unit, period, name: await periodName(deps, period) };
}

async function periodName(deps: Pick<ServiceDeps, 'db'>, period: Period): Promise<string> {
  return reportName((await loadTemplate(deps.db, period.template_id)).title, period.key);
}

async function named(deps: Pick<ServiceDeps, 'db'>, periods: Period[]): Promise<NamedPeriod[]> {
  return Promise.all(periods.map(async (period) => ({ period, name: await periodName(deps, period) })));
}

/**
 * "📨 Gửi kiến nghị": the periods a unit's question or proposal may be about (the current
 * one of each schedule), with the unit. Throws NotEntitled('contact') for someone reporting for no unit.
 */
export async function proposalPeriods(
  deps: ServiceDeps,
  actor: Actor,
): Promise<{ unitId: number; periods: NamedPeriod[] }> {
  const unit = actor.reportingUnit;
  if (!unit) throw new NotEntitled('contact');
  return {
    unitId: unit.unitId,
    periods: await named(deps, await listCurrentPeriods(deps.db, unit.clusterId, deps.clock.now())),
  };
}

/** "💬 Trả lời" under the leader's feedback: the thread it belongs to and the words quoted. Throws Stale('feedback'). */
export async function feedbackToAnswer(
  deps: ServiceDeps,
  feedbackId: number,
): Promise<{ periodId: number; unitId: number; feedbackId: number; quote: string }> {
  const item = await findFeedback(deps.db, feedbackId);
  if (!item) throw new Stale('feedback');
  const label =
    item.fieldKey === null ? undefined : fieldOf(await loadTemplate(deps.db, item.templateId), item.fieldKey)?.label;
  return {
    periodId: item.periodId,
    unitId: item.unitId,
    feedbackId,
    quote: vi.thread.quoteFeedback(item.kind, item.body, label),
  };
}

/** "💬 Trả lời" under a thread message: the other side answers it, quoting it. Throws Stale('message'). */
export async function messageToAnswer(
  deps: ServiceDeps,
  messageId: number,
): Promise<{ side: ThreadSide; periodId: number; unitId: number; replyTo: number; quote: string }> {
  const message = await findThreadMessage(deps.db, messageId);
  if (!message) throw new Stale('message');
  return {
    side: answeringSide(message.side),
    periodId: message.periodId,
    unitId: message.unitId,
    replyTo: message.id,
    quote: message.body,
  };
}

/**
 * A message written in a thread: checked, stored, and sent to the other side (the leaders,
 * or every contact of the unit) with "💬 Trả lời" and "🧵 Xem trao đổi", in one transaction
 * that also ends the writer's prompt. What it answers is kept only when of the same thread.
 * Throws as threadFor (the person's unit or leader role may have changed since the prompt),
 * InvalidInput('text') for text that cannot be taken (checkMessageText).
 */
export async function writeInThread(
  deps: ServiceDeps,
  actor: Actor,
  input: {
    periodId: number;
    unitId: number;
    side: ThreadSide;
    text: string;
    feedbackId?: number | undefined;
    replyTo?: number | undefined;
  },
): Promise<{ thread: Thread; messageId: number }> {
  const { db, clock, outbox } = deps;
  const checked = checkMessageText(input.text);
  if (!checked.ok) throw new InvalidInput('text', 'text');
  const me = actor.person;
  const thread = await threadFor(deps, actor, input.periodId, input.unitId, input.side);
  const { feedbackId, replyTo, quote } = await answered(deps, input, thread);
  const toLeader = input.side === 'unit';
  const recipients = toLeader
    ? await leaderRecipients(db, thread.clusterId)
    : await clusterRecipients(db, thread.clusterId, { unitIds: [thread.unit.id] });
  const notice = toLeader
    ? vi.thread.toLeader({ unit: thread.unit.name, person: me.full_name, name: thread.name, body: checked.text, quote })
    : vi.thread.toUnit({ leaderUnit: actor.leaderOf!.unitName, name: thread.name, body: checked.text, quote });
  const messageId = await outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, me.id);
    const messageId = await createThreadMessage(trx, {
      clusterId: thread.clusterId,
      periodId: thread.period.id,
      unitId: thread.unit.id,
      side: input.side,
      authorId: me.id,
      body: checked.text,
      ...(feedbackId !== undefined ? { feedbackId } : {}),
      ...(replyTo !== undefined ? { replyTo } : {}),
      now: clock.now(),
    });
    const buttons = inlineKeyboard([
      [
        { text: vi.button.reply, data: threadNoticeButtons.replyToMessage.data(messageId) },
        { text: vi.button.viewThread, data: threadNoticeButtons.view.data(thread.period.id, thread.unit.id) },
      ],
    ]);
    await queue(textToPeople(recipients, thread.clusterId, notice, buttons, me.id));
    return messageId;
  });
  return { thread, messageId };
}

/** What the new message answers, kept only when it belongs to the same thread. */
async function answered(
  deps: ServiceDeps,
  input: { feedbackId?: number | undefined; replyTo?: number | undefined },
  thread: Thread,
): Promise<Answered> {
  const same = (x: { periodId: number; unitId: number }) =>
    x.periodId === thread.period.id && x.unitId === thread.unit.id;
  if (input.feedbackId !== undefined) {
    const item = await findFeedback(deps.db, input.feedbackId);
    if (item && same(item)) {
      const label =
        item.fieldKey === null
          ? undefined
          : fieldOf(await loadTemplate(deps.db, item.templateId), item.fieldKey)?.label;
      return { feedbackId: item.id, quote: vi.thread.quoteFeedback(item.kind, item.body, label) };
    }
  }
  if (input.replyTo !== undefined) {
    const message = await findThreadMessage(deps.db, input.replyTo);
    if (message && same(message)) return { replyTo: message.id, quote: message.body };
  }
  return {};
}

/**
 * "🧵 Trao đổi": the periods worth offering, newest first (current ones and those with a
 * conversation: of the unit, or of any unit for the leader). Throws NotEntitled('contact')
 * for someone with neither role.
 */
export async function threadPeriods(deps: ServiceDeps, actor: Actor): Promise<NamedPeriod[]> {
  const { leaderOf: leader, reportingUnit: unit } = actor;
  const clusterId = leader?.clusterId ?? unit?.clusterId;
  if (clusterId === undefined) throw new NotEntitled('contact');
  return named(
    deps,
    await listThreadPeriods(deps.db, clusterId, deps.clock.now(), leader ? {} : { unitId: unit!.unitId }),
  );
}

/**
 * The leader's list of units for a period, each with how many entries its thread has; a unit
 * since taken out of the config keeps the conversation it had then (`active` false).
 * Throws NotEntitled for anyone but the leader, Stale('period') for a period of another cluster.
 */
export async function threadUnits(
  deps: ServiceDeps,
  actor: Actor,
  periodId: number,
): Promise<{ period: NamedPeriod; units: { unit: Unit; entries: number }[] }> {
  const leader = actor.leaderOf;
  if (!leader) throw new NotEntitled('leader');
  const period = await findPeriod(deps.db, leader.clusterId, periodId);
  if (!period) throw new Stale('period');
  const sizes = await countThreadEntries(deps.db, period.id);
  const units = [
    ...(await listReportingUnits(deps.db, leader.clusterId)),
    ...(await formerUnitsIn(deps.db, leader.clusterId, period.id, { threads: true })),
  ];
  return {
    period: { period, name: await periodName(deps, period) },
    units: units.map((unit) => ({ unit, entries: sizes.get(unit.id) ?? 0 })),
  };
}

/**
 * The whole conversation of (unit, period), oldest first, with the report's template (to
 * name the questions feedback is about) and the side the reader writes from (someone both
 * leading and reporting for the leader's own unit writes as the leader). Throws as threadFor.
 */
export async function readThread(
  deps: ServiceDeps,
  actor: Actor,
  periodId: number,
  unitId: number,
): Promise<{ thread: Thread; entries: ThreadEntry[]; template: TemplateDefinition | undefined; side: ThreadSide }> {
  const thread = await threadFor(deps, actor, periodId, unitId, 'read');
  const entries = await listThreadEntries(deps.db, periodId, unitId);
  const report = await findReport(deps.db, periodId, unitId);
  const template = report ? await loadTemplate(deps.db, report.template_id) : undefined;
  const side: ThreadSide = mayWrite(viewerOf(actor), { clusterId: thread.clusterId, unitId }, 'leader')
    ? 'leader'
    : 'unit';
  return { thread, entries, template, side };
}

/** A question of the template by its key (a feedback's field). */
export function fieldOf(template: TemplateDefinition, key: string) {
  return templateFields(template).find(({ field }) => field.key === key)?.field;
}
