/**
 * "📢 Gửi thông báo" (or /thongbao): the leader writes guidance (text, maybe one file), sees a
 * preview with whom it reaches, may choose units, sends it; each person taps "Đã nhận"; the
 * leader sees who did ("📋") and sends it again to the others. Workflows: services/guidance.ts.
 */
import { z } from 'zod';
import { vi } from '../../i18n/vi.js';
import { InvalidInput, NotEntitled } from '../../services/errors.js';
import {
  acknowledgeGuidance,
  acknowledgements,
  chooseUnits,
  chosenUnitNames,
  draftReach,
  guidanceHistory,
  MAX_GUIDANCE_LENGTH,
  resendGuidance,
  removeDraftFile,
  reviseDraft,
  sendGuidance,
  type DraftChange,
  type GuidanceDraft,
  type UnitChoice,
} from '../../services/guidance.js';
import { guidanceNoticeButtons } from '../../services/guidance-queue.js';
import { ledCluster } from '../../services/people.js';
import { guidanceFileSchema, type GuidanceFile } from '../../store/guidance.js';
import type { BotContext } from '../context.js';
import { button, cancelButton, endPrompt, Feature, seg, type IncomingFile } from '../feature.js';
import { buttonGrid, buttonRows, singleButton } from '../keyboards.js';
import { answeringRefusals } from '../refusals.js';
import { answerTap, replyHtml } from '../reply.js';

export const guidanceButtons = {
  ...guidanceNoticeButtons,
  /**
   * Under the preview and the unit list: send, choose units (pick), tick every unit (pickall),
   * units chosen (pickok), drop the file (nofile); cancel is an old "Hủy" from before prompts
   * named themselves, still under some drafts.
   */
  draft: button('gd', z.enum(['send', 'cancel', 'pick', 'pickall', 'pickok', 'nofile'])),
  /** A unit ticked or unticked in the unit list. */
  unit: button('gd:u', seg.id),
  /** "🗂 Các thông báo đã gửi". */
  history: button('gd:list'),
  /** "🔁 Gửi lại" under the grid. */
  resend: button('gd:resend', seg.id),
};

/** The leader's lines for the guidance services' refusals. */
const refusals = {
  too_long: vi.guidance.tooLong(MAX_GUIDANCE_LENGTH),
  no_unit: vi.guidance.noUnitChosen,
  no_recipients: vi.guidance.noRecipients,
  no_recipients_chosen: vi.guidance.noRecipientsChosen,
  nobody: vi.guidance.nobodyToResend,
};

const cancel = { code: 'g', said: vi.guidance.cancelled };

export const guidance = new Feature('guidance');

/** Writing, before there is anything to preview. */
const compose = guidance.prompt(
  'guidance_compose',
  z.object({ kind: z.literal('guidance_compose'), clusterId: z.number().int() }),
  {
    // Forwarded text is taken: the leader sees the preview before anything goes.
    forwarded: 'take',
    emptyText: 'pass',
    cancel,
    onText: (ctx, _state, text) => revise(ctx, () => reviseDraft(ctx.actor!, undefined, { body: text })),
    onFile: (ctx, _state, file) => revise(ctx, () => reviseDraft(ctx.actor!, undefined, fileChange(file))),
  },
);

/** The draft under its preview; typed text replaces the text, a file replaces the file. */
const preview = guidance.prompt(
  'guidance_preview',
  z.object({
    kind: z.literal('guidance_preview'),
    clusterId: z.number().int(),
    body: z.string(),
    file: guidanceFileSchema.optional(),
    unitIds: z.array(z.number().int()).optional(),
  }),
  {
    forwarded: 'take',
    emptyText: 'pass',
    cancel,
    onText: (ctx, state, text) => revise(ctx, () => reviseDraft(ctx.actor!, state, { body: text })),
    onFile: (ctx, state, file) => revise(ctx, () => reviseDraft(ctx.actor!, state, fileChange(file))),
  },
);

/** The leader's draft, if the open prompt is one. */
async function currentDraft(ctx: BotContext): Promise<GuidanceDraft | undefined> {
  return preview.current(ctx);
}

async function openDraft(ctx: BotContext, draft: GuidanceDraft): Promise<void> {
  await preview.open(ctx, { kind: 'guidance_preview', ...draft });
}

async function composeGuidance(ctx: BotContext): Promise<void> {
  const { clusterId } = ledCluster(ctx.actor!);
  await compose.open(ctx, { kind: 'guidance_compose', clusterId });
  await ctx.reply(
    vi.guidance.askBody,
    buttonRows([
      { text: vi.button.guidanceHistory, data: guidanceButtons.history.data() },
      { text: vi.button.cancel, data: cancelButton.data('g') },
    ]),
  );
}

function fileChange(file: IncomingFile): { file: GuidanceFile; body: string | undefined } {
  return { file: { kind: file.kind, fileId: file.fileId, fileName: file.fileName }, body: file.caption ?? undefined };
}

/** Text or a file at the prompt, or the file removed: the draft changes and its preview comes again. */
async function revise(ctx: BotContext, change: () => DraftChange): Promise<void> {
  await answeringRefusals(
    ctx,
    () =>
      endingDraftOnNotEntitled(ctx, async () => {
        const result = change();
        if (result.outcome === 'empty') {
          // Nothing left to send: back to writing.
          await compose.open(ctx, { kind: 'guidance_compose', clusterId: ctx.actor!.leaderOf!.clusterId });
          return void (await ctx.reply(vi.guidance.empty));
        }
        await openDraft(ctx, result.draft);
        if (result.captionNotUsed !== undefined)
          await replyHtml(ctx, vi.guidance.captionNotUsed(result.captionNotUsed));
        await showPreview(ctx, result.draft);
      }),
    refusals,
  );
}

/** The leader role moved while this person was writing: drop the draft, not their next messages. */
async function endingDraftOnNotEntitled(ctx: BotContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof NotEntitled) await endPrompt(ctx);
    throw error;
  }
}

/** What will go out and to whom, with Send / Choose units / (Remove file) / Cancel. Nobody to reach: the draft ends. */
async function showPreview(ctx: BotContext, draft: GuidanceDraft): Promise<void> {
  let reach;
  try {
    reach = await draftReach(ctx.deps, ctx.actor!, draft);
  } catch (error) {
    if (error instanceof InvalidInput && error.detail === 'no_recipients') await endPrompt(ctx);
    throw error;
  }
  await replyHtml(
    ctx,
    vi.guidance.preview({ body: draft.body, file: draft.file, ...reach }),
    buttonRows([
      { text: vi.button.send, data: guidanceButtons.draft.data('send') },
      { text: vi.button.pickUnits, data: guidanceButtons.draft.data('pick') },
      ...(draft.file ? [{ text: vi.button.removeFile, data: guidanceButtons.draft.data('nofile') }] : []),
      { text: vi.button.cancel, data: cancelButton.data('g') },
    ]),
  );
}

/** The buttons of the unit list: one per unit, ticked or not, then "Tất cả" and "Xong". */
function unitChoices(units: UnitChoice['units']) {
  return buttonGrid([
    ...units.map((u) => [{ text: vi.button.unitChoice(u.name, u.chosen), data: guidanceButtons.unit.data(u.id) }]),
    [
      { text: vi.button.allUnits(units.every((u) => u.chosen)), data: guidanceButtons.draft.data('pickall') },
      { text: vi.button.done, data: guidanceButtons.draft.data('pickok') },
    ],
  ]);
}

/** "🎯 Chọn đơn vị nhận", a unit tapped in the list, or "Tất cả": the list shows the choice. */
async function pickUnits(ctx: BotContext, tap: { unitId: number } | 'all' | 'open'): Promise<void> {
  const { draft, units } = await chooseUnits(ctx.deps, ctx.actor!, await currentDraft(ctx), tap);
  if (tap === 'open') return void (await ctx.reply(vi.guidance.chooseUnits, unitChoices(units)));
  await openDraft(ctx, draft);
  // A tap that came without its message (too old) cannot change it: the list comes anew.
  if (!ctx.callbackQuery?.message) return void (await ctx.reply(vi.guidance.chooseUnits, unitChoices(units)));
  await ctx
    .editMessageReplyMarkup(unitChoices(units).reply_markup)
    .catch((error) => ctx.deps.log.debug('unit list not updated', { error }));
}

/** Per unit: who acknowledged, who has not, who could not be reached; with "Gửi lại" while someone owes it. */
async function showAcknowledgements(
  ctx: BotContext,
  guidanceId: number,
  options: { edit?: boolean } = {},
): Promise<void> {
  const { units, owing } = await acknowledgements(ctx.deps, ctx.actor!, guidanceId);
  const text = vi.guidance.grid(units);
  const keyboard = buttonRows([
    ...(owing ? [{ text: vi.button.resend, data: guidanceButtons.resend.data(guidanceId) }] : []),
    { text: vi.button.refresh, data: guidanceButtons.grid.data('regrid', guidanceId) },
  ]);
  if (options.edit && ctx.callbackQuery?.message) {
    await ctx
      .editMessageText(text, { parse_mode: 'HTML', ...keyboard })
      .catch((error) => ctx.deps.log.debug('grid not updated', { error }));
    return;
  }
  await replyHtml(ctx, text, keyboard);
}

guidance
  .onMenu('guidance', composeGuidance)
  .onCommand('thongbao', composeGuidance)
  .onButton(guidanceButtons.history, async (ctx) => {
    const items = await guidanceHistory(ctx.deps, ctx.actor!);
    if (items.length === 0) return void (await ctx.reply(vi.guidance.historyEmpty));
    await replyHtml(
      ctx,
      vi.guidance.history(items),
      buttonGrid([items.map((g, i) => ({ text: `📋 ${i + 1}`, data: guidanceButtons.grid.data('grid', g.id) }))]),
    );
  })
  .onButton(
    guidanceButtons.draft,
    async (ctx, [action]) => {
      switch (action) {
        case 'send': {
          const { renudgeHours } = await sendGuidance(ctx.deps, ctx.actor!, await currentDraft(ctx));
          ctx.conversation = null;
          return ctx.reply(vi.guidance.sending(renudgeHours));
        }
        case 'cancel': {
          // A "Hủy" sent before prompts named themselves: it ends the guidance being written.
          const open = (await compose.current(ctx)) ?? (await preview.current(ctx));
          if (!open) return ctx.reply(vi.staleButton);
          await endPrompt(ctx);
          return ctx.reply(vi.guidance.cancelled);
        }
        case 'pick':
          return pickUnits(ctx, 'open');
        case 'pickall':
          return pickUnits(ctx, 'all');
        case 'pickok': {
          const draft = await currentDraft(ctx);
          const names = await chosenUnitNames(ctx.deps, ctx.actor!, draft);
          // The list gives way to what was chosen, so the chat reads as a record.
          await ctx
            .editMessageText(vi.guidance.unitsChosen(names), { parse_mode: 'HTML' })
            .catch((error) => ctx.deps.log.debug('unit list not replaced', { error }));
          return showPreview(ctx, draft!);
        }
        case 'nofile': {
          const draft = await currentDraft(ctx);
          return revise(ctx, () => removeDraftFile(ctx.actor!, draft));
        }
      }
    },
    { refusals },
  )
  .onButton(guidanceButtons.unit, (ctx, [unitId]) => pickUnits(ctx, { unitId }), { refusals })
  .onButton(
    guidanceButtons.grid,
    (ctx, [action, guidanceId]) => showAcknowledgements(ctx, guidanceId, { edit: action === 'regrid' }),
    { refusals },
  )
  .onButton(
    guidanceButtons.resend,
    async (ctx, [guidanceId]) => {
      const { people } = await resendGuidance(ctx.deps, ctx.actor!, guidanceId);
      await ctx.reply(vi.guidance.resending(people));
    },
    { refusals },
  )
  .onButton(
    guidanceButtons.ack,
    async (ctx, [deliveryId]) => {
      const acknowledged = await acknowledgeGuidance(ctx.deps, ctx.actor, deliveryId);
      await answerTap(ctx, acknowledged ? vi.guidance.acknowledged : undefined);
      // The message itself shows it was confirmed; tapping again changes nothing.
      if (acknowledged) {
        await ctx
          .editMessageReplyMarkup(
            singleButton(vi.button.acknowledged, guidanceButtons.ack.data(deliveryId)).reply_markup,
          )
          .catch((error) => ctx.deps.log.debug('acknowledged mark not shown', { error }));
      }
    },
    { answersItself: true },
  );
