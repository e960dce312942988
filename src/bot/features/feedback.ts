/**
 * The leader's "Đạt", "Trả lại" and "Góp ý" under a unit's report, and the unit's "Đã nhận"
 * under the notice (services/feedback.ts).
 */
import { z } from 'zod';
import { vi } from '../../i18n/vi.js';
import {
  acknowledgeFeedback,
  commentTarget,
  feedbackNoticeButtons,
  giveFeedback,
  startFeedback,
  type FeedbackGiven,
} from '../../services/feedback.js';
import { dismissButton } from './common.js';
import type { BotContext } from '../context.js';
import { button, cancelButton, Feature, seg } from '../feature.js';
import { buttonGrid, buttonRows, singleButton } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';

export const feedbackButtons = {
  ...feedbackNoticeButtons,
  /** Under a submitted report: "Đạt", "Trả lại", "Góp ý" (report id). */
  start: button('fb', z.enum(['accept', 'return', 'comment']), seg.id),
  /** A comment on the whole report (report id). */
  onReport: button('fb:cr', seg.id),
  /** A comment on one answer (report id, question key). */
  onField: button('fb:cf', seg.id, seg.fieldKey),
};

const refusals = { already_accepted: vi.feedback.alreadyAccepted };

export const feedback = new Feature('feedback');

/** The leader is typing a comment on a report (or on one of its answers), or the reason for sending it back. */
const reason = feedback.messagePrompt(
  'leader_feedback',
  z.object({
    kind: z.literal('leader_feedback'),
    reportId: z.number().int(),
    feedback: z.enum(['comment', 'return']),
    field: z.string().optional(),
  }),
  {
    cancel: { code: 'f', said: vi.feedback.cancelled },
    checked: true,
    endedBy: 'workflow',
    take: (ctx, state, text) =>
      giveFeedback(ctx.deps, ctx.actor!, {
        reportId: state.reportId,
        kind: state.feedback,
        body: text,
        fieldKey: state.field,
        endsPrompt: true,
      }),
    done: (ctx, given) => sayGiven(ctx, given),
    refusals,
  },
);

async function sayGiven(ctx: BotContext, given: FeedbackGiven): Promise<void> {
  await replyHtml(ctx, vi.feedback.sent(given.kind, given.unitName, given.fieldLabel));
}

const cancel = singleButton(vi.button.cancel, cancelButton.data('f'));

feedback
  .onButton(
    feedbackButtons.start,
    async (ctx, [kind, reportId]) => {
      const start = await startFeedback(ctx.deps, ctx.actor!, reportId, kind);
      if (start.next === 'given') return sayGiven(ctx, start.given);
      if (start.next === 'reason') {
        await reason.open(ctx, { kind: 'leader_feedback', reportId, feedback: 'return' });
        return ctx.reply(vi.feedback.askReason, cancel);
      }
      // The whole report, or one of the answers the unit gave.
      const buttons = [
        { text: vi.button.wholeReport, data: feedbackButtons.onReport.data(reportId) },
        ...start.fields.map((f) => ({
          text: vi.feedback.fieldButton(f.label, f.value),
          data: feedbackButtons.onField.data(reportId, f.key),
        })),
        { text: vi.button.cancel, data: dismissButton.data() },
      ];
      return ctx.reply(vi.feedback.chooseTarget, buttonRows(buttons));
    },
    { refusals },
  )
  .onButton(
    feedbackButtons.onReport,
    async (ctx, [reportId]) => {
      await commentTarget(ctx.deps, ctx.actor!, reportId, undefined);
      await reason.open(ctx, { kind: 'leader_feedback', reportId, feedback: 'comment' });
      await ctx.reply(vi.feedback.askComment, cancel);
    },
    { refusals },
  )
  .onButton(
    feedbackButtons.onField,
    async (ctx, [reportId, key]) => {
      const field = (await commentTarget(ctx.deps, ctx.actor!, reportId, key))!;
      await reason.open(ctx, { kind: 'leader_feedback', reportId, feedback: 'comment', field: key });
      await replyHtml(ctx, vi.feedback.askFieldComment(field.label, field.value), cancel);
    },
    { refusals },
  )
  .onButton(
    feedbackButtons.ack,
    async (ctx, [feedbackId]) => {
      // Recorded once per person; like guidance, the button turns into "✅ Đã xác nhận" (the other buttons stay).
      const outcome = await acknowledgeFeedback(ctx.deps, ctx.actor, feedbackId);
      await answerTap(
        ctx,
        outcome === 'recorded'
          ? vi.guidance.acknowledged
          : outcome === 'already'
            ? vi.feedback.alreadyAcknowledged
            : undefined,
      );
      if (outcome === 'not_theirs') return;
      const message = ctx.callbackQuery?.message;
      const rows = message && 'reply_markup' in message ? message.reply_markup?.inline_keyboard : undefined;
      if (!rows) return;
      const data = feedbackButtons.ack.data(feedbackId);
      const marked = rows.map((row) =>
        row
          .map((b) =>
            'callback_data' in b
              ? { text: b.callback_data === data ? vi.button.acknowledged : b.text, data: b.callback_data }
              : undefined,
          )
          .filter((b) => b !== undefined),
      );
      // Pressed again on a marked message: Telegram answers "not modified", which is fine.
      await ctx
        .editMessageReplyMarkup(buttonGrid(marked).reply_markup)
        .catch((error) => ctx.deps.log.debug('acknowledged mark not shown', { error }));
    },
    { answersItself: true },
  );
