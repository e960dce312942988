import type { Db } from '../../db/connect.js';
import { textToPeople, type OutgoingMessage } from '../../delivery/outbox.js';
import type { AnswerValue } from '../../domain/form.js';
import { templateFields, type TemplateDefinition } from '../../domain/template.js';
import { formatAnswer, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { clearConversation } from '../../store/conversations.js';
import { findPersonById, leaderRecipients } from '../../store/people.js';
import { getReport, markRevisionsAnnounced, revisionsOf, type Revision } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext, UnitRef } from '../context.js';
import { singleButton } from '../keyboards.js';
import { reportContext } from './report-context.js';

/** What the cluster leader hears about a unit's report: that it came, and what changed after. */

/**
 * Ends a correction session (✔️ Xong, or ⏸ Tạm dừng) and tells the leader every change
 * not yet told, including ones left in an earlier session that was never finished.
 */
export async function finishAmending(ctx: BotContext, reportId: number): Promise<void> {
  const { db, clock } = ctx.deps;
  const unit = ctx.actor?.reportingUnit;
  const report = await getReport(db, reportId);
  if (!unit || !report || report.unit_id !== unit.unitId) return void (await ctx.reply(vi.staleButton));
  await clearConversation(db, ctx.actor!.person.id);
  const { template, name } = await reportContext(db, report);
  const changes = await describeRevisions(ctx, template, await revisionsOf(db, reportId, { unannounced: true }));
  if (changes.length === 0) return void (await ctx.reply(vi.report.noChanges, singleButton(vi.button.view, cb.reportView(reportId))));
  // Marked as told and told in one transaction: the leader hears of each change exactly once.
  await ctx.deps.outbox.withQueue(async (trx, queue) => {
    await markRevisionsAnnounced(trx, reportId, clock.now());
    // A report the leader sent back is resubmitted by its correction.
    if (report.review === 'returned') await trx.updateTable('reports').set({ review: null }).where('id', '=', reportId).execute();
    await audit(trx, { clusterId: unit.clusterId, actorPersonId: ctx.actor!.person.id, actor: `person:${ctx.actor!.person.id}`, action: 'report.amend', details: { reportId, changes: changes.length } });
    await queue(await leaderNotices(trx, ctx, unit, vi.report.changedNotice(unit.unitName, name, changes), reportId));
  });
  await ctx.reply(vi.report.amended, singleButton(vi.button.view, cb.reportView(reportId)));
}

export async function describeRevisions(ctx: BotContext, template: TemplateDefinition, revisions: Revision[]) {
  const fields = new Map(templateFields(template).map(({ field }) => [field.key, field]));
  const names = new Map<number, string>();
  const result = [];
  for (const r of revisions) {
    const field = fields.get(r.fieldKey);
    if (!field) continue;
    if (!names.has(r.personId)) names.set(r.personId, (await findPersonById(ctx.deps.db, r.personId))?.full_name ?? '');
    const show = (v: AnswerValue | undefined) => formatAnswer(v, field) ?? vi.report.skipped;
    result.push({ label: field.label, from: show(r.oldValue), to: show(r.newValue), at: r.at, by: names.get(r.personId)! });
  }
  return result;
}

/** A notice to the cluster leader's people about a report, with a button to open it. */
export async function leaderNotices(db: Db, ctx: BotContext, unit: UnitRef, text: string, reportId: number): Promise<OutgoingMessage[]> {
  return textToPeople(await leaderRecipients(db, unit.clusterId), unit.clusterId, text, singleButton(vi.button.view, cb.reportView(reportId)), ctx.actor?.person.id);
}
