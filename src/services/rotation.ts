/**
 * "🔁 Chuyển giao cụm trưởng" and `admin rotate`: the leader's role moves to another unit of
 * the cluster (store/leadership.ts rotateLeader), and the people concerned are told in the
 * same transaction: the former and the new leader's units with their new menu, everyone else
 * in a short notice, and requests for more time still waiting handed to the new leader.
 * Buttons carry the term the leader saw, so an old or second tap after a handover changes nothing.
 */
import { inTransaction, type Db } from '../db/connect.js';
import type { Unit } from '../db/schema.js';
import { enqueue, textMessage, type OutgoingMessage } from '../delivery/outbox.js';
import { reportName, vi } from '../i18n/vi.js';
import { listReportingUnits } from '../store/clusters.js';
import {
  findLeaderTerm,
  findOpenLeaderTerm,
  listUnitsWithMembers,
  rotateLeader,
  type LeaderTerm,
  type RotateResult,
} from '../store/leadership.js';
import { listUndecidedExtensionRequests } from '../store/overrides.js';
import { clusterRecipients } from '../store/people.js';
import { openPeriods } from '../store/periods.js';
import { loadActorById, type Actor, type UnitRef } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, NotEntitled, Stale } from './errors.js';
import { mainMenu } from './menu.js';
import { extensionRequestNotice } from './period-buttons.js';
import { ledCluster } from './people.js';

/** The term on the button has ended: someone handed over meanwhile. `current` names the unit leading now. */
export class HandedOver extends Stale {
  constructor(readonly current?: string) {
    super('handed_over');
  }
}

/** Someone whose command menu changed with the handover. */
export interface MenuHolder {
  chatId: number;
  personId: number;
}

/**
 * The leader's open term and the units that may take over: only a unit someone has joined,
 * or nobody would hold the leader's rights (empty: none). Throws NotEntitled.
 */
export async function nextLeaderChoices(deps: ServiceDeps, actor: Actor): Promise<{ term: LeaderTerm; units: Unit[] }> {
  const leader = ledCluster(actor);
  const term = await findOpenLeaderTerm(deps.db, leader.clusterId);
  if (!term) throw new NotEntitled('leader');
  const joined = await listUnitsWithMembers(deps.db, leader.clusterId);
  const units = (await listReportingUnits(deps.db, leader.clusterId)).filter(
    (u) => u.id !== leader.unitId && joined.has(u.id),
  );
  return { term, units };
}

/**
 * The leader's rights for a rotation button: the term on it must still be open and held by
 * the actor's unit. Throws Stale for a term of no cluster of theirs, HandedOver once it ended,
 * NotEntitled for anyone but its leader.
 */
async function leaderOfTerm(deps: ServiceDeps, actor: Actor, termId: number): Promise<UnitRef> {
  const term = await findLeaderTerm(deps.db, termId);
  if (!term || !actor.memberships.some((m) => m.clusterId === term.clusterId)) throw new Stale('term');
  if (term.endsAt) {
    const current = await findOpenLeaderTerm(deps.db, term.clusterId);
    const unit = current && (await listReportingUnits(deps.db, term.clusterId)).find((u) => u.id === current.unitId);
    throw new HandedOver(unit?.name);
  }
  const leader = actor.leaderOf;
  if (!leader || leader.clusterId !== term.clusterId || leader.unitId !== term.unitId) throw new NotEntitled('leader');
  return leader;
}

/** The handover the leader is asked to confirm: from their unit to `unitId`. Throws as leaderOfTerm; Stale for a unit not of the cluster. */
export async function handoverToConfirm(
  deps: ServiceDeps,
  actor: Actor,
  input: { termId: number; unitId: number },
): Promise<{ leader: UnitRef; unit: Unit }> {
  const leader = await leaderOfTerm(deps, actor, input.termId);
  const unit = (await listReportingUnits(deps.db, leader.clusterId)).find(
    (u) => u.id === input.unitId && u.id !== leader.unitId,
  );
  if (!unit) throw new Stale('unit');
  return { leader, unit };
}

/**
 * Hands the leader's role to `unitId`, confirmed by the leader on term `termId`; the people
 * concerned are told in the same transaction (the actor is answered in chat instead).
 * Returns the cluster, the unit that leads now and whose command menus changed (`menus`, for
 * refreshMenus). Throws as leaderOfTerm; HandedOver when another handover came first;
 * InvalidInput('no_members') when nobody of the unit has joined; Stale otherwise.
 */
export async function handOver(
  deps: ServiceDeps,
  actor: Actor,
  input: { termId: number; unitId: number },
): Promise<{ leader: UnitRef; result: Extract<RotateResult, { ok: true }>; menus: MenuHolder[] }> {
  const leader = await leaderOfTerm(deps, actor, input.termId);
  const person = actor.person;
  const now = deps.clock.now();
  const done = await deps.outbox.withQueue(async (trx, queue) => {
    const result = await rotateLeader(trx, {
      clusterId: leader.clusterId,
      toUnitId: input.unitId,
      actor: `person:${person.id}`,
      actorPersonId: person.id,
      expectedTermId: input.termId,
      requireMembers: true,
      now,
    });
    if (!result.ok) return { result };
    const told = await announceRotation(trx, {
      clusterId: leader.clusterId,
      clusterName: leader.clusterName,
      result,
      by: { personId: person.id, name: person.full_name },
      now,
    });
    await queue(told.messages);
    return { result, menus: told.people };
  });
  const { result } = done;
  if (!result.ok) {
    if (result.reason === 'stale') throw new HandedOver(result.current?.name);
    if (result.reason === 'no_members') throw new InvalidInput('no_members');
    throw new Stale(result.reason);
  }
  deps.log.info('leader rotated', {
    clusterId: leader.clusterId,
    from: result.from?.code,
    to: result.to.code,
    personId: person.id,
  });
  return { leader, result, menus: done.menus! };
}

/**
 * `admin rotate`: hands the cluster's leader role to `toUnitId` and queues the notices, in one
 * transaction (the outbox rows wait for the bot to send them). Returns the store's result
 * (a refusal says why), how many messages were queued and whose menus changed.
 */
export async function handOverByAdmin(
  db: Db,
  input: { clusterId: number; clusterName: string; toUnitId: number; now: Date },
): Promise<{ result: RotateResult; queued: number; menus: MenuHolder[] }> {
  return inTransaction(db, async (trx) => {
    const result = await rotateLeader(trx, {
      clusterId: input.clusterId,
      toUnitId: input.toUnitId,
      actor: 'cli',
      requireMembers: true,
      now: input.now,
    });
    if (!result.ok) return { result, queued: 0, menus: [] };
    const told = await announceRotation(trx, {
      clusterId: input.clusterId,
      clusterName: input.clusterName,
      result,
      now: input.now,
    });
    await enqueue(trx, told.messages);
    return { result, queued: told.messages.length, menus: told.people };
  });
}

/**
 * The word to the former leader's people and the new leader's unit, with their new menu, a
 * short notice to everyone else of the cluster, and any request for more time still waiting
 * for an answer, handed to the new leader. `by` (the person who handed over) is answered in
 * chat instead. Returns the messages, for the caller to queue with the handover, and the
 * people whose command menus changed.
 */
async function announceRotation(
  db: Db,
  r: {
    clusterId: number;
    clusterName: string;
    result: Extract<RotateResult, { ok: true }>;
    by?: { personId: number; name: string };
    now: Date;
  },
): Promise<{ messages: OutgoingMessage[]; people: MenuHolder[] }> {
  const { result } = r;
  const messages: OutgoingMessage[] = [];
  const to = (p: MenuHolder, text: string, extra: object = {}) =>
    messages.push(textMessage({ chatId: p.chatId, personId: p.personId, clusterId: r.clusterId }, text, extra));
  const everyone = await clusterRecipients(db, r.clusterId);
  const former = everyone.filter((p) => result.demoted.includes(p.personId) && p.unitId !== result.to.id);
  const incoming = everyone.filter((p) => p.unitId === result.to.id);

  const notices = [
    ...former.map((p) => ({
      p,
      text: vi.rotation.formerNotice({
        cluster: r.clusterName,
        to: result.to.name,
        ...(r.by ? { by: r.by.name } : {}),
      }),
    })),
    ...incoming.map((p) => ({
      p,
      text: vi.rotation.newNotice({
        cluster: r.clusterName,
        to: result.to.name,
        ...(result.from ? { from: result.from.name } : {}),
      }),
    })),
  ];
  for (const { p, text } of notices) {
    const actor = await loadActorById(db, p.personId);
    if (p.personId !== r.by?.personId) to(p, text, actor ? mainMenu(actor) : {});
  }
  // Everyone else hears who leads the cluster now: their reports and proposals go there.
  const told = new Set([...notices.map(({ p }) => p.personId), ...(r.by ? [r.by.personId] : [])]);
  for (const p of everyone) {
    if (!told.has(p.personId))
      to(
        p,
        vi.rotation.othersNotice({
          cluster: r.clusterName,
          to: result.to.name,
          ...(result.from ? { from: result.from.name } : {}),
        }),
      );
  }

  // Requests sent to the former leader would otherwise wait for an answer that cannot come.
  const open = await openPeriods(db, r.clusterId, r.now);
  const requests = await listUndecidedExtensionRequests(
    db,
    open.map((o) => o.period.id),
  );
  if (requests.length && incoming.length) {
    for (const p of incoming) to(p, vi.rotation.pendingRequests(requests.length));
    for (const request of requests) {
      const { period, schedule } = open.find((o) => o.period.id === request.periodId)!;
      const notice = extensionRequestNotice({
        ...request,
        name: reportName(schedule.template.definition.title, period.key),
      });
      for (const p of incoming) to(p, notice.text, notice.keyboard);
    }
  }
  return { messages, people: notices.map(({ p }) => ({ chatId: p.chatId, personId: p.personId })) };
}

/**
 * Command menus follow the new roles at once (they are settings, not messages: not queued).
 * `setCommands` sets one person's menu (delivery/commands.ts setCommandsFor with the caller's
 * Telegram client). A menu left unchanged is refreshed at the person's next message: a warning is enough.
 */
export async function refreshMenus(
  deps: Pick<ServiceDeps, 'db' | 'log'>,
  people: MenuHolder[],
  setCommands: (chatId: number, actor: Actor) => Promise<void>,
): Promise<void> {
  for (const p of people) {
    const actor = await loadActorById(deps.db, p.personId);
    if (actor) {
      await setCommands(p.chatId, actor).catch((error) =>
        deps.log.warn('could not set the command menu', {
          personId: p.personId,
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }
}
