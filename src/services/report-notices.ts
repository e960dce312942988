/**
 * What the cluster leader (and the unit's other contacts) hear about a unit's report: that it
 * came, and what changed after. Built here, queued by the workflows in services/reports.ts in
 * their own transaction.
 */
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { textMessage, textToPeople, type OutgoingMessage } from '../delivery/outbox.js';
import type { AnswerValue } from '../domain/form.js';
import { templateFields, type TemplateDefinition } from '../domain/template.js';
import { formatAnswer, vi } from '../i18n/vi.js';
import { listBatchParts } from '../store/batches.js';
import { clusterRecipients, findPersonById, leaderRecipients } from '../store/people.js';
import { FILE_REVISION_KEY, markRevisionsAnnounced, type Revision } from '../store/reports.js';
// TRANSITION: the callback data of "📄 Xem" and why a delivery failed still live in bot/; both are pure.
import { reportActionButton } from './report-buttons.js';
import { failureKind } from './guidance-queue.js';
import type { UnitRef } from './actor.js';

/** "📄 Xem báo cáo" under a notice: plain Bot API markup (the outbox stores it as JSON). */
export function viewReportMarkup(reportId: number) {
  return {
    reply_markup: {
      inline_keyboard: [[{ text: vi.button.view, callback_data: reportActionButton.data('view', reportId) }]],
    },
  };
}

/** One change of a report as people read it: the question, old and new value, when, by whom. */
export interface RevisionLine {
  label: string;
  from: string;
  to: string;
  at: Date;
  by: string;
}

/** Each revision as a line (the question's label and both values formatted); revisions of a question no longer in the template are left out. */
export async function describeRevisions(
  db: Db,
  template: TemplateDefinition,
  revisions: Revision[],
): Promise<RevisionLine[]> {
  const fields = new Map(templateFields(template).map(({ field }) => [field.key, field]));
  const names = new Map<number, string>();
  const result: RevisionLine[] = [];
  for (const r of revisions) {
    if (!names.has(r.personId)) names.set(r.personId, (await findPersonById(db, r.personId))?.full_name ?? '');
    if (r.fieldKey === FILE_REVISION_KEY) {
      // A file added to or removed from the sent report.
      const name = (v: AnswerValue | undefined, none: string) => (typeof v === 'string' ? v : none);
      result.push({
        label: vi.report.filesLabel,
        from: name(r.oldValue, vi.report.noFile),
        to: name(r.newValue, vi.report.fileGone),
        at: r.at,
        by: names.get(r.personId)!,
      });
      continue;
    }
    const field = fields.get(r.fieldKey);
    if (!field) continue;
    const show = (v: AnswerValue | undefined) => formatAnswer(v, field) ?? vi.report.skipped;
    result.push({
      label: field.label,
      from: show(r.oldValue),
      to: show(r.newValue),
      at: r.at,
      by: names.get(r.personId)!,
    });
  }
  return result;
}

/**
 * The notices about a unit's report, each with a button to open it and none to `actorId`: to
 * the cluster leader's people (`leader`), and to the unit's other registered contacts who are
 * not among them (`coContacts`: a colleague sent or corrected their unit's report).
 */
export async function reportNotices(
  db: Db,
  unit: UnitRef,
  reportId: number,
  actorId: number,
  text: { leader: string; coContacts: string },
): Promise<{ leader: OutgoingMessage[]; coContacts: OutgoingMessage[] }> {
  const leaders = await leaderRecipients(db, unit.clusterId);
  const leaderIds = new Set(leaders.map((p) => p.personId));
  const contacts = (await clusterRecipients(db, unit.clusterId, { unitIds: [unit.unitId], roles: ['contact'] })).filter(
    (p) => !leaderIds.has(p.personId),
  );
  const markup = viewReportMarkup(reportId);
  return {
    leader: textToPeople(leaders, unit.clusterId, text.leader, markup, actorId),
    coContacts: textToPeople(contacts, unit.clusterId, text.coContacts, markup, actorId),
  };
}

/** What the sender calls back with once the notice of a report's changes is settled. */
export const revisionsBatch = z.object({
  kind: z.literal('revisions'),
  reportId: z.number(),
  /** When the changes were marked as told. */
  at: z.string(),
  name: z.string(),
  contact: z.object({ chatId: z.number(), personId: z.number() }),
  clusterId: z.number(),
});
export type RevisionsBatch = z.infer<typeof revisionsBatch>;

/**
 * Once the notice of a report's changes is settled: if no leader got all of it (refused,
 * blocked, given up), the changes are no longer counted as told, and the contact who made them
 * hears why. Undefined for other batches.
 */
export async function revisionsTally(db: Db, onDone: unknown, batchId: number): Promise<OutgoingMessage[] | undefined> {
  const parsed = revisionsBatch.safeParse(onDone);
  if (!parsed.success) return undefined;
  const { reportId, at, name, contact, clusterId } = parsed.data;
  const parts = await listBatchParts(db, batchId);
  // A leader was told if every part reached them (an unanswered send may have arrived: counted as told).
  const byPerson = new Map<number | null, typeof parts>();
  for (const p of parts) byPerson.set(p.personId, [...(byPerson.get(p.personId) ?? []), p]);
  const told = [...byPerson.values()].some((mine) =>
    mine.every((p) => p.status === 'sent' || p.status === 'uncertain'),
  );
  if (parts.length === 0 || told) return [];
  await markRevisionsAnnounced(db, reportId, new Date(at), false);
  const failed = parts.find((p) => p.status !== 'sent' && p.status !== 'uncertain')!;
  const reason = vi.deliveryFailure[failureKind(failed.status, failed.failure)];
  return [
    textMessage(
      { chatId: contact.chatId, personId: contact.personId, clusterId },
      vi.report.changesNotTold(name, reason),
      viewReportMarkup(reportId),
    ),
  ];
}
