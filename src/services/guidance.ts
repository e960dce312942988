/**
 * Guidance from the cluster leader to the units ("📢 Gửi thông báo"): a draft of text and maybe
 * one file, sent to every unit or to those chosen; each person acknowledges it with "Đã nhận";
 * the leader sees who did, and sends it again to those who did not. Leader only, within the
 * leader's own cluster (rights re-checked at every step, whatever a button says).
 */
import type { UnitAcks } from '../domain/guidance.js';
import type { Unit } from '../db/schema.js';
import { guidanceRenudgeHours, listReportingUnits } from '../store/clusters.js';
import {
  createGuidance,
  listDeliveries,
  listPendingDeliveries,
  listRecentGuidance,
  updateDeliveryAcknowledged,
  type GuidanceFile,
  type GuidanceSummary,
} from '../store/guidance.js';
import { clusterRecipients, type Recipient } from '../store/people.js';
import { vi } from '../i18n/vi.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, Stale } from './errors.js';
import { guidanceContent, queueGuidance, sendBroadcast } from './guidance-queue.js';
import { ledCluster } from './people.js';

/** Room for the heading added around the leader's text within Telegram's 4096 characters. */
export const MAX_GUIDANCE_LENGTH = 3500;
/** How many earlier messages "Các thông báo đã gửi" lists: one row of buttons. */
export const HISTORY_LENGTH = 5;

/**
 * Guidance being written: the text, maybe one photo or document, and the units chosen
 * (absent: every unit of the cluster, also one whose people join before it is sent).
 */
export interface GuidanceDraft {
  clusterId: number;
  body: string;
  file?: GuidanceFile | undefined;
  unitIds?: number[] | undefined;
}

/** What a draft became after a change. */
export type DraftChange =
  /** Nothing left to send (the only file removed, or blank text): the leader writes again. */
  | { outcome: 'empty' }
  /** `captionNotUsed`: a file's caption not taken because text was typed before (quoted back so it is not lost). */
  | { outcome: 'draft'; draft: GuidanceDraft; captionNotUsed?: string };

/**
 * Text or a file while writing guidance: text replaces the text, a file replaces the file
 * (its caption, if any, becomes the text only when none was typed: typed text is kept),
 * `file: null` removes the file. `current` is the draft so far (ignored if of another cluster).
 * Throws NotEntitled for anyone but the leader (the role may have moved while they wrote),
 * InvalidInput('too_long') for a text over MAX_GUIDANCE_LENGTH (the draft stays as it was).
 */
export function reviseDraft(
  actor: Actor,
  current: GuidanceDraft | undefined,
  change: { body?: string | undefined; file?: GuidanceFile | null },
): DraftChange {
  const { clusterId } = ledCluster(actor);
  const draft = current?.clusterId === clusterId ? current : undefined;
  // A file's caption does not silently replace text typed before.
  const caption = change.file ? change.body?.trim() : undefined;
  const keepTyped = caption && draft?.body && caption !== draft.body ? caption : undefined;
  if (keepTyped !== undefined) change = { ...change, body: undefined };
  const body = change.body === undefined ? (draft?.body ?? '') : change.body.trim();
  if (body.length > MAX_GUIDANCE_LENGTH) throw new InvalidInput('too_long', 'body');
  const file = change.file === undefined ? draft?.file : (change.file ?? undefined);
  if (!body && !file) return { outcome: 'empty' };
  const next: GuidanceDraft = {
    clusterId,
    body,
    ...(file ? { file } : {}),
    ...(draft?.unitIds ? { unitIds: draft.unitIds } : {}),
  };
  return { outcome: 'draft', draft: next, ...(keepTyped !== undefined ? { captionNotUsed: keepTyped } : {}) };
}

/** "🗑 Bỏ tệp đính kèm": the text stays, the file goes. Throws as reviseDraft, and Stale('draft') when no draft of the leader's is open. */
export function removeDraftFile(actor: Actor, draft: GuidanceDraft | undefined): DraftChange {
  return reviseDraft(actor, ownDraft(actor, draft), { file: null });
}

/** What the preview says: how many units and people it reaches, units chosen but with nobody, the choice. */
export interface DraftReach {
  units: number;
  people: number;
  /** Units chosen (or all) where nobody receives the bot's messages (the leader's own unit aside). */
  unreachable: string[];
  /** The chosen units' names; undefined: every unit. */
  chosen: string[] | undefined;
}

/**
 * Whom the draft would reach. Throws NotEntitled for anyone but the leader, Stale('draft')
 * for a draft that is not theirs, InvalidInput('no_recipients') when nobody in the whole
 * cluster receives the bot's messages (nothing can be sent; the draft should end).
 */
export async function draftReach(
  deps: ServiceDeps,
  actor: Actor,
  draft: GuidanceDraft | undefined,
): Promise<DraftReach> {
  const ours = ownDraft(actor, draft);
  const leader = ledCluster(actor);
  if ((await recipients(deps, actor)).length === 0) throw new InvalidInput('no_recipients');
  const units = await listReportingUnits(deps.db, ours.clusterId);
  const chosen = chosenUnits(ours, units);
  const reached = await recipients(deps, actor, ours.unitIds && [...chosen]);
  const reachedUnits = new Set(reached.map((r) => r.unitId));
  return {
    units: reachedUnits.size,
    people: reached.length,
    unreachable: units
      .filter((u) => chosen.has(u.id) && !reachedUnits.has(u.id) && u.id !== leader.unitId)
      .map((u) => u.name),
    chosen: ours.unitIds ? units.filter((u) => chosen.has(u.id)).map((u) => u.name) : undefined,
  };
}

/** The unit list under "🎯 Chọn đơn vị nhận": every unit of the cluster, and which are ticked. */
export interface UnitChoice {
  draft: GuidanceDraft;
  units: { id: number; name: string; chosen: boolean }[];
}

/**
 * "🎯 Chọn đơn vị nhận" ('open'), a unit tapped in the list (ticked or unticked), or "Tất cả"
 * (ticks every unit, or clears them all when every one is ticked). Every unit ticked means
 * "all": units that gain people before it is sent get it too. Returns the new draft (for the
 * prompt) and the list. Throws NotEntitled, Stale('draft'), Stale('unit') for a unit not of
 * the leader's cluster (whatever the button says).
 */
export async function chooseUnits(
  deps: ServiceDeps,
  actor: Actor,
  draft: GuidanceDraft | undefined,
  tap: { unitId: number } | 'all' | 'open',
): Promise<UnitChoice> {
  const ours = ownDraft(actor, draft);
  const units = await listReportingUnits(deps.db, ours.clusterId);
  const chosen = chosenUnits(ours, units);
  let next = ours;
  if (tap !== 'open') {
    if (tap === 'all') {
      const every = chosen.size === units.length;
      chosen.clear();
      if (!every) for (const u of units) chosen.add(u.id);
    } else {
      if (!units.some((u) => u.id === tap.unitId)) throw new Stale('unit');
      if (!chosen.delete(tap.unitId)) chosen.add(tap.unitId);
    }
    next = { ...ours, unitIds: units.filter((u) => chosen.has(u.id)).map((u) => u.id) };
    if (chosen.size === units.length) delete next.unitIds;
  }
  return { draft: next, units: units.map((u) => ({ id: u.id, name: u.name, chosen: chosen.has(u.id) })) };
}

/**
 * "Xong" under the unit list: the names of the units chosen (undefined: all). Throws
 * NotEntitled, Stale('draft'), InvalidInput('no_unit') when none is ticked.
 */
export async function chosenUnitNames(
  deps: ServiceDeps,
  actor: Actor,
  draft: GuidanceDraft | undefined,
): Promise<string[] | undefined> {
  const ours = ownDraft(actor, draft);
  if (ours.unitIds?.length === 0) throw new InvalidInput('no_unit');
  return (
    ours.unitIds &&
    (await listReportingUnits(deps.db, ours.clusterId)).filter((u) => ours.unitIds!.includes(u.id)).map((u) => u.name)
  );
}

/**
 * Sends the draft: the end of the leader's draft (their open prompt), the message, one
 * delivery per person and every queued copy are written in one transaction: nothing is lost
 * to a crash, and a second tap finds no draft to send. The leader gets the tally when the
 * batch is settled. Returns the message's id, how many it went to, and after how many hours
 * those who did not acknowledge it get it again (0: never). Throws NotEntitled,
 * Stale('draft'), InvalidInput('no_recipients' | 'no_recipients_chosen').
 */
export async function sendGuidance(
  deps: ServiceDeps,
  actor: Actor,
  draft: GuidanceDraft | undefined,
): Promise<{ guidanceId: number; recipients: number; renudgeHours: number }> {
  const { db, clock, log } = deps;
  const ours = ownDraft(actor, draft);
  const leader = ledCluster(actor);
  const author = actor.person;
  const units = await listReportingUnits(db, leader.clusterId);
  const to = await recipients(deps, actor, ours.unitIds && [...chosenUnits(ours, units)]);
  if (to.length === 0) throw new InvalidInput(ours.unitIds ? 'no_recipients_chosen' : 'no_recipients');
  const now = clock.now();
  const renudgeHours = await guidanceRenudgeHours(db, leader.clusterId);
  const { guidanceId, count } = await sendBroadcast(
    deps,
    leader,
    author,
    'first',
    (trx, from) =>
      createGuidance(trx, {
        ...from,
        body: ours.body,
        file: ours.file,
        recipients: to,
        now,
        renudgeAt: renudgeHours > 0 ? new Date(now.getTime() + renudgeHours * 3_600_000) : undefined,
      }),
    async () => ({ text: vi.guidance.message(leader.unitName, ours.body), file: ours.file }),
  );
  log.info('guidance queued', {
    guidanceId,
    recipients: count,
    file: ours.file?.kind ?? null,
    chosenUnits: ours.unitIds?.length ?? 'all',
  });
  return { guidanceId, recipients: count, renudgeHours };
}

/**
 * "🔁 Gửi lại": the guidance again, marked as a copy with the first sending's date, to
 * everyone who has not pressed "Đã nhận" and can still be reached; the leader gets the
 * tally. Returns how many it goes to. Throws NotEntitled, Stale('guidance') for one not of
 * the leader's cluster, Stale('nobody') when nobody is left to send it to.
 */
export async function resendGuidance(deps: ServiceDeps, actor: Actor, guidanceId: number): Promise<{ people: number }> {
  const leader = ledCluster(actor);
  const content = await guidanceContent(deps.db, leader.clusterId, guidanceId);
  if (!content) throw new Stale('guidance');
  const pending = await listPendingDeliveries(deps.db, guidanceId);
  if (pending.length === 0) throw new Stale('nobody');
  await deps.outbox.withQueue((trx, queue) =>
    queueGuidance(trx, queue, {
      guidanceId,
      clusterId: leader.clusterId,
      content: { text: vi.guidance.resendMark(content.createdAt, content.text), file: content.file },
      leader: { chatId: actor.person.chat_id, personId: actor.person.id },
      round: 'again',
      deliveries: pending,
    }),
  );
  return { people: pending.length };
}

/** "Đã nhận" under a person's copy: true when this press recorded it (only the copy's own recipient, once). */
export async function acknowledgeGuidance(
  deps: ServiceDeps,
  actor: Actor | undefined,
  deliveryId: number,
): Promise<boolean> {
  return actor ? updateDeliveryAcknowledged(deps.db, deliveryId, actor.person.id, deps.clock.now()) : false;
}

/** The cluster's latest guidance (HISTORY_LENGTH), newest first, whoever led then. Throws NotEntitled. */
export async function guidanceHistory(deps: ServiceDeps, actor: Actor): Promise<GuidanceSummary[]> {
  return listRecentGuidance(deps.db, ledCluster(actor).clusterId, HISTORY_LENGTH);
}

/**
 * Per unit: who acknowledged, who got it without pressing "Đã nhận", who could not be
 * reached; `owing`: someone has not acknowledged (a re-send may help). Throws NotEntitled,
 * Stale('guidance') for guidance not of the leader's cluster.
 */
export async function acknowledgements(
  deps: ServiceDeps,
  actor: Actor,
  guidanceId: number,
): Promise<{ units: UnitAcks[]; owing: boolean }> {
  const rows = await listDeliveries(deps.db, ledCluster(actor).clusterId, guidanceId);
  if (rows.length === 0) throw new Stale('guidance');
  const units = new Map<string, UnitAcks>();
  for (const r of rows) {
    const unit = units.get(r.unitName) ?? {
      unit: r.unitName,
      acknowledged: 0,
      waiting: [],
      sending: [],
      failed: [],
      total: 0,
    };
    unit.total++;
    if (r.acknowledgedAt) unit.acknowledged++;
    // An expired copy is a re-nudge held past the evening: the first copy had arrived.
    else if (r.status === 'failed' || !r.reachable) unit.failed.push(r.personName);
    else if (r.status === 'pending' || r.status === 'sending') unit.sending.push(r.personName);
    // Delivered, or perhaps delivered (Telegram did not answer in time): waiting for the tap.
    else unit.waiting.push(r.personName);
    units.set(r.unitName, unit);
  }
  return { units: [...units.values()], owing: rows.some((r) => !r.acknowledgedAt) };
}

/** The leader's draft, or Stale('draft') (a button left from an earlier draft, or another cluster's). Throws NotEntitled first. */
function ownDraft(actor: Actor, draft: GuidanceDraft | undefined): GuidanceDraft {
  const { clusterId } = ledCluster(actor);
  if (!draft || draft.clusterId !== clusterId) throw new Stale('draft');
  return draft;
}

/** The units a draft goes to: those chosen, or every unit of the cluster. */
function chosenUnits(draft: GuidanceDraft, units: Pick<Unit, 'id'>[]): Set<number> {
  const all = units.map((u) => u.id);
  return new Set(draft.unitIds ? all.filter((id) => draft.unitIds!.includes(id)) : all);
}

/** The registered people of the leader's cluster (of the given units only, if any), not the leader writing. */
async function recipients(deps: ServiceDeps, actor: Actor, unitIds?: number[]): Promise<Recipient[]> {
  const all = await clusterRecipients(deps.db, ledCluster(actor).clusterId, unitIds ? { unitIds } : {});
  return all.filter((r) => r.personId !== actor.person.id);
}
