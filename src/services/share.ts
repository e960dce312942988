/**
 * "Trao đổi kinh nghiệm": the leader shares one written answer of a unit's submitted report
 * with every other unit, credited to that unit, with an optional note. It goes out as a
 * guidance message, so the deliveries, "Đã nhận", the acknowledgement grid and "Gửi lại"
 * are guidance's own. Leader only, within the leader's own cluster.
 */
import { shareableAnswers, type ShareableAnswer } from '../domain/share.js';
import { vi } from '../i18n/vi.js';
import { findUnitById } from '../store/clusters.js';
import { clearConversation } from '../store/conversations.js';
import { clusterRecipients, type Recipient } from '../store/people.js';
import { findReportById } from '../store/reports.js';
import { createExperienceShare } from '../store/shares.js';
// TRANSITION: queueing a guidance batch still lives with the guidance feature.
import { sendBroadcast } from './guidance-queue.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, Stale } from './errors.js';
import { ledCluster } from './people.js';
import { reportContext } from './reports.js';
import { experienceMessage } from './share-message.js';

/** Room for the credit and the answer (up to 3500 characters) within Telegram's 4096. */
export const MAX_NOTE_LENGTH = 300;

/** The share being prepared: which answer of which report, its text as it was chosen, and the leader's note. */
export interface ShareDraft {
  clusterId: number;
  reportId: number;
  fieldKey: string;
  text: string;
  note?: string | undefined;
}

/** A submitted report of the leader's own cluster. Throws NotEntitled for anyone but the leader, Stale for another cluster's, a draft, or none. */
async function leaderReport(deps: ServiceDeps, actor: Actor, reportId: number) {
  const leader = ledCluster(actor);
  const report = await findReportById(deps.db, reportId);
  if (!report || report.cluster_id !== leader.clusterId || report.status !== 'submitted') throw new Stale('report');
  const { template, name } = await reportContext(deps.db, report);
  const unitName = (await findUnitById(deps.db, report.unit_id))?.name ?? '';
  return { leader, report, template, name, unitName };
}

/** Every registered person of every other unit, once each; not the leader sharing it. */
async function recipientsFor(deps: ServiceDeps, actor: Actor, sourceUnitId: number): Promise<Recipient[]> {
  const all = await clusterRecipients(deps.db, ledCluster(actor).clusterId);
  return all.filter((r) => r.unitId !== sourceUnitId && r.personId !== actor.person.id);
}

/** "🌟 Chia sẻ kinh nghiệm" under a report: its written answers the leader may share (maybe none). Throws as leaderReport. */
export async function answersToShare(deps: ServiceDeps, actor: Actor, reportId: number): Promise<ShareableAnswer[]> {
  const { report, template } = await leaderReport(deps, actor, reportId);
  return shareableAnswers(template, report.answers);
}

/** The share of one answer, before any note. Throws as leaderReport, or Stale('answer') for an answer no longer there. */
export async function draftShare(
  deps: ServiceDeps,
  actor: Actor,
  input: { reportId: number; fieldKey: string },
): Promise<ShareDraft> {
  const { report, template } = await leaderReport(deps, actor, input.reportId);
  const answer = shareableAnswers(template, report.answers).find((a) => a.key === input.fieldKey);
  if (!answer) throw new Stale('answer');
  return { clusterId: report.cluster_id, reportId: report.id, fieldKey: answer.key, text: answer.text };
}

/**
 * The leader's note under the shared answer (typing again replaces it). Returns the draft
 * with it. Throws InvalidInput('note_too_long') beyond MAX_NOTE_LENGTH characters.
 */
export function noteShare(draft: ShareDraft, text: string): ShareDraft {
  const note = text.trim();
  if (note.length > MAX_NOTE_LENGTH) throw new InvalidInput('note_too_long', 'note');
  return { ...draft, note };
}

/**
 * What the units will get, and how many units and people. Throws as leaderReport, or
 * InvalidInput('no_recipients') when no other unit has anyone registered (the draft is then
 * dropped: the person's open prompt ends).
 */
export async function previewShare(
  deps: ServiceDeps,
  actor: Actor,
  draft: ShareDraft,
): Promise<{ message: string; units: number; people: number }> {
  const found = await leaderReport(deps, actor, draft.reportId);
  const recipients = await recipientsFor(deps, actor, found.report.unit_id);
  if (recipients.length === 0) {
    await clearConversation(deps.db, actor.person.id);
    throw new InvalidInput('no_recipients');
  }
  const label =
    shareableAnswers(found.template, found.report.answers).find((a) => a.key === draft.fieldKey)?.label ??
    draft.fieldKey;
  const message = vi.share.message({
    leaderUnit: found.leader.unitName,
    unit: found.unitName,
    name: found.name,
    label,
    text: draft.text,
    note: draft.note,
  });
  return { message, units: new Set(recipients.map((r) => r.unitId)).size, people: recipients.length };
}

/**
 * "✅ Gửi tới các đơn vị": the share recorded with one delivery per person, the leader's open
 * prompt ended, and every copy queued as a guidance batch, in one transaction. The text is
 * built from the stored share, exactly as "Gửi lại" will build it. Returns the guidance id
 * and how many people it goes to. Throws Stale for a draft of another cluster (the leader
 * role moved), as previewShare otherwise.
 */
export async function sendShare(
  deps: ServiceDeps,
  actor: Actor,
  draft: ShareDraft,
): Promise<{ guidanceId: number; count: number }> {
  const leader = ledCluster(actor);
  if (draft.clusterId !== leader.clusterId) throw new Stale('cluster');
  const found = await leaderReport(deps, actor, draft.reportId);
  const author = actor.person;
  const recipients = await recipientsFor(deps, actor, found.report.unit_id);
  if (recipients.length === 0) {
    await clearConversation(deps.db, author.id);
    throw new InvalidInput('no_recipients');
  }
  const result = await sendBroadcast(
    deps,
    leader,
    author,
    'share',
    (trx, from) =>
      createExperienceShare(trx, {
        ...from,
        body: draft.text,
        recipients,
        now: deps.clock.now(),
        reportId: draft.reportId,
        sourceUnitId: found.report.unit_id,
        fieldKey: draft.fieldKey,
        note: draft.note || null,
      }),
    async (trx, guidanceId) => ({ text: (await experienceMessage(trx, guidanceId, leader.unitName))! }),
  );
  deps.log.info('experience shared', {
    guidanceId: result.guidanceId,
    reportId: draft.reportId,
    fieldKey: draft.fieldKey,
    recipients: result.count,
  });
  return result;
}
