import { MAX_CAPTION } from '../../delivery/outbox.js';
import { esc, reportName, vi } from '../../i18n/vi.js';
import {
  attachFile as attachToReport,
  recordFileAck,
  removeFiles,
  reportFiles,
  reportOfFile,
} from '../../services/reports.js';
import type { Attachment } from '../../store/reports.js';
import { reportFileRemoveButton, reportFilesButton, reportNavButton } from '../../services/report-buttons.js';
import type { BotContext } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { askNext, attachmentName, formPrompt, loadEditable, type Draft, type ReportState } from './report-form.js';

/**
 * A report's files: photos and documents sent while the report is open are kept with it
 * (with their captions), a wrong one can be removed, and whoever opens the report gets each
 * file with a caption naming the unit and the report.
 */

/** A report's file buttons: d(rop) one file, g(roup): drop the album it came in; l(ist) the report's files to choose. */
export const reportFileButtons = { remove: reportFileRemoveButton, list: reportFilesButton };

/**
 * Albums (Telegram sends each file as its own message, sharing `media_group_id`) that were
 * refused: the refusal is said once per album. In memory: the worst after a restart is one
 * more refusal.
 */
const refusedAlbums = new Map<string, number>();
const REFUSED_ALBUM_MS = 10 * 60 * 1000;

/** True the first time an album is refused (and always for a single file). */
function firstRefusal(mediaGroupId: string | null | undefined): boolean {
  if (!mediaGroupId) return true;
  const now = Date.now();
  for (const [id, at] of refusedAlbums) if (now - at > REFUSED_ALBUM_MS) refusedAlbums.delete(id);
  if (refusedAlbums.has(mediaGroupId)) return false;
  refusedAlbums.set(mediaGroupId, now);
  return true;
}

/**
 * A photo or document sent while a report is open is attached to it, with its caption. One
 * reply per file, or one per album (updated with the count as its files arrive); then the
 * question the person was at is shown again so they can go on.
 */
export async function attachFile(ctx: BotContext, file: Attachment): Promise<void> {
  const { log } = ctx.deps;
  const state = ctx.actor ? await formPrompt.current(ctx) : undefined;
  if (!ctx.actor?.reportingUnit || !state) {
    if (firstRefusal(file.mediaGroupId)) await ctx.reply(vi.report.attachFirst);
    return;
  }
  if (file.mediaGroupId && refusedAlbums.has(file.mediaGroupId)) return;
  const draft = await loadEditable(ctx, state.reportId);
  if (!draft) {
    // loadEditable said why (sent, closed); the album's other files need not hear it again.
    firstRefusal(file.mediaGroupId);
    return;
  }
  const { attachmentId: id, album } = await attachToReport(ctx.deps, ctx.actor, {
    reportId: draft.report.id,
    amending: draft.amending,
    file,
    describe: attachmentName,
  });
  const name = reportName(draft.template.title, draft.periodKey);

  const first = album?.[0];
  if (album && first && first.id !== id) {
    // A later file of an album: the album's one reply now counts it too.
    if (first.ackMessageId !== null) {
      const text = vi.report.attachedAlbum(
        album.length,
        album.every((f) => f.kind === 'photo'),
        name,
      );
      await ctx.telegram
        .editMessageText(ctx.chat!.id, first.ackMessageId, undefined, text, {
          parse_mode: 'HTML',
          ...singleButton(vi.button.removeAlbum, reportFileButtons.remove.data('g', first.id)),
        })
        .catch((error: unknown) => log.debug('could not update the album reply', { error }));
    }
    return;
  }
  const ack = file.mediaGroupId
    ? await ctx.reply(vi.report.attachedAlbum(1, file.kind === 'photo', name), {
        parse_mode: 'HTML',
        ...singleButton(vi.button.removeAlbum, reportFileButtons.remove.data('g', id)),
      })
    : await ctx.reply(vi.report.attached(attachmentName(file), name), {
        parse_mode: 'HTML',
        ...singleButton(vi.button.removeThisFile, reportFileButtons.remove.data('d', id)),
      });
  await recordFileAck(ctx.deps, id, ack.message_id);
  await resume(ctx, draft, state);
}

/** «🗑 Gỡ tệp đính kèm»: the report's files, one button each. */
export async function chooseFileToRemove(ctx: BotContext, reportId: number): Promise<void> {
  const draft = await loadEditable(ctx, reportId);
  if (!draft) return;
  const files = await reportFiles(ctx.deps, ctx.actor!, reportId);
  if (files.length === 0) {
    await ctx.reply(vi.report.noFiles);
    return askNext(ctx, draft);
  }
  const buttons = files.map((f, i) => ({
    text: vi.button.removeOneFile(i + 1, attachmentName(f)),
    data: reportFileButtons.remove.data('d', f.id),
  }));
  buttons.push({ text: vi.button.back, data: reportNavButton.data('keep', reportId) });
  await ctx.reply(vi.report.chooseFileToRemove, buttonRows(buttons));
}

/**
 * Takes a file (or the whole album it came in) out of the report while the report may be
 * changed. The file is kept in the database, marked removed by whom and when, and audited.
 */
export async function removeReportFile(ctx: BotContext, attachmentId: number, album: boolean): Promise<void> {
  const reportId = await reportOfFile(ctx.deps, ctx.actor!, attachmentId);
  // Checks that the report may still be changed (and says why not).
  const draft = await loadEditable(ctx, reportId);
  if (!draft) return;
  const removed = await removeFiles(ctx.deps, ctx.actor!, {
    attachmentId,
    album,
    amending: draft.amending,
    describe: attachmentName,
  });
  if (removed.length === 0) await ctx.reply(vi.report.fileAlreadyRemoved);
  else await replyHtml(ctx, vi.report.filesRemoved(removed.map(attachmentName)));
  ctx.conversation = undefined;
  const state = await formPrompt.current(ctx);
  await resume(ctx, draft, state?.reportId === draft.report.id ? state : undefined);
}

/** Shows again the question the person was at (the one being changed, if any), or the review. */
async function resume(ctx: BotContext, draft: Draft, state: ReportState | undefined): Promise<void> {
  await askNext(ctx, draft, state?.editing && state.field ? state.field : undefined);
}

/**
 * The caption of a report's file sent to whoever opens the report: unit, report, which file,
 * and the person's own caption, shortened so the whole stays within Telegram's 1,024
 * characters (counted on the HTML, which is never shorter than what Telegram counts).
 */
export function fileCaption(unit: string, name: string, index: number, total: number, caption: string | null): string {
  const bare = vi.report.fileCaption(unit, name, index, total);
  const whole = vi.report.fileCaption(unit, name, index, total, caption ?? undefined);
  if (whole.length <= MAX_CAPTION) return whole;
  if (bare.length >= MAX_CAPTION - 2)
    return vi.report.fileCaption(unit.slice(0, 200), name.slice(0, 200), index, total);
  // The longest beginning of the caption whose escaped form fits, whole characters only.
  const room = MAX_CAPTION - (vi.report.fileCaption(unit, name, index, total, '…').length - 1);
  let kept = '';
  let used = 0;
  for (const char of caption ?? '') {
    const size = esc(char).length;
    if (used + size > room - 1) break;
    kept += char;
    used += size;
  }
  return vi.report.fileCaption(unit, name, index, total, `${kept.trimEnd()}…`);
}
