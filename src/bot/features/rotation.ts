import type { Telegram } from 'telegraf';
import type { Db } from '../../db/connect.js';
import { textMessage, type OutgoingMessage } from '../../delivery/outbox.js';
import { reportName, vi } from '../../i18n/vi.js';
import type { Logger } from '../../log.js';
import { listReportingUnits } from '../../store/clusters.js';
import { findLeaderTerm, unitsWithMembers, openLeaderTerm, rotateLeader, type RotateResult } from '../../store/leadership.js';
import { undecidedExtensionRequests } from '../../store/overrides.js';
import { clusterRecipients } from '../../store/people.js';
import { openPeriods } from '../../store/periods.js';
import { loadActor, loadActorById } from '../../services/actor.js';
import { cb } from '../callback-data.js';
import { setCommandsFor } from '../commands.js';
import type { BotContext } from '../context.js';
import { buttonRows, mainMenu } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { extensionRequestMessage } from './adjust.js';
import { menuFor } from './help.js';

/**
 * "🔁 Chuyển giao cụm trưởng": the leader picks the unit that takes over, reads what will
 * happen, confirms. Buttons carry the term the leader saw, so an old or second tap after
 * the handover changes nothing.
 */
export async function chooseNextLeader(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const term = await openLeaderTerm(ctx.deps.db, leader.clusterId);
  if (!term) return void (await ctx.reply(vi.notAllowed));
  // Only a unit someone has joined can take over: otherwise nobody would hold the leader's rights.
  const joined = await unitsWithMembers(ctx.deps.db, leader.clusterId);
  const units = (await listReportingUnits(ctx.deps.db, leader.clusterId)).filter((u) => u.id !== leader.unitId && joined.has(u.id));
  if (units.length === 0) return void (await ctx.reply(vi.rotation.noOtherUnit));
  await replyHtml(ctx, vi.rotation.chooseUnit(leader.clusterName), buttonRows(units.map((u) => ({ text: u.name, data: cb.rotation(term.id, u.id) }))));
}

export async function confirmNextLeader(ctx: BotContext, termId: number, unitId: number): Promise<void> {
  const leader = await leaderOfTerm(ctx, termId);
  if (!leader) return;
  const unit = (await listReportingUnits(ctx.deps.db, leader.clusterId)).find((u) => u.id === unitId && u.id !== leader.unitId);
  if (!unit) return void (await ctx.reply(vi.staleButton));
  await replyHtml(
    ctx,
    vi.rotation.confirm({ cluster: leader.clusterName, from: leader.unitName, to: unit.name }),
    buttonRows([
      { text: vi.button.confirmRotation, data: cb.rotation(termId, unitId, 'ok') },
      { text: vi.button.cancel, data: cb.rotation(termId, unitId, 'no') },
    ]),
  );
}

export async function answerRotation(ctx: BotContext, termId: number, unitId: number, answer: 'ok' | 'no'): Promise<void> {
  const { db, clock, log } = ctx.deps;
  if (answer === 'no') {
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
    return void (await ctx.reply(vi.rotation.cancelled));
  }
  const leader = await leaderOfTerm(ctx, termId);
  if (!leader) return;
  const person = ctx.actor!.person;
  // The handover and the word to both units are one transaction.
  const { result, told } = await ctx.deps.outbox.withQueue(async (trx, queue) => {
    const result = await rotateLeader(trx, { clusterId: leader.clusterId, toUnitId: unitId, actor: `person:${person.id}`, actorPersonId: person.id, expectedTermId: termId, requireMembers: true, now: clock.now() });
    if (!result.ok) return { result };
    const told = await announceRotation(trx, { clusterId: leader.clusterId, clusterName: leader.clusterName, result, by: { personId: person.id, name: person.full_name }, now: clock.now() });
    await queue(told.messages);
    return { result, told };
  });
  if (!result.ok) {
    const answer = result.reason === 'stale' ? vi.rotation.already(result.current?.name) : result.reason === 'no_members' ? vi.rotation.noOtherUnit : vi.staleButton;
    return void (await replyHtml(ctx, answer));
  }
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  log.info('leader rotated', { clusterId: leader.clusterId, from: result.from?.code, to: result.to.code, personId: person.id });

  ctx.actor = (await loadActor(db, ctx.from!.id)) ?? ctx.actor;
  await refreshMenus(db, ctx.telegram, log, told!.people);
  await replyHtml(ctx, vi.rotation.done(leader.clusterName, result.to.name), await menuFor(ctx));
}

/**
 * The leader's rights for a rotation button: the term on the button must still be open and
 * held by this person's unit. After a handover, an old button says so politely.
 */
async function leaderOfTerm(ctx: BotContext, termId: number) {
  const actor = ctx.actor!;
  const term = await findLeaderTerm(ctx.deps.db, termId);
  if (!term || !actor.memberships.some((m) => m.clusterId === term.clusterId)) return void (await ctx.reply(vi.staleButton));
  if (term.endsAt) {
    const current = await openLeaderTerm(ctx.deps.db, term.clusterId);
    const unit = current && (await listReportingUnits(ctx.deps.db, term.clusterId)).find((u) => u.id === current.unitId);
    return void (await replyHtml(ctx, vi.rotation.already(unit?.name)));
  }
  const leader = actor.leaderOf;
  if (!leader || leader.clusterId !== term.clusterId || leader.unitId !== term.unitId) return void (await ctx.reply(vi.notAllowed));
  return leader;
}

/**
 * The word to the former leader's people and the new leader's unit, with their new menu, a
 * short notice to everyone else of the cluster, and
 * any request for more time still waiting for an answer, handed to the new leader. `by` (the
 * person who handed over) is answered in chat instead. Returns the messages, for the caller to
 * queue with the handover, and the people whose command menus changed. Used by the chat flow
 * and `admin rotate`.
 */
export async function announceRotation(
  db: Db,
  r: { clusterId: number; clusterName: string; result: Extract<RotateResult, { ok: true }>; by?: { personId: number; name: string }; now: Date },
): Promise<{ messages: OutgoingMessage[]; people: { chatId: number; personId: number }[] }> {
  const { result } = r;
  const messages: OutgoingMessage[] = [];
  const to = (p: { chatId: number; personId: number }, text: string, extra: object = {}) => messages.push(textMessage({ chatId: p.chatId, personId: p.personId, clusterId: r.clusterId }, text, extra));
  const everyone = await clusterRecipients(db, r.clusterId);
  const former = everyone.filter((p) => result.demoted.includes(p.personId) && p.unitId !== result.to.id);
  const incoming = everyone.filter((p) => p.unitId === result.to.id);

  const notices = [
    ...former.map((p) => ({ p, text: vi.rotation.formerNotice({ cluster: r.clusterName, to: result.to.name, ...(r.by ? { by: r.by.name } : {}) }) })),
    ...incoming.map((p) => ({ p, text: vi.rotation.newNotice({ cluster: r.clusterName, to: result.to.name, ...(result.from ? { from: result.from.name } : {}) }) })),
  ];
  for (const { p, text } of notices) {
    const actor = await loadActorById(db, p.personId);
    if (p.personId !== r.by?.personId) to(p, text, actor ? mainMenu(actor) : {});
  }
  // Everyone else hears who leads the cluster now: their reports and proposals go there.
  const told = new Set([...notices.map(({ p }) => p.personId), ...(r.by ? [r.by.personId] : [])]);
  for (const p of everyone) {
    if (!told.has(p.personId)) to(p, vi.rotation.othersNotice({ cluster: r.clusterName, to: result.to.name, ...(result.from ? { from: result.from.name } : {}) }));
  }

  // Requests sent to the former leader would otherwise wait for an answer that cannot come.
  const open = await openPeriods(db, r.clusterId, r.now);
  const requests = await undecidedExtensionRequests(db, open.map((o) => o.period.id));
  if (requests.length && incoming.length) {
    for (const p of incoming) to(p, vi.rotation.pendingRequests(requests.length));
    for (const request of requests) {
      const { period, schedule } = open.find((o) => o.period.id === request.periodId)!;
      const message = extensionRequestMessage({ ...request, name: reportName(schedule.template.definition.title, period.key) });
      for (const p of incoming) to(p, message.text, message.keyboard);
    }
  }
  return { messages, people: notices.map(({ p }) => p) };
}

/** Command menus follow the new roles at once (they are settings, not messages: not queued). */
export async function refreshMenus(db: Db, telegram: Telegram, log: Logger, people: { chatId: number; personId: number }[]): Promise<void> {
  for (const p of people) {
    const actor = await loadActorById(db, p.personId);
    // A menu left unchanged is refreshed at the person's next message: a short warning is enough.
    if (actor) await setCommandsFor(telegram, p.chatId, actor).catch((error) => log.warn('could not set the command menu', { personId: p.personId, reason: error instanceof Error ? error.message : String(error) }));
  }
}
