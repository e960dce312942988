import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { createBatch, textMessage, textToPeople, type OutgoingMessage } from '../../delivery/outbox.js';
import type { AnswerValue } from '../../domain/form.js';
import { templateFields, type TemplateDefinition } from '../../domain/template.js';
import { formatAnswer, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { clearConversation, getConversation } from '../../store/conversations.js';
import { clusterRecipients, findPersonById, leaderRecipients } from '../../store/people.js';
import { FILE_REVISION_KEY, getReport, markRevisionsAnnounced, revisionsOf, unmarkRevisionsAnnounced, type Revision } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import type { UnitRef } from '../../services/actor.js';
import { singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { reportContext } from './report-context.js';
import { failureKind } from '../../services/guidance-queue.js';

/** What the cluster leader hears about a unit's report: that it came, and what changed after. */

/**
 * Ends a correction session (✔️ Xong, or ⏸ Tạm dừng) and tells the leader (and the unit's
 * other contacts) every change not yet told, including ones left in an earlier session that
 * was never finished, or made by a colleague. What the person reads is true for them: their
 * own changes in this session are saved (even if a colleague's «Xong» already told the
 * leader), a later change by a colleague to an answer they corrected is pointed out, and
 * «Không có thay đổi nào» only when nothing was changed by anyone.
 */
export async function finishAmending(ctx: BotContext, reportId: number): Promise<void> {
  const { db, clock } = ctx.deps;
  const unit = ctx.actor?.reportingUnit;
  const report = await getReport(db, reportId);
  if (!unit || !report || report.unit_id !== unit.unitId) return void (await ctx.reply(vi.staleButton));
  const me = ctx.actor!.person.id;
  const state = (await getConversation(db, me))?.state;
  const session = state?.kind === 'report' && state.reportId === reportId ? state : undefined;
  const since = session?.since ? new Date(session.since) : undefined;
  const after = session?.sinceRevision;
  await clearConversation(db, me);
  const { template, name } = await reportContext(db, report);
  const all = await revisionsOf(db, reportId);
  const untold = await revisionsOf(db, reportId, { unannounced: true });
  const untoldIds = new Set(untold.map((r) => r.id));
  // Mine: made in this session, or earlier and never told.
  const inSession = (r: Revision) => (after !== undefined ? r.id > after : since !== undefined && r.at.getTime() >= since.getTime());
  const mine = all.filter((r) => r.personId === me && (inSession(r) || untoldIds.has(r.id)));
  const view = singleButton(vi.button.view, cb.reportView(reportId));
  if (mine.length === 0 && untold.length === 0) return void (await ctx.reply(vi.report.noChanges, view));

  const changes = await describeRevisions(ctx, template, untold);
  if (untold.length) {
    // Marked as told and told in one transaction: the leader hears of each change exactly once.
    // If no leader receives the notice, the batch's end takes "told" back (revisionsTally).
    const at = clock.now();
    await ctx.deps.outbox.withQueue(async (trx, queue) => {
      await markRevisionsAnnounced(trx, reportId, at);
      // A report the leader sent back is resubmitted by its correction.
      if (report.review === 'returned') await trx.updateTable('reports').set({ review: null }).where('id', '=', reportId).execute();
      await audit(trx, { clusterId: unit.clusterId, actorPersonId: me, actor: `person:${me}`, action: 'report.amend', details: { reportId, changes: changes.length } });
      const onDone: z.infer<typeof revisionsBatch> = { kind: 'revisions', reportId, at: at.toISOString(), name, contact: { chatId: ctx.actor!.person.chat_id, personId: me }, clusterId: unit.clusterId };
      const batchId = await createBatch(trx, onDone);
      await queue((await leaderNotices(trx, ctx, unit, vi.report.changedNotice(unit.unitName, name, changes), reportId)).map((m) => ({ ...m, batchId })));
      await queue(await coContactNotices(trx, ctx, unit, vi.report.coContactChanged(ctx.actor!.person.full_name, name, changes), reportId));
    });
  }
  if (mine.length === 0) {
    const others = [...new Set(changes.map((c) => c.by))];
    return void (await replyHtml(ctx, vi.report.othersAnnounced(others), view));
  }
  // An answer this person corrected that a colleague changed again afterwards.
  const latest = new Map(all.map((r) => [r.fieldKey, r]));
  const mineIds = new Set(mine.map((r) => r.id));
  const answersChanged = new Set(mine.map((r) => r.fieldKey).filter((key) => key !== FILE_REVISION_KEY));
  const overwritten = [...answersChanged].map((key) => latest.get(key)!).filter((r) => !mineIds.has(r.id) && r.personId !== me);
  const notes = overwritten.length ? await describeRevisions(ctx, template, overwritten) : [];
  // Told by this tap, or already with a colleague's ✔️ Xong: say which.
  const saved = untold.length ? vi.report.amended : vi.report.amendedSentWithColleague;
  const text = notes.length ? `${saved}\n${vi.report.overwrittenSince(notes.map((n) => ({ label: n.label, value: n.to, by: n.by })))}` : saved;
  await replyHtml(ctx, text, view);
}

export async function describeRevisions(ctx: BotContext, template: TemplateDefinition, revisions: Revision[]) {
  const fields = new Map(templateFields(template).map(({ field }) => [field.key, field]));
  const names = new Map<number, string>();
  const result = [];
  for (const r of revisions) {
    if (!names.has(r.personId)) names.set(r.personId, (await findPersonById(ctx.deps.db, r.personId))?.full_name ?? '');
    if (r.fieldKey === FILE_REVISION_KEY) {
      // A file added to or removed from the sent report.
      const name = (v: AnswerValue | undefined, none: string) => (typeof v === 'string' ? v : none);
      result.push({ label: vi.report.filesLabel, from: name(r.oldValue, vi.report.noFile), to: name(r.newValue, vi.report.fileGone), at: r.at, by: names.get(r.personId)! });
      continue;
    }
    const field = fields.get(r.fieldKey);
    if (!field) continue;
    const show = (v: AnswerValue | undefined) => formatAnswer(v, field) ?? vi.report.skipped;
    result.push({ label: field.label, from: show(r.oldValue), to: show(r.newValue), at: r.at, by: names.get(r.personId)! });
  }
  return result;
}

/**
 * A notice to the unit's other registered contacts about their unit's report (a colleague
 * sent or corrected it), with a button to open it; not to the one acting, nor to the
 * leader's people, who hear of it by `leaderNotices`.
 */
export async function coContactNotices(db: Db, ctx: BotContext, unit: UnitRef, text: string, reportId: number): Promise<OutgoingMessage[]> {
  const leaders = new Set((await leaderRecipients(db, unit.clusterId)).map((p) => p.personId));
  const contacts = (await clusterRecipients(db, unit.clusterId, { unitIds: [unit.unitId], roles: ['contact'] })).filter((p) => !leaders.has(p.personId));
  return textToPeople(contacts, unit.clusterId, text, singleButton(vi.button.view, cb.reportView(reportId)), ctx.actor?.person.id);
}

/** A notice to the cluster leader's people about a report, with a button to open it. */
export async function leaderNotices(db: Db, ctx: BotContext, unit: UnitRef, text: string, reportId: number): Promise<OutgoingMessage[]> {
  return textToPeople(await leaderRecipients(db, unit.clusterId), unit.clusterId, text, singleButton(vi.button.view, cb.reportView(reportId)), ctx.actor?.person.id);
}

/** What the sender calls back with once the notice of a report's changes is settled. */
const revisionsBatch = z.object({
  kind: z.literal('revisions'),
  reportId: z.number(),
  /** When the changes were marked as told. */
  at: z.string(),
  name: z.string(),
  contact: z.object({ chatId: z.number(), personId: z.number() }),
  clusterId: z.number(),
});

/**
 * Once the notice of a report's changes is settled: if no leader got all of it (refused,
 * blocked, given up), the changes are no longer counted as told, and the contact who made them
 * hears why. Undefined for other batches.
 */
export async function revisionsTally(db: Db, onDone: unknown, batchId: number): Promise<OutgoingMessage[] | undefined> {
  const parsed = revisionsBatch.safeParse(onDone);
  if (!parsed.success) return undefined;
  const { reportId, at, name, contact, clusterId } = parsed.data;
  const rows = await db.selectFrom('outbox').select(['person_id', 'status', 'failure']).where('batch_id', '=', batchId).orderBy('id').execute();
  // A leader was told if every part reached them (an unanswered send may have arrived: counted as told).
  const byPerson = new Map<number | null, typeof rows>();
  for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
  const told = [...byPerson.values()].some((parts) => parts.every((p) => p.status === 'sent' || p.status === 'uncertain'));
  if (rows.length === 0 || told) return [];
  await unmarkRevisionsAnnounced(db, reportId, new Date(at));
  const failed = rows.find((r) => r.status !== 'sent' && r.status !== 'uncertain')!;
  const reason = vi.deliveryFailure[failureKind(failed.status, failed.failure)];
  return [textMessage({ chatId: contact.chatId, personId: contact.personId, clusterId }, vi.report.changesNotTold(name, reason), singleButton(vi.button.view, cb.reportView(reportId)))];
}
