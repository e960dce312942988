import type { Period, Unit } from '../../db/schema.js';
import { textToPeople } from '../../delivery/outbox.js';
import { templateFields, type TemplateDefinition } from '../../domain/template.js';
import { answeringSide, checkMessageText, mayRead, mayWrite, type ThreadSide, type ThreadViewer } from '../../domain/threads.js';
import { formatAnswer, reportName, vi } from '../../i18n/vi.js';
import { findUnitById, formerUnitsIn, listReportingUnits, loadTemplate, REPORTING_UNIT_KIND } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { findFeedback } from '../../store/feedback.js';
import { clusterRecipients, leaderRecipients } from '../../store/people.js';
import { findPeriod } from '../../store/periods.js';
import { findReport } from '../../store/reports.js';
import { addThreadMessage, currentPeriods, findThreadMessage, threadEntries, threadPeriods, threadSizes, type ThreadEntry } from '../../store/threads.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonGrid, buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { answerTextProblem } from '../text-prompt.js';
import { cancelButton } from '../feature.js';

/**
 * Each unit's conversation with the leader, one per period: questions and proposals from the
 * unit ("Gửi kiến nghị"), answers to the leader's feedback, the leader's answers; readable by
 * both sides ("Trao đổi"). Every button re-checks who may read or write the thread.
 */
interface Thread {
  clusterId: number;
  unit: Unit;
  period: Period;
  name: string;
}

/** What the person may do in a thread, as the database says (never the button). */
function viewerOf(ctx: BotContext): ThreadViewer {
  return { unitId: ctx.actor?.reportingUnit?.unitId, leaderOfClusterId: ctx.actor?.leaderOf?.clusterId };
}

/** The thread of (unit, period) if the person may read it, or write in it from `access`'s side; else says no. */
async function openThread(ctx: BotContext, periodId: number, unitId: number, access: 'read' | ThreadSide): Promise<Thread | undefined> {
  const { db } = ctx.deps;
  const unit = await findUnitById(db, unitId);
  const ref = unit?.cluster_id != null ? { clusterId: unit.cluster_id, unitId: unit.id } : undefined;
  const viewer = viewerOf(ctx);
  if (!unit || !ref || !(access === 'read' ? mayRead(viewer, ref) : mayWrite(viewer, ref, access))) return void (await ctx.reply(vi.thread.notYours));
  const period = await findPeriod(db, ref.clusterId, periodId);
  if (!period || unit.kind !== REPORTING_UNIT_KIND) return void (await ctx.reply(vi.staleButton));
  return { clusterId: ref.clusterId, unit, period, name: await periodName(ctx, period) };
}

async function periodName(ctx: BotContext, period: Period): Promise<string> {
  return reportName((await loadTemplate(ctx.deps.db, period.template_id)).title, period.key);
}

/** "📨 Gửi kiến nghị" in the unit's menu: a question or proposal about the current period. */
export async function startProposal(ctx: BotContext): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  if (!unit) return void (await ctx.reply(vi.notAContact));
  const periods = await currentPeriods(ctx.deps.db, unit.clusterId, ctx.deps.clock.now());
  if (periods.length === 0) return void (await ctx.reply(vi.report.noOpenPeriod));
  if (periods.length === 1) return startWriting(ctx, 'unit', periods[0]!.id, unit.unitId);
  const buttons = await Promise.all(periods.map(async (p) => ({ text: await periodName(ctx, p), data: cb.threadWrite('unit', p.id, unit.unitId) })));
  await ctx.reply(vi.thread.choosePeriod, buttonRows(buttons));
}

/** Asks for the text; it is taken by `threadText` (a prompt left for hours is not, see create-bot). */
export async function startWriting(ctx: BotContext, side: ThreadSide, periodId: number, unitId: number, about: { feedbackId?: number; replyTo?: number; quote?: string } = {}): Promise<void> {
  const thread = await openThread(ctx, periodId, unitId, side);
  if (!thread) return;
  const state: ConversationState = {
    kind: 'thread_message',
    periodId,
    unitId,
    side,
    ...(about.feedbackId !== undefined ? { feedbackId: about.feedbackId } : {}),
    ...(about.replyTo !== undefined ? { replyTo: about.replyTo } : {}),
  };
  await setConversation(ctx.deps.db, ctx.actor!.person.id, state, ctx.deps.clock.now());
  const prompt =
    side === 'leader' ? vi.thread.askToUnit(thread.unit.name, about.quote) : about.quote !== undefined ? vi.thread.askReply(about.quote) : vi.thread.askProposal(thread.name);
  await replyHtml(ctx, prompt, singleButton(vi.button.cancel, cancelButton.data('t')));
}

/** "💬 Trả lời" under the leader's feedback: the unit answers it in its thread. */
export async function replyToFeedback(ctx: BotContext, feedbackId: number): Promise<void> {
  const item = await findFeedback(ctx.deps.db, feedbackId);
  if (!item) return void (await ctx.reply(vi.staleButton));
  const label = item.fieldKey === null ? undefined : fieldOf(await loadTemplate(ctx.deps.db, item.templateId), item.fieldKey)?.label;
  await startWriting(ctx, 'unit', item.periodId, item.unitId, { feedbackId, quote: vi.thread.quoteFeedback(item.kind, item.body, label) });
}

/** "💬 Trả lời" under a message of the thread: the other side answers it. */
export async function replyToMessage(ctx: BotContext, messageId: number): Promise<void> {
  const message = await findThreadMessage(ctx.deps.db, messageId);
  if (!message) return void (await ctx.reply(vi.staleButton));
  await startWriting(ctx, answeringSide(message.side), message.periodId, message.unitId, { replyTo: message.id, quote: message.body });
}

/** The typed text: checked, stored in the thread, sent to the other side with "💬 Trả lời". */
export async function threadText(ctx: BotContext, state: Extract<ConversationState, { kind: 'thread_message' }>, text: string): Promise<void> {
  const { db, clock, outbox } = ctx.deps;
  const checked = checkMessageText(text);
  if (!checked.ok) return answerTextProblem(ctx, checked);
  const me = ctx.actor!.person;
  // Asked again: the person's unit or leader role may have changed since the prompt.
  const thread = await openThread(ctx, state.periodId, state.unitId, state.side);
  if (!thread) return void (await clearConversation(db, me.id));
  const { feedbackId, replyTo, quote } = await answered(ctx, state, thread);
  const toLeader = state.side === 'unit';
  const recipients = toLeader ? await leaderRecipients(db, thread.clusterId) : await clusterRecipients(db, thread.clusterId, { unitIds: [thread.unit.id] });
  const notice = toLeader
    ? vi.thread.toLeader({ unit: thread.unit.name, person: me.full_name, name: thread.name, body: checked.text, quote })
    : vi.thread.toUnit({ leaderUnit: ctx.actor!.leaderOf!.unitName, name: thread.name, body: checked.text, quote });
  // The message, the end of the prompt and the copies to the other side are written together.
  await outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, me.id);
    const messageId = await addThreadMessage(trx, {
      clusterId: thread.clusterId,
      periodId: thread.period.id,
      unitId: thread.unit.id,
      side: state.side,
      authorId: me.id,
      body: checked.text,
      ...(feedbackId !== undefined ? { feedbackId } : {}),
      ...(replyTo !== undefined ? { replyTo } : {}),
      now: clock.now(),
    });
    const buttons = buttonGrid([
      [
        { text: vi.button.reply, data: cb.threadReply(messageId) },
        { text: vi.button.viewThread, data: cb.threadView(thread.period.id, thread.unit.id) },
      ],
    ]);
    await queue(textToPeople(recipients, thread.clusterId, notice, buttons, me.id));
  });
  if (toLeader) await ctx.reply(vi.thread.sentToLeader);
  else await replyHtml(ctx, vi.thread.sentToUnit(thread.unit.name));
}

/** What the new message answers, kept only when it belongs to the same thread. */
async function answered(ctx: BotContext, state: Extract<ConversationState, { kind: 'thread_message' }>, thread: Thread) {
  const { db } = ctx.deps;
  const same = (x: { periodId: number; unitId: number }) => x.periodId === thread.period.id && x.unitId === thread.unit.id;
  if (state.feedbackId !== undefined) {
    const item = await findFeedback(db, state.feedbackId);
    if (item && same(item)) {
      const label = item.fieldKey === null ? undefined : fieldOf(await loadTemplate(db, item.templateId), item.fieldKey)?.label;
      return { feedbackId: item.id, quote: vi.thread.quoteFeedback(item.kind, item.body, label) };
    }
  }
  if (state.replyTo !== undefined) {
    const message = await findThreadMessage(db, state.replyTo);
    if (message && same(message)) return { replyTo: message.id, quote: message.body };
  }
  return {};
}

/** "🧵 Trao đổi": the unit reads its own thread; the leader chooses a unit. A period is chosen first when several have one. */
export async function openThreads(ctx: BotContext): Promise<void> {
  const { leaderOf: leader, reportingUnit: unit } = ctx.actor!;
  const clusterId = leader?.clusterId ?? unit?.clusterId;
  if (clusterId === undefined) return void (await ctx.reply(vi.notAContact));
  const periods = await threadPeriods(ctx.deps.db, clusterId, ctx.deps.clock.now(), leader ? {} : { unitId: unit!.unitId });
  if (periods.length === 0) return void (await ctx.reply(vi.report.noOpenPeriod));
  if (periods.length === 1) return chooseThreadPeriod(ctx, periods[0]!.id);
  const buttons = await Promise.all(periods.map(async (p) => ({ text: await periodName(ctx, p), data: cb.threadPeriod(p.id) })));
  await ctx.reply(vi.thread.choosePeriod, buttonRows(buttons));
}

export async function chooseThreadPeriod(ctx: BotContext, periodId: number): Promise<void> {
  const { leaderOf: leader, reportingUnit: unit } = ctx.actor!;
  if (!leader) return unit ? showThread(ctx, periodId, unit.unitId) : void (await ctx.reply(vi.notAContact));
  const period = await findPeriod(ctx.deps.db, leader.clusterId, periodId);
  if (!period) return void (await ctx.reply(vi.staleButton));
  const sizes = await threadSizes(ctx.deps.db, period.id);
  // A unit since taken out of the config keeps the conversation it had in that period.
  const units = [...(await listReportingUnits(ctx.deps.db, leader.clusterId)), ...(await formerUnitsIn(ctx.deps.db, leader.clusterId, period.id, { threads: true }))];
  const buttons = units.map((u) => ({ text: vi.thread.unitButton(u.active ? u.name : `${u.name}${vi.board.removedSuffix}`, sizes.get(u.id) ?? 0), data: cb.threadView(period.id, u.id) }));
  await replyHtml(ctx, vi.thread.chooseUnit(await periodName(ctx, period)), buttonRows(buttons));
}

/** The whole conversation of (unit, period), oldest first; long ones come in several messages. */
export async function showThread(ctx: BotContext, periodId: number, unitId: number): Promise<void> {
  const thread = await openThread(ctx, periodId, unitId, 'read');
  if (!thread) return;
  const { db } = ctx.deps;
  const entries = await threadEntries(db, periodId, unitId);
  const report = await findReport(db, periodId, unitId);
  const template = report ? await loadTemplate(db, report.template_id) : undefined;
  const body = entries.length ? entries.map((e) => entryText(e, thread.unit.name, template)).join('\n\n') : vi.thread.empty;
  // Someone both leading and reporting for the leader's own unit writes as the leader.
  const side: ThreadSide = mayWrite(viewerOf(ctx), { clusterId: thread.clusterId, unitId }, 'leader') ? 'leader' : 'unit';
  const button = side === 'leader' ? vi.button.writeToUnit : vi.button.writeToLeader;
  await replyHtml(ctx, `${vi.thread.title(thread.unit.name, thread.name)}\n\n${body}`, singleButton(button, cb.threadWrite(side, periodId, unitId)));
}

function entryText(entry: ThreadEntry, unitName: string, template: TemplateDefinition | undefined): string {
  const who = entry.side === 'leader' ? vi.thread.leaderSide : unitName;
  const base = { at: entry.at, who, author: entry.author, body: entry.body };
  if (entry.kind === 'message') return vi.thread.entry({ ...base, kind: 'message' });
  const field = entry.fieldKey === null ? undefined : template && fieldOf(template, entry.fieldKey);
  const quoted = field && { label: field.label, value: formatAnswer(entry.fieldValue ?? undefined, field) ?? vi.report.skipped };
  return vi.thread.entry({ ...base, kind: entry.kind, field: quoted });
}

function fieldOf(template: TemplateDefinition, key: string) {
  return templateFields(template).find(({ field }) => field.key === key)?.field;
}
