import { vi } from '../../i18n/vi.js';
import { clearConversation, setConversation, type ConversationState, type GuidanceFile } from '../../store/conversations.js';
import { acknowledgeDelivery, createGuidance, deliveriesOf, pendingDeliveries, recentGuidance } from '../../store/guidance.js';
import { guidanceRenudgeHours, listReportingUnits } from '../../store/clusters.js';
import { clusterRecipients } from '../../store/people.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonGrid, buttonRows, singleButton } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { guidanceContent, queueGuidance } from './guidance-queue.js';
import { cancelButton } from '../feature.js';

/** Room for the heading added around the leader's text within Telegram's 4096 characters. */
export const MAX_GUIDANCE_LENGTH = 3500;
/** How many earlier messages "Các thông báo đã gửi" lists: one row of buttons. */
const HISTORY_LENGTH = 5;

export async function composeGuidance(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'guidance_compose', clusterId: leader.clusterId }, ctx.deps.clock.now());
  await ctx.reply(
    vi.guidance.askBody,
    buttonRows([
      { text: vi.button.guidanceHistory, data: cb.guidanceList() },
      { text: vi.button.cancel, data: cancelButton.data('g') },
    ]),
  );
}

/** The latest guidance of the cluster, also what earlier leaders sent, each with its "Đã nhận" grid. */
export async function showGuidanceHistory(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const items = await recentGuidance(ctx.deps.db, leader.clusterId, HISTORY_LENGTH);
  if (items.length === 0) return void (await ctx.reply(vi.guidance.historyEmpty));
  await replyHtml(ctx, vi.guidance.history(items), buttonGrid([items.map((g, i) => ({ text: `📋 ${i + 1}`, data: cb.guidanceGrid(g.id) }))]));
}

type Draft = Extract<ConversationState, { kind: 'guidance_preview' }>;

/**
 * Text or a file while writing guidance: text replaces the text, a file replaces the file
 * (its caption, if any, becomes the text only when none was typed: typed text is kept and
 * the leader told), and the preview is shown again.
 */
export async function updateGuidanceDraft(ctx: BotContext, state: ConversationState, change: { body?: string | undefined; file?: GuidanceFile | null }): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) {
    // The leader role moved while this person was writing: drop the draft, not their next messages.
    await clearConversation(ctx.deps.db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.notAllowed));
  }
  const current = state.kind === 'guidance_preview' && state.clusterId === leader.clusterId ? state : undefined;
  // A file's caption does not silently replace text typed before: the typed text stays, and the leader is told.
  const caption = change.file ? change.body?.trim() : undefined;
  const keepTyped = caption && current?.body && caption !== current.body ? caption : undefined;
  if (keepTyped !== undefined) change = { ...change, body: undefined };
  const body = change.body === undefined ? (current?.body ?? '') : change.body.trim();
  if (body.length > MAX_GUIDANCE_LENGTH) return void (await ctx.reply(vi.guidance.tooLong(MAX_GUIDANCE_LENGTH)));
  const file = change.file === undefined ? current?.file : (change.file ?? undefined);
  if (!body && !file) {
    // Nothing left to send (the only file removed, or blank text): back to writing.
    await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'guidance_compose', clusterId: leader.clusterId }, ctx.deps.clock.now());
    return void (await ctx.reply(vi.guidance.empty));
  }
  const draft: Draft = { kind: 'guidance_preview', clusterId: leader.clusterId, body, ...(file ? { file } : {}), ...(current?.unitIds ? { unitIds: current.unitIds } : {}) };
  await setConversation(ctx.deps.db, ctx.actor!.person.id, draft, ctx.deps.clock.now());
  if (keepTyped !== undefined) await replyHtml(ctx, vi.guidance.captionNotUsed(keepTyped));
  await showPreview(ctx, draft);
}

/** What will go out and to whom, with Send / Choose units / (Remove file) / Cancel. */
async function showPreview(ctx: BotContext, draft: Draft): Promise<void> {
  const leader = ctx.actor!.leaderOf!;
  if ((await recipientsFor(ctx)).length === 0) {
    await clearConversation(ctx.deps.db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.guidance.noRecipients));
  }
  const units = await listReportingUnits(ctx.deps.db, leader.clusterId);
  const chosen = chosenUnits(draft, units);
  const recipients = await recipientsFor(ctx, draft.unitIds && [...chosen]);
  const reached = new Set(recipients.map((r) => r.unitId));
  const unreachable = units.filter((u) => chosen.has(u.id) && !reached.has(u.id) && u.id !== leader.unitId).map((u) => u.name);
  const text = vi.guidance.preview({
    body: draft.body,
    file: draft.file,
    units: reached.size,
    people: recipients.length,
    unreachable,
    chosen: draft.unitIds ? units.filter((u) => chosen.has(u.id)).map((u) => u.name) : undefined,
  });
  await replyHtml(
    ctx,
    text,
    buttonRows([
      { text: vi.button.send, data: cb.guidance('send') },
      { text: vi.button.pickUnits, data: cb.guidance('pick') },
      ...(draft.file ? [{ text: vi.button.removeFile, data: cb.guidance('nofile') }] : []),
      { text: vi.button.cancel, data: cancelButton.data('g') },
    ]),
  );
}

/** The units a draft goes to: those chosen, or every unit of the cluster. */
function chosenUnits(draft: Draft, units: { id: number }[]): Set<number> {
  const all = units.map((u) => u.id);
  return new Set(draft.unitIds ? all.filter((id) => draft.unitIds!.includes(id)) : all);
}

/** The buttons of the unit list: one per unit, ticked or not, then "Tất cả" and "Xong". */
function unitChoices(units: { id: number; name: string }[], chosen: Set<number>) {
  return buttonGrid([
    ...units.map((u) => [{ text: vi.button.unitChoice(u.name, chosen.has(u.id)), data: cb.guidanceUnit(u.id) }]),
    [
      { text: vi.button.allUnits(chosen.size === units.length), data: cb.guidance('pickall') },
      { text: vi.button.done, data: cb.guidance('pickok') },
    ],
  ]);
}

/** "🎯 Chọn đơn vị nhận", a unit tapped in the list, or "Tất cả": the list shows the choice. */
export async function chooseGuidanceUnits(ctx: BotContext, state: ConversationState | undefined, tap: { unitId: number } | 'all' | 'open'): Promise<void> {
  const draft = await draftOf(ctx, state);
  if (!draft) return;
  const units = await listReportingUnits(ctx.deps.db, draft.clusterId);
  const chosen = chosenUnits(draft, units);
  if (tap === 'open') return void (await ctx.reply(vi.guidance.chooseUnits, unitChoices(units, chosen)));
  if (tap === 'all') {
    // "Tất cả" ticks every unit, or clears them all when every one is ticked already.
    const every = chosen.size === units.length;
    chosen.clear();
    if (!every) for (const u of units) chosen.add(u.id);
  } else {
    // Only units of the leader's own cluster can be chosen, whatever the button says.
    if (!units.some((u) => u.id === tap.unitId)) return void (await ctx.reply(vi.staleButton));
    if (!chosen.delete(tap.unitId)) chosen.add(tap.unitId);
  }
  const next: Draft = { ...draft, unitIds: units.filter((u) => chosen.has(u.id)).map((u) => u.id) };
  // Every unit chosen means "all": units that gain people before it is sent get it too.
  if (chosen.size === units.length) delete next.unitIds;
  await setConversation(ctx.deps.db, ctx.actor!.person.id, next, ctx.deps.clock.now());
  // A tap that came without its message (too old) cannot change it: the list comes anew.
  if (!ctx.callbackQuery?.message) return void (await ctx.reply(vi.guidance.chooseUnits, unitChoices(units, chosen)));
  await ctx.editMessageReplyMarkup(unitChoices(units, chosen).reply_markup).catch(() => undefined);
}

/** "Xong" under the unit list: the preview again, now for the chosen units. */
export async function confirmGuidanceUnits(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  const draft = await draftOf(ctx, state);
  if (!draft) return;
  if (draft.unitIds?.length === 0) return void (await ctx.reply(vi.guidance.noUnitChosen));
  // The list gives way to what was chosen, so the chat reads as a record.
  const names = draft.unitIds && (await listReportingUnits(ctx.deps.db, draft.clusterId)).filter((u) => draft.unitIds!.includes(u.id)).map((u) => u.name);
  await ctx.editMessageText(vi.guidance.unitsChosen(names), { parse_mode: 'HTML' }).catch(() => undefined);
  await showPreview(ctx, draft);
}

/** "🗑 Bỏ tệp đính kèm": the text stays, the file goes. */
export async function removeGuidanceFile(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  const draft = await draftOf(ctx, state);
  if (!draft) return;
  await updateGuidanceDraft(ctx, draft, { file: null });
}

/** The leader's draft, or a refusal (not the leader, or a button left from an earlier draft). */
async function draftOf(ctx: BotContext, state: ConversationState | undefined): Promise<Draft | undefined> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  if (state?.kind !== 'guidance_preview' || state.clusterId !== leader.clusterId) return void (await ctx.reply(vi.staleButton));
  return state;
}

export async function sendGuidance(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const draft = await draftOf(ctx, state);
  if (!draft) return;
  const leader = ctx.actor!.leaderOf!;
  const author = ctx.actor!.person;
  const units = await listReportingUnits(db, leader.clusterId);
  const recipients = await recipientsFor(ctx, draft.unitIds && [...chosenUnits(draft, units)]);
  if (recipients.length === 0) return void (await ctx.reply(draft.unitIds ? vi.guidance.noRecipientsChosen : vi.guidance.noRecipients));

  const now = clock.now();
  const renudgeHours = await guidanceRenudgeHours(db, leader.clusterId);
  // The draft's end, the message, its deliveries and every queued copy are written together:
  // nothing is lost to a crash, and a second tap finds no draft to send.
  const { guidanceId, count } = await ctx.deps.outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, author.id);
    const { guidanceId, deliveries } = await createGuidance(trx, {
      clusterId: leader.clusterId,
      senderUnitId: leader.unitId,
      authorId: author.id,
      body: draft.body,
      file: draft.file,
      recipients,
      now,
      renudgeAt: renudgeHours > 0 ? new Date(now.getTime() + renudgeHours * 3_600_000) : undefined,
    });
    const content = { text: vi.guidance.message(leader.unitName, draft.body), file: draft.file };
    await queueGuidance(trx, queue, { guidanceId, clusterId: leader.clusterId, content, leader: { chatId: ctx.chat!.id, personId: author.id }, round: 'first', deliveries });
    return { guidanceId, count: deliveries.length };
  });
  await ctx.reply(vi.guidance.sending(renudgeHours));
  log.info('guidance queued', { guidanceId, recipients: count, file: draft.file?.kind ?? null, chosenUnits: draft.unitIds?.length ?? 'all' });
}

/** Per unit: who acknowledged, who got it without pressing "Đã nhận", who could not be reached. */
export async function showAckGrid(ctx: BotContext, guidanceId: number, options: { edit?: boolean } = {}): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const rows = await deliveriesOf(ctx.deps.db, leader.clusterId, guidanceId);
  if (!rows) return void (await ctx.reply(vi.staleButton));
  const units = new Map<string, { acknowledged: number; waiting: string[]; sending: string[]; failed: string[]; total: number }>();
  for (const r of rows) {
    const unit = units.get(r.unitName) ?? { acknowledged: 0, waiting: [], sending: [], failed: [], total: 0 };
    unit.total++;
    if (r.acknowledgedAt) unit.acknowledged++;
    // An expired copy is a re-nudge held past the evening: the first copy had arrived.
    else if (r.status === 'failed' || !r.reachable) unit.failed.push(r.personName);
    else if (r.status === 'pending' || r.status === 'sending') unit.sending.push(r.personName);
    // Delivered, or perhaps delivered (Telegram did not answer in time): waiting for the tap.
    else unit.waiting.push(r.personName);
    units.set(r.unitName, unit);
  }
  const owing = rows.some((r) => !r.acknowledgedAt);
  const text = vi.guidance.grid([...units.entries()].map(([unit, u]) => ({ unit, ...u })));
  const keyboard = buttonRows([
    ...(owing ? [{ text: vi.button.resend, data: cb.guidanceResend(guidanceId) }] : []),
    { text: vi.button.refresh, data: cb.guidanceGrid(guidanceId, true) },
  ]);
  if (options.edit && ctx.callbackQuery?.message) {
    await ctx.editMessageText(text, { parse_mode: 'HTML', ...keyboard }).catch(() => undefined);
    return;
  }
  await replyHtml(ctx, text, keyboard);
}

/** Sends the guidance again to everyone who has not pressed "Đã nhận" and can still be reached. */
export async function resendGuidance(ctx: BotContext, guidanceId: number): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const { db } = ctx.deps;
  const content = await guidanceContent(db, leader.clusterId, guidanceId);
  if (!content) return void (await ctx.reply(vi.staleButton));
  const pending = await pendingDeliveries(db, guidanceId);
  if (pending.length === 0) return void (await ctx.reply(vi.guidance.nobodyToResend));
  await ctx.deps.outbox.withQueue((trx, queue) =>
    // Marked as a copy, with the first sending's date, so nobody takes it for new guidance.
    queueGuidance(trx, queue, { guidanceId, clusterId: leader.clusterId, content: { text: vi.guidance.resendMark(content.createdAt, content.text), file: content.file }, leader: { chatId: ctx.chat!.id, personId: ctx.actor!.person.id }, round: 'again', deliveries: pending }),
  );
  await ctx.reply(vi.guidance.resending(pending.length));
}

export async function acknowledgeGuidance(ctx: BotContext, deliveryId: number): Promise<void> {
  const acknowledged = ctx.actor ? await acknowledgeDelivery(ctx.deps.db, deliveryId, ctx.actor.person.id, ctx.deps.clock.now()) : false;
  await answerTap(ctx, acknowledged ? vi.guidance.acknowledged : undefined);
  // The message itself shows it was confirmed; tapping again changes nothing.
  if (acknowledged) await ctx.editMessageReplyMarkup(singleButton(vi.button.acknowledged, cb.guidanceAck(deliveryId)).reply_markup).catch(() => undefined);
}

/** The registered people of the cluster (of the given units only, if any), not the leader writing. */
async function recipientsFor(ctx: BotContext, unitIds?: number[]) {
  const leader = ctx.actor!.leaderOf!;
  const all = await clusterRecipients(ctx.deps.db, leader.clusterId, unitIds ? { unitIds } : {});
  return all.filter((r) => r.personId !== ctx.actor!.person.id);
}
