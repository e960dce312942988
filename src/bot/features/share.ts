/**
 * "🌟 Chia sẻ kinh nghiệm": under a submitted report the leader picks one written answer,
 * sees what the other units will get (typing adds a note), and sends it
 * (services/share.ts checks each step and sends it as guidance).
 */
import { z } from 'zod';
import { vi } from '../../i18n/vi.js';
import { NotEntitled, Refusal, Stale } from '../../services/errors.js';
import {
  answersToShare,
  draftShare,
  MAX_NOTE_LENGTH,
  noteShare,
  previewShare,
  sendShare,
  type ShareDraft,
} from '../../services/share.js';
import type { BotContext } from '../context.js';
import { button, cancelButton, endPrompt, Feature, seg } from '../feature.js';
import { buttonRows } from '../keyboards.js';
import { answeringRefusals } from '../refusals.js';
import { replyHtml } from '../reply.js';
import { dismissButton } from './common.js';

export const shareButtons = {
  /** Under a report: choose which written answer to share. */
  fields: button('xs:f', seg.id),
  /** One answer chosen: preview it (report id, field key). */
  preview: button('xs:p', seg.id, seg.fieldKey),
  /** "✅ Gửi tới các đơn vị". */
  send: button('xs:send'),
};

const refusals = { note_too_long: vi.share.noteTooLong(MAX_NOTE_LENGTH), no_recipients: vi.share.noRecipients };

/**
 * The leader previews a unit's answer to share with the other units and may type a note.
 * The text is kept as previewed: what the leader confirms is what goes out.
 */
const shareState = z.object({
  kind: z.literal('share_preview'),
  clusterId: z.number().int(),
  reportId: z.number().int(),
  fieldKey: z.string(),
  text: z.string(),
  note: z.string().optional(),
});
type ShareState = z.infer<typeof shareState>;

export const share = new Feature('share');

const sharePrompt = share.prompt('share_preview', shareState, {
  // Text typed during the preview is the leader's note; typing again replaces it.
  async onText(ctx, state, text) {
    await answeringRefusals(
      ctx,
      async () => {
        const next = { kind: 'share_preview' as const, ...noteShare(draftOf(state), text) };
        await sharePrompt.open(ctx, next);
        await showPreview(ctx, next);
      },
      refusals,
    );
  },
  forwarded: 'refuse',
  // An empty note is no note: the preview shows again without one.
  emptyText: 'pass',
  cancel: { code: 's', said: vi.share.cancelled },
});

share
  .onButton(
    shareButtons.fields,
    async (ctx, [reportId]) => {
      const answers = await answersToShare(ctx.deps, ctx.actor!, reportId);
      if (answers.length === 0) return void (await ctx.reply(vi.share.nothing));
      const buttons = answers.map((a) => ({ text: a.label, data: shareButtons.preview.data(reportId, a.key) }));
      await ctx.reply(
        vi.share.chooseField,
        buttonRows([...buttons, { text: vi.button.cancel, data: dismissButton.data() }]),
      );
    },
    { refusals },
  )
  .onButton(
    shareButtons.preview,
    async (ctx, [reportId, fieldKey]) => {
      const state: ShareState = {
        kind: 'share_preview',
        ...(await draftShare(ctx.deps, ctx.actor!, { reportId, fieldKey })),
      };
      await sharePrompt.open(ctx, state);
      await showPreview(ctx, state);
    },
    { refusals },
  )
  .onButton(
    shareButtons.send,
    async (ctx) => {
      if (!ctx.actor!.leaderOf) throw new NotEntitled('leader');
      const state = await sharePrompt.current(ctx);
      if (!state) throw new Stale('no_preview');
      await sendShare(ctx.deps, ctx.actor!, draftOf(state));
      await ctx.reply(vi.share.sending);
    },
    { refusals },
  );

function draftOf(state: ShareState): ShareDraft {
  return {
    clusterId: state.clusterId,
    reportId: state.reportId,
    fieldKey: state.fieldKey,
    text: state.text,
    note: state.note,
  };
}

/** What the units will get, how many, and the buttons to send or cancel. A preview that cannot be shown ends the prompt. */
async function showPreview(ctx: BotContext, state: ShareState): Promise<void> {
  const preview = await previewShare(ctx.deps, ctx.actor!, draftOf(state)).catch(async (error: unknown) => {
    if (error instanceof Refusal) await endPrompt(ctx);
    throw error;
  });
  await replyHtml(
    ctx,
    vi.share.preview(preview.message, preview.units, preview.people, Boolean(state.note)),
    buttonRows([
      { text: vi.button.shareSend, data: shareButtons.send.data() },
      { text: vi.button.cancel, data: cancelButton.data('s') },
    ]),
  );
}
