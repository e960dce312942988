/**
 * ✔️ Xong (or ⏸ Tạm dừng) after correcting a sent report: services/reports.ts tells the
 * leader what changed; here the person reads what is true for them. Apart from report.ts so
 * the form (report-form.ts, which pauses a correction this way) need not import the feature.
 */
import { vi } from '../../i18n/vi.js';
import { finishAmending as finish } from '../../services/reports.js';
import { reportActionButton } from '../../services/report-buttons.js';
import type { BotContext } from '../context.js';
import { singleButton } from '../keyboards.js';
import { answeringRefusals } from '../refusals.js';
import { replyHtml } from '../reply.js';

/**
 * Ends the person's correction session on the report and says so: nothing changed, only
 * colleagues' changes (now told), or their own changes saved (told now, or already with a
 * colleague's «Xong»), pointing out answers a colleague changed again afterwards.
 */
export async function finishAmending(ctx: BotContext, reportId: number): Promise<void> {
  await answeringRefusals(ctx, async () => {
    const result = await finish(ctx.deps, ctx.actor!, reportId);
    const view = singleButton(vi.button.view, reportActionButton.data('view', reportId));
    switch (result.kind) {
      case 'no_changes':
        return void (await ctx.reply(vi.report.noChanges, view));
      case 'others_told':
        return void (await replyHtml(ctx, vi.report.othersAnnounced(result.others), view));
      case 'amended': {
        const saved = result.toldNow ? vi.report.amended : vi.report.amendedSentWithColleague;
        const text = result.overwritten.length ? `${saved}\n${vi.report.overwrittenSince(result.overwritten)}` : saved;
        return void (await replyHtml(ctx, text, view));
      }
    }
  });
}
