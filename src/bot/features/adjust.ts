/**
 * The leader's controls on a period: extend the deadline for one unit or all that still owe
 * the report, or excuse a unit, always with a reason the units are told; close a period early
 * or open the next one now. A unit's contact asks for more time; the leader decides.
 * Workflows: services/adjust.ts.
 */
import { z } from 'zod';
import { reportName, vi } from '../../i18n/vi.js';
import { PeriodClosed } from '../../services/errors.js';
import {
  ADJUST_ACTIONS,
  adjustUnits,
  ALL_UNITS,
  closePeriod,
  decideExtension,
  extensionToAsk,
  openNextPeriod,
  periodsToExtend,
  periodToControl,
  requestExtension,
  unitsToAdjust,
  leaderOpenPeriod,
} from '../../services/adjust.js';
import { extensionAskButton, extensionDecisionButton } from '../../services/period-buttons.js';
import { dismissButton } from './common.js';
import type { BotContext } from '../context.js';
import { button, cancelButton, Feature, seg } from '../feature.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { periodGuard, pickPeriod, refuseEndedPeriod } from '../period-buttons.js';
import { replyHtml } from '../reply.js';

/** "⏱ Gia hạn / miễn" under the board: choose the unit. */
export const adjustStartButton = button('bd:adjust', seg.id);
/** A unit (or 0: every unit still owing) chosen: choose the adjustment. */
export const adjustUnitButton = button('ad', seg.id, seg.idOrAll);
/** The adjustment chosen: the reason comes next. */
export const adjustActionButton = button('ad', seg.id, seg.idOrAll, z.enum(ADJUST_ACTIONS));
/** "⏹ Đóng kỳ sớm" / "⏭ Mở sớm kỳ sau" under the board, and their confirmations (-ok). */
export const periodControlButton = button('bd', z.enum(['close', 'close-ok', 'open-next', 'open-next-ok']), seg.id);

export const adjust = new Feature('adjust');

const extensionRefusals = { not_needed: vi.extension.notNeeded };

/** The leader typing the reason for an extension or excuse. */
const leaderAdjustPrompt = adjust.messagePrompt(
  'leader_adjust',
  z.object({
    kind: z.literal('leader_adjust'),
    clusterId: z.number().int(),
    periodId: z.number().int(),
    unitId: z.number().int(),
    action: z.enum(ADJUST_ACTIONS),
  }),
  {
    cancel: { code: 'a', said: vi.adjust.cancelled },
    // The reason is cut to its length by the workflow, not refused.
    checked: false,
    endedBy: 'kit',
    take: (ctx, state, text) => adjustUnits(ctx.deps, ctx.actor!, { ...state, reason: text }),
    // The leader reads each unit's new deadline, and whether the period's end cut it short.
    done: (ctx, result) =>
      replyHtml(
        ctx,
        result.action === 'ex' ? vi.adjust.done(result.units, true) : vi.adjust.extendedDone(result.extended),
      ),
  },
);

/** A unit's contact typing the reason for more time. */
const extensionRequestPrompt = adjust.messagePrompt(
  'extension_request',
  z.object({ kind: z.literal('extension_request'), periodId: z.number().int() }),
  {
    cancel: { code: 'e', said: vi.extension.cancelled },
    checked: false,
    endedBy: 'kit',
    take: (ctx, state, text) => requestExtension(ctx.deps, ctx.actor!, { periodId: state.periodId, reason: text }),
    done: (ctx) => ctx.reply(vi.extension.sent),
    refusals: extensionRefusals,
  },
);

/** "🕒 Xin gia hạn" under a reminder or from the menu: the reason is asked, unless a request is waiting already. */
async function askExtension(ctx: BotContext, periodId: number): Promise<void> {
  const ask = await extensionToAsk(ctx.deps, ctx.actor!, periodId);
  if (ask.kind === 'waiting') return void (await ctx.reply(vi.extension.waiting(ask.requestedAt)));
  await extensionRequestPrompt.open(ctx, { kind: 'extension_request', periodId });
  await ctx.reply(vi.extension.askReason, singleButton(vi.button.cancel, cancelButton.data('e')));
}

adjust
  .onMenu(
    'extension',
    async (ctx) => {
      // Any time a period is open: the one period the unit still owes, or a choice when it owes several.
      const owing = await periodsToExtend(ctx.deps, ctx.actor!);
      await pickPeriod(
        ctx,
        owing.map(({ period, schedule }) => ({
          id: period.id,
          name: reportName(schedule.template.definition.title, period.key),
        })),
        { none: vi.extension.nothingOwed, choose: vi.extension.choosePeriod },
        (periodId) => askExtension(ctx, periodId),
        (periodId) => extensionAskButton.data(periodId),
      );
    },
    extensionRefusals,
  )
  .onButton(extensionAskButton, (ctx, [periodId]) => askExtension(ctx, periodId), {
    guard: periodGuard,
    refusals: extensionRefusals,
  })
  .onButton(
    extensionDecisionButton,
    async (ctx, [requestId, decision]) => {
      try {
        const decided = await decideExtension(ctx.deps, ctx.actor!, { requestId, decision });
        await removeButtons(ctx);
        if (decided.approved)
          await replyHtml(
            ctx,
            vi.adjust.extendedDone([{ unit: decided.unitName, until: decided.deadlineAt, capped: decided.capped }]),
          );
        else await ctx.reply(vi.extension.declinedLeader(decided.unitName));
      } catch (error) {
        // Left until its period ended: the buttons go, it cannot be decided weeks later.
        if (error instanceof PeriodClosed) await removeButtons(ctx);
        throw error;
      }
    },
    { refusals: { decided: vi.extension.alreadyDecided, request: vi.extension.periodEnded } },
  )
  .onButton(
    adjustStartButton,
    async (ctx, [periodId]) => {
      const owing = await unitsToAdjust(ctx.deps, ctx.actor!, periodId);
      const buttons = owing.map((u) => ({ text: u.name, data: adjustUnitButton.data(periodId, u.id) }));
      if (owing.length > 1)
        buttons.push({ text: vi.adjust.allOwing, data: adjustUnitButton.data(periodId, ALL_UNITS) });
      await ctx.reply(owing.length ? vi.adjust.chooseUnit : vi.nudge.nothing(), buttonRows(buttons));
    },
    { guard: periodGuard },
  )
  .onButton(
    adjustUnitButton,
    async (ctx, [periodId, unitId]) => {
      await leaderOpenPeriod(ctx.deps, ctx.actor!, periodId);
      const buttons = [
        { text: vi.adjust.extend(3), data: adjustActionButton.data(periodId, unitId, 'e3') },
        { text: vi.adjust.extend(7), data: adjustActionButton.data(periodId, unitId, 'e7') },
        ...(unitId === ALL_UNITS
          ? []
          : [{ text: vi.adjust.excuse, data: adjustActionButton.data(periodId, unitId, 'ex') }]),
      ];
      await ctx.reply(vi.adjust.chooseAction, buttonRows(buttons));
    },
    { guard: periodGuard },
  )
  .onButton(
    adjustActionButton,
    async (ctx, [periodId, unitId, action]) => {
      // The action is chosen: the reason comes as the next message.
      const { clusterId } = await leaderOpenPeriod(ctx.deps, ctx.actor!, periodId);
      await leaderAdjustPrompt.open(ctx, { kind: 'leader_adjust', clusterId, periodId, unitId, action });
      await ctx.reply(vi.adjust.askReason, singleButton(vi.button.cancel, cancelButton.data('a')));
    },
    { guard: periodGuard },
  )
  .onButton(
    periodControlButton,
    async (ctx, [action, periodId]) => {
      // Each asks to confirm first: opening early tells every unit at once, a slip of the finger must not do that.
      if (action === 'close') {
        const { period, schedule } = await periodToControl(ctx.deps, ctx.actor!, periodId);
        const name = reportName(schedule.template.definition.title, period.key);
        return replyHtml(
          ctx,
          vi.periodControl.confirmClose(name),
          buttonRows([{ text: vi.periodControl.close, data: periodControlButton.data('close-ok', periodId) }]),
        );
      }
      if (action === 'open-next') {
        const { schedule, nextKey } = await periodToControl(ctx.deps, ctx.actor!, periodId);
        const nextName = nextKey === undefined ? undefined : reportName(schedule.template.definition.title, nextKey);
        const buttons = [
          { text: vi.periodControl.open, data: periodControlButton.data('open-next-ok', periodId) },
          { text: vi.button.cancel, data: dismissButton.data() },
        ];
        return replyHtml(ctx, vi.periodControl.confirmOpen(nextName), buttonRows(buttons));
      }
      if (action === 'close-ok') {
        const { period, schedule } = await closePeriod(ctx.deps, ctx.actor!, periodId);
        return replyHtml(ctx, vi.periodControl.closed(reportName(schedule.template.definition.title, period.key)));
      }
      const { period, schedule } = await openNextPeriod(ctx.deps, ctx.actor!, periodId);
      await replyHtml(ctx, vi.periodControl.opened(reportName(schedule.template.definition.title, period.key)));
    },
    {
      guard: (ctx, [, periodId]) => refuseEndedPeriod(ctx, periodId),
      refusals: { already_open: vi.periodControl.alreadyOpen },
    },
  );

/** The decision buttons go once used (or useless); a message already without them is no fault. */
async function removeButtons(ctx: BotContext): Promise<void> {
  await ctx
    .editMessageReplyMarkup(undefined)
    .catch((error) => ctx.deps.log.debug('could not remove the buttons', { error }));
}
