import type { Db } from '../../db/connect.js';
import { textToPeople } from '../../delivery/outbox.js';
import { periodContaining } from '../../domain/periods.js';
import { local, localDateTime } from '../../domain/time.js';
import { reportName, vi } from '../../i18n/vi.js';
import { listReportingUnits, loadTemplate } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { createExtensionRequest, decideExtensionRequest, setUnitTerms, undecidedExtensionRequests, unitTermsFor } from '../../store/overrides.js';
import { clusterRecipients, leaderRecipients } from '../../store/people.js';
import { closePeriodEarly, findPeriod, isOpen, openNextPeriodEarly, openPeriods } from '../../store/periods.js';
import { audit } from '../../store/audit.js';
import { reportsForPeriod } from '../../store/reports.js';
import { cb, type AdjustAction } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { cancelButton } from '../feature.js';

/**
 * The leader's controls on a period: extend the deadline for one unit or all that still
 * owe the report, or excuse a unit; always with a reason the units are told.
 */
const ALL = 0;
const EXTENSION_DAYS = { e3: 3, e7: 7 } as const;

export async function chooseUnitToAdjust(ctx: BotContext, periodId: number): Promise<void> {
  const found = await leaderPeriod(ctx, periodId);
  if (!found) return;
  const owing = await owingUnits(ctx, found.clusterId, periodId);
  const buttons = owing.map((u) => ({ text: u.name, data: cb.adjust(periodId, u.id) }));
  if (owing.length > 1) buttons.push({ text: vi.adjust.allOwing, data: cb.adjust(periodId, ALL) });
  await ctx.reply(owing.length ? vi.adjust.chooseUnit : vi.nudge.nothing(), buttonRows(buttons));
}

export async function chooseAdjustment(ctx: BotContext, periodId: number, unitId: number): Promise<void> {
  if (!(await leaderPeriod(ctx, periodId))) return;
  const buttons = [
    { text: vi.adjust.extend(3), data: cb.adjust(periodId, unitId, 'e3') },
    { text: vi.adjust.extend(7), data: cb.adjust(periodId, unitId, 'e7') },
    ...(unitId === ALL ? [] : [{ text: vi.adjust.excuse, data: cb.adjust(periodId, unitId, 'ex') }]),
  ];
  await ctx.reply(vi.adjust.chooseAction, buttonRows(buttons));
}

/** The action is chosen: the reason comes as the next message. */
export async function askReason(ctx: BotContext, periodId: number, unitId: number, action: AdjustAction): Promise<void> {
  const found = await leaderPeriod(ctx, periodId);
  if (!found) return;
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'leader_adjust', clusterId: found.clusterId, periodId, unitId, action }, ctx.deps.clock.now());
  await ctx.reply(vi.adjust.askReason, singleButton(vi.button.cancel, cancelButton.data('a')));
}

export async function applyAdjustment(ctx: BotContext, state: Extract<ConversationState, { kind: 'leader_adjust' }>, reason: string): Promise<void> {
  const { db, clock, outbox } = ctx.deps;
  const me = ctx.actor!.person.id;
  const found = await leaderPeriod(ctx, state.periodId);
  if (!found || found.clusterId !== state.clusterId) return void (await clearConversation(db, me));
  const { period, schedule } = found;
  const owing = await owingUnits(ctx, state.clusterId, state.periodId);
  const units = state.unitId === ALL ? owing : owing.filter((u) => u.id === state.unitId);
  if (units.length === 0) {
    await clearConversation(db, me);
    return void (await ctx.reply(vi.staleButton));
  }
  const terms = await unitTermsFor(db, period);
  const name = reportName(schedule.template.definition.title, period.key);
  const text = reason.trim().slice(0, 500);
  const now = clock.now();

  // The reason typed, each unit's new terms and the word to its people are written together.
  const extended = await outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, me);
    const result: { unit: string; until: Date; capped: boolean }[] = [];
    for (const u of units) {
      const extension = state.action === 'ex' ? undefined : extendedDeadline(terms(u.id).deadlineAt, now, EXTENSION_DAYS[state.action], period);
      const deadlineAt = extension?.deadlineAt;
      await setUnitTerms(trx, { clusterId: state.clusterId, periodId: period.id, unitIds: [u.id], change: deadlineAt ? { deadlineAt } : { excused: true }, reason: text, by: ctx.actor!.person.id, now });
      const notice = extension ? vi.adjust.extendedNotice(name, extension.deadlineAt, text, extension.capped) : vi.adjust.excusedNotice(u.name, name, text);
      await queue(textToPeople(await clusterRecipients(trx, state.clusterId, { unitIds: [u.id] }), state.clusterId, notice));
      if (extension) result.push({ unit: u.name, until: extension.deadlineAt, capped: extension.capped });
    }
    return result;
  });
  // The leader reads each unit's new deadline, and whether the period's end cut it short.
  await replyHtml(ctx, state.action === 'ex' ? vi.adjust.done(units.map((u) => u.name), true) : vi.adjust.extendedDone(extended));
}

async function leaderPeriod(ctx: BotContext, periodId: number) {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const now = ctx.deps.clock.now();
  const period = await findPeriod(ctx.deps.db, leader.clusterId, periodId);
  const open = period && isOpen(period, now) ? (await openPeriods(ctx.deps.db, leader.clusterId, now)).find((o) => o.period.id === periodId) : undefined;
  if (!open) return void (await ctx.reply(vi.report.periodClosed));
  return { ...open, clusterId: leader.clusterId };
}

async function owingUnits(ctx: BotContext, clusterId: number, periodId: number) {
  const submitted = new Set((await reportsForPeriod(ctx.deps.db, periodId)).filter((r) => r.status === 'submitted').map((r) => r.unit_id));
  return (await listReportingUnits(ctx.deps.db, clusterId)).filter((u) => !submitted.has(u.id));
}

/**
 * Extends from the unit's own deadline, or from now if that has passed; same time of day.
 * Never past the period's end, when reports stop being taken: `capped` says it was cut
 * there, and both the unit and the leader are told the real date.
 */
function extendedDeadline(current: Date, now: Date, days: number, period: { deadline_at: Date; ends_at: Date }): { deadlineAt: Date; capped: boolean } {
  const day = local(new Date(Math.max(current.getTime(), now.getTime()))).add(days, 'day');
  const wanted = localDateTime(day.year(), day.month() + 1, day.date(), local(period.deadline_at).format('HH:mm'));
  const lastMinute = new Date(period.ends_at.getTime() - 60_000);
  return wanted < lastMinute ? { deadlineAt: wanted, capped: false } : { deadlineAt: lastMinute, capped: true };
}

/**
 * "🕒 Xin gia hạn" from the menu, any time a period is open: the one period the unit still
 * owes, or a choice when it owes several.
 */
export async function askExtensionFromMenu(ctx: BotContext): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  if (!unit) return void (await ctx.reply(vi.notAContact));
  const owing = await periodsOwed(ctx.deps.db, unit, ctx.deps.clock.now());
  if (owing.length === 0) return void (await ctx.reply(vi.extension.nothingOwed));
  if (owing.length === 1) return askExtension(ctx, owing[0]!.period.id);
  await ctx.reply(
    vi.extension.choosePeriod,
    buttonRows(owing.map(({ period, schedule }) => ({ text: reportName(schedule.template.definition.title, period.key), data: cb.extensionAsk(period.id) }))),
  );
}

/** The open periods whose report the unit has not sent and is not excused from: where more time can be asked. */
export async function periodsOwed(db: Db, unit: { clusterId: number; unitId: number }, now: Date) {
  const result = [];
  for (const open of await openPeriods(db, unit.clusterId, now)) {
    const report = (await reportsForPeriod(db, open.period.id)).find((r) => r.unit_id === unit.unitId);
    if (report?.status === 'submitted' || (await unitTermsFor(db, open.period))(unit.unitId).excused) continue;
    result.push(open);
  }
  return result;
}

/** "🕒 Xin gia hạn" under a reminder or from the menu: the unit's contact gives a reason, the leader decides. */
export async function askExtension(ctx: BotContext, periodId: number): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  if (!unit) return void (await ctx.reply(vi.notAContact));
  const period = await findPeriod(ctx.deps.db, unit.clusterId, periodId);
  if (!period || !isOpen(period, ctx.deps.clock.now())) return void (await ctx.reply(vi.report.periodClosed));
  const submitted = (await reportsForPeriod(ctx.deps.db, periodId)).some((r) => r.unit_id === unit.unitId && r.status === 'submitted');
  if (submitted) return void (await ctx.reply(vi.extension.notNeeded));
  // One request at a time: a second one would only ask the leader the same question twice.
  const waiting = (await undecidedExtensionRequests(ctx.deps.db, [periodId])).find((r) => r.unitId === unit.unitId);
  if (waiting) return void (await ctx.reply(vi.extension.waiting(waiting.requestedAt)));
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'extension_request', periodId }, ctx.deps.clock.now());
  await ctx.reply(vi.extension.askReason, singleButton(vi.button.cancel, cancelButton.data('e')));
}

export async function sendExtensionRequest(ctx: BotContext, state: Extract<ConversationState, { kind: 'extension_request' }>, reason: string): Promise<void> {
  const { db, clock, outbox } = ctx.deps;
  const unit = ctx.actor?.reportingUnit;
  const period = unit && (await findPeriod(db, unit.clusterId, state.periodId));
  if (!unit || !period || !isOpen(period, clock.now())) {
    await clearConversation(db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.report.periodClosed));
  }
  const text = reason.trim().slice(0, 500);
  const name = reportName((await loadTemplate(db, period.template_id)).title, period.key);
  const leaders = await leaderRecipients(db, unit.clusterId);
  await outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, ctx.actor!.person.id);
    const requestId = await createExtensionRequest(trx, { periodId: period.id, unitId: unit.unitId, personId: ctx.actor!.person.id, reason: text, now: clock.now() });
    const request = extensionRequestMessage({ id: requestId, unitName: unit.unitName, personName: ctx.actor!.person.full_name, name, reason: text });
    await queue(textToPeople(leaders, unit.clusterId, request.text, request.keyboard));
  });
  await ctx.reply(vi.extension.sent);
}

/** The leader's copy of a request for more time, with the decision buttons. */
export function extensionRequestMessage(r: { id: number; unitName: string; personName: string; name: string; reason: string }) {
  return {
    text: vi.extension.request(r.unitName, r.personName, r.name, r.reason),
    keyboard: buttonRows([
      { text: vi.adjust.extend(3), data: cb.extensionDecision(r.id, 'e3') },
      { text: vi.adjust.extend(7), data: cb.extensionDecision(r.id, 'e7') },
      { text: vi.extension.decline, data: cb.extensionDecision(r.id, 'no') },
    ]),
  };
}

export async function decideExtension(ctx: BotContext, requestId: number, decision: 'e3' | 'e7' | 'no'): Promise<void> {
  const { db, clock, outbox } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const request = await db.selectFrom('extension_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  const period = request && (await findPeriod(db, leader.clusterId, request.period_id));
  if (!request || !period) return void (await ctx.reply(vi.staleButton));
  const now = clock.now();
  // A request answered already, or left until its period ended, cannot be decided (again) weeks later.
  if (request.decision !== null) return void (await ctx.reply(vi.extension.alreadyDecided));
  if (!isOpen(period, now)) {
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
    return void (await ctx.reply(vi.extension.periodEnded));
  }
  const name = reportName((await loadTemplate(db, period.template_id)).title, period.key);
  const unitName = (await listReportingUnits(db, leader.clusterId)).find((u) => u.id === request.unit_id)?.name ?? '';
  const people = await clusterRecipients(db, leader.clusterId, { unitIds: [request.unit_id] });
  // Decided once, and the unit told in the same transaction.
  const decided = await outbox.withQueue(async (trx, queue) => {
    if (!(await decideExtensionRequest(trx, requestId, decision, ctx.actor!.person.id, now))) return undefined;
    if (decision === 'no') {
      await queue(textToPeople(people, leader.clusterId, vi.extension.declined(name)));
      return { approved: false as const };
    }
    const terms = await unitTermsFor(trx, period);
    const { deadlineAt, capped } = extendedDeadline(terms(request.unit_id).deadlineAt, now, EXTENSION_DAYS[decision], period);
    const reason = vi.extension.approvedReason(request.reason);
    await setUnitTerms(trx, { clusterId: leader.clusterId, periodId: period.id, unitIds: [request.unit_id], change: { deadlineAt }, reason, by: ctx.actor!.person.id, now });
    await queue(textToPeople(people, leader.clusterId, vi.adjust.extendedNotice(name, deadlineAt, reason, capped)));
    return { approved: true as const, deadlineAt, capped };
  });
  if (!decided) return void (await ctx.reply(vi.extension.alreadyDecided));
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  if (decided.approved) await replyHtml(ctx, vi.adjust.extendedDone([{ unit: unitName, until: decided.deadlineAt, capped: decided.capped }]));
  else await ctx.reply(vi.extension.declinedLeader(unitName));
}

/** "⏹ Đóng kỳ sớm" and "⏭ Mở sớm kỳ sau" each ask to confirm, then close this period or open the next one now. Units are told. */
export async function controlPeriod(ctx: BotContext, action: 'close' | 'close-ok' | 'open-next' | 'open-next-ok', periodId: number): Promise<void> {
  const found = await leaderPeriod(ctx, periodId);
  if (!found) return;
  const { db, clock, outbox } = ctx.deps;
  const { period, schedule, clusterId } = found;

  const name = reportName(schedule.template.definition.title, period.key);
  const now = clock.now();
  if (action === 'close') {
    return void (await replyHtml(ctx, vi.periodControl.confirmClose(name), buttonRows([{ text: vi.periodControl.close, data: cb.periodControl('close-ok', periodId) }])));
  }
  if (action === 'open-next') {
    // Opening early tells every unit at once: a slip of the finger must not do that.
    const following = periodContaining(schedule.definition, period.ends_at);
    const nextName = following && reportName(schedule.template.definition.title, following.key);
    return void (await replyHtml(ctx, vi.periodControl.confirmOpen(nextName), buttonRows([{ text: vi.periodControl.open, data: cb.periodControl('open-next-ok', periodId) }, { text: vi.button.cancel, data: cb.dismiss() }])));
  }
  const me = ctx.actor!.person.id;
  const people = await clusterRecipients(db, clusterId);
  const everyone = (text: string, extra: object = {}) => textToPeople(people, clusterId, text, extra, me);
  if (action === 'close-ok') {
    await outbox.withQueue(async (trx, queue) => {
      await closePeriodEarly(trx, period.id, now);
      await audit(trx, { clusterId, actorPersonId: me, actor: `person:${me}`, action: 'period.close', details: { periodId } });
      await queue(everyone(vi.periodControl.closedNotice(name)));
    });
    return void (await replyHtml(ctx, vi.periodControl.closed(name)));
  }
  const next = await outbox.withQueue(async (trx, queue) => {
    const opened = await openNextPeriodEarly(trx, schedule, period, now);
    if (!opened) return undefined;
    await audit(trx, { clusterId, actorPersonId: me, actor: `person:${me}`, action: 'period.open', details: { periodId: opened.id } });
    const openedName = reportName(schedule.template.definition.title, opened.key);
    await queue(everyone(vi.periodControl.openedNotice(openedName, opened.deadline_at), buttonRows([{ text: vi.button.report, data: cb.reportStart(opened.id) }])));
    return opened;
  });
  if (!next) return void (await ctx.reply(vi.periodControl.alreadyOpen));
  await replyHtml(ctx, vi.periodControl.opened(reportName(schedule.template.definition.title, next.key)));
}
