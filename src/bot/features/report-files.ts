import { MAX_CAPTION } from '../../delivery/outbox.js';
import { esc, reportName, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { getConversation } from '../../store/conversations.js';
import { addAttachment, albumFiles, attachmentsOf, findAttachment, recordFileChange, removeAttachments, setAttachmentAck, type Attachment } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { askNext, attachmentName, loadEditable, type Draft, type ReportState } from './report-form.js';

/**
 * A report's files: photos and documents sent while the report is open are kept with it
 * (with their captions), a wrong one can be removed, and whoever opens the report gets each
 * file with a caption naming the unit and the report.
 */

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
  const { db, clock, log } = ctx.deps;
  const state = ctx.actor ? (await getConversation(db, ctx.actor.person.id))?.state : undefined;
  if (!ctx.actor?.reportingUnit || state?.kind !== 'report') {
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
  const person = ctx.actor.person.id;
  // A file added while correcting a sent report is a change the leader hears of at «Xong».
  const id = await ctx.deps.outbox.withQueue(async (trx) => {
    const added = await addAttachment(trx, draft.report.id, file, person, clock.now());
    if (draft.amending) await recordFileChange(trx, draft.report.id, { from: null, to: attachmentName(file) }, person, clock.now());
    return added;
  });
  const name = reportName(draft.template.title, draft.periodKey);

  if (file.mediaGroupId) {
    const album = await albumFiles(db, draft.report.id, file.mediaGroupId);
    const first = album[0];
    if (first && first.id !== id) {
      // A later file of an album: the album's one reply now counts it too.
      if (first.ackMessageId !== null) {
        const text = vi.report.attachedAlbum(album.length, album.every((f) => f.kind === 'photo'), name);
        await ctx.telegram
          .editMessageText(ctx.chat!.id, first.ackMessageId, undefined, text, { parse_mode: 'HTML', ...singleButton(vi.button.removeAlbum, cb.reportFileRemove(first.id, true)) })
          .catch((error: unknown) => log.debug('could not update the album reply', { error }));
      }
      return;
    }
  }
  const ack = file.mediaGroupId
    ? await ctx.reply(vi.report.attachedAlbum(1, file.kind === 'photo', name), { parse_mode: 'HTML', ...singleButton(vi.button.removeAlbum, cb.reportFileRemove(id, true)) })
    : await ctx.reply(vi.report.attached(attachmentName(file), name), { parse_mode: 'HTML', ...singleButton(vi.button.removeThisFile, cb.reportFileRemove(id)) });
  await setAttachmentAck(db, id, ack.message_id);
  await resume(ctx, draft, state);
}

/** «🗑 Gỡ tệp đính kèm»: the report's files, one button each. */
export async function chooseFileToRemove(ctx: BotContext, reportId: number): Promise<void> {
  const draft = await loadEditable(ctx, reportId);
  if (!draft) return;
  const files = await attachmentsOf(ctx.deps.db, reportId);
  if (files.length === 0) {
    await ctx.reply(vi.report.noFiles);
    return askNext(ctx, draft);
  }
  const buttons = files.map((f, i) => ({ text: vi.button.removeOneFile(i + 1, attachmentName(f)), data: cb.reportFileRemove(f.id) }));
  buttons.push({ text: vi.button.back, data: cb.report('keep', reportId) });
  await ctx.reply(vi.report.chooseFileToRemove, buttonRows(buttons));
}

/**
 * Takes a file (or the whole album it came in) out of the report while the report may be
 * changed. The file is kept in the database, marked removed by whom and when, and audited.
 */
export async function removeReportFile(ctx: BotContext, attachmentId: number, album: boolean): Promise<void> {
  const { db, clock } = ctx.deps;
  const file = await findAttachment(db, attachmentId);
  if (!file || file.reportId === undefined || !ctx.actor?.reportingUnit) return void (await ctx.reply(vi.staleButton));
  // Checks the person's unit and that the report may still be changed.
  const draft = await loadEditable(ctx, file.reportId);
  if (!draft) return;
  const ids = album && file.mediaGroupId ? (await albumFiles(db, file.reportId, file.mediaGroupId)).map((f) => f.id) : [file.id];
  const person = ctx.actor.person.id;
  const unit = ctx.actor.reportingUnit;
  const removed = await ctx.deps.outbox.withQueue(async (trx) => {
    const rows = await removeAttachments(trx, file.reportId, ids, person, clock.now());
    if (draft.amending) for (const row of rows) await recordFileChange(trx, file.reportId, { from: attachmentName(row), to: null }, person, clock.now());
    if (rows.length) {
      await audit(trx, {
        clusterId: unit.clusterId,
        actorPersonId: person,
        actor: `person:${person}`,
        action: 'report.attachment_remove',
        details: { reportId: file.reportId, attachmentIds: rows.map((r) => r.id), files: rows.map((r) => ({ kind: r.kind, fileId: r.fileId, fileName: r.fileName })) },
      });
    }
    return rows;
  });
  if (removed.length === 0) await ctx.reply(vi.report.fileAlreadyRemoved);
  else await replyHtml(ctx, vi.report.filesRemoved(removed.map(attachmentName)));
  const state = (await getConversation(db, person))?.state;
  await resume(ctx, draft, state?.kind === 'report' && state.reportId === draft.report.id ? state : undefined);
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
  if (bare.length >= MAX_CAPTION - 2) return vi.report.fileCaption(unit.slice(0, 200), name.slice(0, 200), index, total);
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
