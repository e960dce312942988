/**
 * "🧵 Trao đổi" and "📨 Gửi kiến nghị": each unit's conversation with the leader, one per
 * period, read by both sides and written from either (services/threads.ts checks who may).
 */
import { z } from 'zod';
import type { TemplateDefinition } from '../../domain/template.js';
import type { ThreadSide } from '../../domain/threads.js';
import { formatAnswer, vi } from '../../i18n/vi.js';
import {
  feedbackToAnswer,
  fieldOf,
  messageToAnswer,
  proposalPeriods,
  readThread,
  threadFor,
  threadNoticeButtons,
  threadPeriods,
  threadUnits,
  writeInThread,
} from '../../services/threads.js';
import type { ThreadEntry } from '../../store/threads.js';
import type { BotContext } from '../context.js';
import { button, cancelButton, Feature, seg } from '../feature.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { pickPeriod } from '../period-buttons.js';
import { replyHtml } from '../reply.js';

/** Which side of a thread writes: u(nit) or l(eader). */
const side = z.enum(['u', 'l']);

export const threadButtons = {
  ...threadNoticeButtons,
  /** A period chosen in "🧵 Trao đổi". */
  period: button('th:p', seg.id),
  /** "✍️ Viết": side, period id, unit id. */
  write: button('th:w', side, seg.id, seg.id),
};

const refusals = { not_yours: vi.thread.notYours };
/** What the person is told with no period to write about, or asked with several. */
const periodLines = { none: vi.report.noOpenPeriod, choose: vi.thread.choosePeriod };

export const threads = new Feature('threads');

/** Writing in a unit's thread with the leader, from either side; maybe answering feedback or a message. */
const writing = threads.messagePrompt(
  'thread_message',
  z.object({
    kind: z.literal('thread_message'),
    periodId: z.number().int(),
    unitId: z.number().int(),
    side: z.enum(['unit', 'leader']),
    feedbackId: z.number().int().optional(),
    replyTo: z.number().int().optional(),
  }),
  {
    cancel: { code: 't', said: vi.thread.cancelled },
    checked: true,
    endedBy: 'workflow',
    take: (ctx, state, text) => writeInThread(ctx.deps, ctx.actor!, { ...state, text }),
    done: (ctx, { thread }, state) =>
      state.side === 'unit'
        ? ctx.reply(vi.thread.sentToLeader)
        : replyHtml(ctx, vi.thread.sentToUnit(thread.unit.name)),
    refusals,
  },
);

/** Asks for the text, after checking the person may write there from `side`. */
async function startWriting(
  ctx: BotContext,
  side: ThreadSide,
  periodId: number,
  unitId: number,
  about: { feedbackId?: number; replyTo?: number; quote?: string } = {},
): Promise<void> {
  const thread = await threadFor(ctx.deps, ctx.actor!, periodId, unitId, side);
  await writing.open(ctx, {
    kind: 'thread_message',
    periodId,
    unitId,
    side,
    ...(about.feedbackId !== undefined ? { feedbackId: about.feedbackId } : {}),
    ...(about.replyTo !== undefined ? { replyTo: about.replyTo } : {}),
  });
  const prompt =
    side === 'leader'
      ? vi.thread.askToUnit(thread.unit.name, about.quote)
      : about.quote !== undefined
        ? vi.thread.askReply(about.quote)
        : vi.thread.askProposal(thread.name);
  await replyHtml(ctx, prompt, singleButton(vi.button.cancel, cancelButton.data('t')));
}

/** The leader chooses a unit of the period; a unit reads its own thread. */
async function choosePeriod(ctx: BotContext, periodId: number): Promise<void> {
  const { leaderOf: leader, reportingUnit: unit } = ctx.actor!;
  if (!leader) return unit ? showThread(ctx, periodId, unit.unitId) : void (await ctx.reply(vi.notAContact));
  const { period, units } = await threadUnits(ctx.deps, ctx.actor!, periodId);
  const buttons = units.map(({ unit: u, entries }) => ({
    text: vi.thread.unitButton(u.active ? u.name : `${u.name}${vi.board.removedSuffix}`, entries),
    data: threadButtons.view.data(period.period.id, u.id),
  }));
  await replyHtml(ctx, vi.thread.chooseUnit(period.name), buttonRows(buttons));
}

/** The whole conversation of (unit, period), oldest first; long ones come in several messages. */
async function showThread(ctx: BotContext, periodId: number, unitId: number): Promise<void> {
  const { thread, entries, template, side } = await readThread(ctx.deps, ctx.actor!, periodId, unitId);
  const body = entries.length
    ? entries.map((e) => entryText(e, thread.unit.name, template)).join('\n\n')
    : vi.thread.empty;
  const label = side === 'leader' ? vi.button.writeToUnit : vi.button.writeToLeader;
  await replyHtml(
    ctx,
    `${vi.thread.title(thread.unit.name, thread.name)}\n\n${body}`,
    singleButton(label, threadButtons.write.data(side === 'unit' ? 'u' : 'l', periodId, unitId)),
  );
}

function entryText(entry: ThreadEntry, unitName: string, template: TemplateDefinition | undefined): string {
  const who = entry.side === 'leader' ? vi.thread.leaderSide : unitName;
  const base = { at: entry.at, who, author: entry.author, body: entry.body };
  if (entry.kind === 'message') return vi.thread.entry({ ...base, kind: 'message' });
  const field = entry.fieldKey === null ? undefined : template && fieldOf(template, entry.fieldKey);
  const quoted = field && {
    label: field.label,
    value: formatAnswer(entry.fieldValue ?? undefined, field) ?? vi.report.skipped,
  };
  return vi.thread.entry({ ...base, kind: entry.kind, field: quoted });
}

threads
  // "📨 Gửi kiến nghị" in the unit's menu: a question or proposal about the current period.
  .onMenu(
    'propose',
    async (ctx) => {
      const { unitId, periods } = await proposalPeriods(ctx.deps, ctx.actor!);
      await pickPeriod(
        ctx,
        periods.map((p) => ({ id: p.period.id, name: p.name })),
        periodLines,
        (periodId) => startWriting(ctx, 'unit', periodId, unitId),
        (periodId) => threadButtons.write.data('u', periodId, unitId),
      );
    },
    refusals,
  )
  // "🧵 Trao đổi": a period is chosen first when several have one.
  .onMenu(
    'threads',
    async (ctx) => {
      const periods = await threadPeriods(ctx.deps, ctx.actor!);
      await pickPeriod(
        ctx,
        periods.map((p) => ({ id: p.period.id, name: p.name })),
        periodLines,
        (periodId) => choosePeriod(ctx, periodId),
        (periodId) => threadButtons.period.data(periodId),
      );
    },
    refusals,
  )
  .onButton(threadButtons.period, (ctx, [periodId]) => choosePeriod(ctx, periodId), { refusals })
  .onButton(threadButtons.view, (ctx, [periodId, unitId]) => showThread(ctx, periodId, unitId), { refusals })
  .onButton(
    threadButtons.write,
    (ctx, [who, periodId, unitId]) => startWriting(ctx, who === 'u' ? 'unit' : 'leader', periodId, unitId),
    { refusals },
  )
  .onButton(
    threadButtons.replyToFeedback,
    async (ctx, [feedbackId]) => {
      const { periodId, unitId, quote } = await feedbackToAnswer(ctx.deps, feedbackId);
      await startWriting(ctx, 'unit', periodId, unitId, { feedbackId, quote });
    },
    { refusals },
  )
  .onButton(
    threadButtons.replyToMessage,
    async (ctx, [messageId]) => {
      const { side: answering, periodId, unitId, replyTo, quote } = await messageToAnswer(ctx.deps, messageId);
      await startWriting(ctx, answering, periodId, unitId, { replyTo, quote });
    },
    { refusals },
  );
