import { Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import { vi } from '../i18n/vi.js';
import { clearConversation, getConversation } from '../store/conversations.js';
import { setReachable } from '../store/people.js';
import { loadActor } from '../services/actor.js';
import { answerTap } from './reply.js';
import { fitOutgoing } from './outgoing.js';
import { sequentializeByChat } from './sequentialize.js';
import { cleanIncomingUpdate, isForwarded } from './clean-input.js';
import { handleEachUpdateOnce } from './once.js';
import { answerMessagelessTaps } from './messageless-tap.js';
import { refuseEndedPeriod } from './period-buttons.js';
import { isQuietFailure } from './reply-guard.js';
import { throttleFloods } from './throttle.js';
import { promptRouter } from './prompts.js';
import { features } from './features/index.js';
import { parseCallbackData, type CallbackAction } from './callback-data.js';
import type { BotContext } from './context.js';
import type { ServiceDeps } from '../services/deps.js';
import { applyAdjustment, askExtension, askExtensionFromMenu, controlPeriod, askReason, chooseAdjustment, chooseUnitToAdjust, decideExtension, sendExtensionRequest } from './features/adjust.js';
import { nudgeNow, showBoard } from './features/board.js';
import { openUnitReport, showPeriods, showUnits } from './features/browse.js';
import { becomePrimary, showHelp, showMenu } from './features/help.js';
import { handleStart } from './features/onboarding.js';
import { answerRotation, chooseNextLeader, confirmNextLeader } from './features/rotation.js';
import { attachFile, offerResume } from './features/report.js';
import { answerReport, onConflictButton, onFieldButton, onPickButton, onReportNavigation } from './features/report-form.js';

/** After this long without an answer, free text is not taken as the next answer. */
const STALE_FORM_MS = 3 * 60 * 60 * 1000;

export interface BotOptions {
  token: string;
  apiRoot?: string;
  /**
   * Applied to each update's Telegram client (telegraf makes a new one per update) before any
   * handler runs: how direct replies get the send budget and their error handling (reply-guard).
   */
  guardTelegram?: (telegram: Telegraf<BotContext>['telegram']) => void;
}

export function createBot(deps: ServiceDeps, options: BotOptions): Telegraf<BotContext> {
  const bot = new Telegraf<BotContext>(options.token, options.apiRoot ? { telegram: { apiRoot: options.apiRoot } } : {});
  bot.context.deps = deps;

  // A failing handler must never stop polling: apologise, log the details, go on.
  bot.catch(async (error, ctx) => {
    // A reply the person's side refused (blocked, rate-limited, flooding): not our fault, no apology.
    if (isQuietFailure(error)) {
      deps.log.warn('reply not delivered', { reason: error.reason, error: error.message, updateId: ctx.update.update_id, from: ctx.from?.id });
      if (ctx.callbackQuery) await answerTap(ctx);
      return;
    }
    deps.log.error('handler failed', { error, updateId: ctx.update.update_id, from: ctx.from?.id });
    try {
      if (ctx.callbackQuery) await answerTap(ctx);
      if (ctx.chat?.type === 'private') await ctx.reply(vi.sorry);
    } catch (replyError) {
      deps.log.warn('could not send the apology', { error: replyError });
    }
  });

  // telegraf gives each update a Telegram client of its own: wrap it once per update. The guard
  // (send budget, refusals) goes first, so every part of a message fitOutgoing splits passes it;
  // fitOutgoing makes every reply, edit and file one Telegram accepts (length, captions, HTML).
  bot.use((ctx, next) => {
    options.guardTelegram?.(ctx.telegram);
    fitOutgoing(ctx.telegram, deps.log);
    return next();
  });

  // A tap Telegram sends without its message is answered in the person's private chat.
  bot.use(answerMessagelessTaps());
  // A chat flooding the bot is still handled, but silently beyond a burst.
  bot.use(throttleFloods());
  bot.use(sequentializeByChat());

  // Every text a person sends is cleaned (NUL, control and zero-width characters, Unicode form) before any use.
  bot.use((ctx, next) => {
    cleanIncomingUpdate(ctx.update);
    return next();
  });

  // The bot works in private chats only; groups are ignored quietly.
  bot.use(async (ctx, next) => {
    if (ctx.chat && ctx.chat.type !== 'private') return;
    if (!ctx.from || ctx.from.is_bot) return;
    ctx.actor = await loadActor(deps.db, ctx.from.id);
    // Someone who writes to the bot can be reached again (they unblocked it, or came back).
    if (ctx.actor && !ctx.actor.person.reachable) await setReachable(deps.db, ctx.actor.person.id, true);
    return next();
  });

  // An update delivered again after a restart (same update_id) is not handled twice.
  bot.use(handleEachUpdateOnce());

  bot.start((ctx) => handleStart(ctx, ctx.payload));

  // Everything below needs a registered person; strangers get one short explanation.
  bot.use(async (ctx, next) => {
    if (ctx.actor) return next();
    if (ctx.callbackQuery) await answerTap(ctx, vi.stranger.split('\n')[0]);
    else if (ctx.message) await ctx.reply(vi.stranger);
  });

  // Each user task's handlers, buttons and prompts: one line each (src/bot/features/).
  bot.use(promptRouter(features, showMenu).composer);
  for (const feature of features) bot.use(feature.composer);

  bot.command('trangthai', (ctx) => showBoard(ctx));
  bot.command('huongdan', (ctx) => showHelp(ctx));
  bot.command('help', (ctx) => showHelp(ctx));

  bot.on(message('text'), async (ctx) => {
    const conversation = await getConversation(deps.db, ctx.actor!.person.id);
    const state = conversation?.state;
    const text = ctx.message.text;
    if (text.startsWith('/')) return showMenu(ctx);
    // Hours later a message is more likely a greeting than an answer: do not guess.
    const stale = conversation !== undefined && deps.clock.now().getTime() - conversation.updatedAt.getTime() > STALE_FORM_MS;
    if (stale && state?.kind === 'report') return offerResume(ctx);
    if (stale) {
      await clearConversation(deps.db, ctx.actor!.person.id);
      return showMenu(ctx);
    }
    // Someone else's words are not the person's answer: a report answer is asked about,
    // other prompts say to type it (guidance shows a preview before it goes anyway).
    if (isForwarded(ctx) && state?.kind === 'report') return answerReport(ctx, state, text, { forwarded: true });
    if (isForwarded(ctx) && state) return void (await ctx.reply(vi.input.forwardedNotTaken));
    // A reason made only of invisible characters is no reason: the prompt stays open.
    if (text === '' && (state?.kind === 'leader_adjust' || state?.kind === 'extension_request')) return void (await ctx.reply(vi.messageText.empty));
    switch (state?.kind) {
      case 'report':
        return answerReport(ctx, state, text);
      case 'leader_adjust':
        return applyAdjustment(ctx, state, text);
      case 'extension_request':
        return sendExtensionRequest(ctx, state, text);
      default:
        return showMenu(ctx);
    }
  });

  bot.on('callback_query', async (ctx) => {
    // TRANSITION: buttons not yet declared by a feature.
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
    const action = data === undefined ? undefined : parseCallbackData(data);
    if (!action) {
      deps.log.warn('unknown button data', { data });
      return void (await answerTap(ctx, vi.staleButton));
    }
    if (action.kind === 'browse_report') return openUnitReport(ctx, action.periodId, action.unitId);
    await answerTap(ctx);
    if (await refuseEndedPeriod(ctx, action)) return;
    return handleButton(ctx, action);
  });

  // A photo or document goes with the guidance being written, or else into the open report.
  bot.on(message('photo'), async (ctx) => {
    const photo = ctx.message.photo.at(-1)!;
    return attachFile(ctx, { kind: 'photo', fileId: photo.file_id, fileName: null, fileSize: photo.file_size ?? null, caption: ctx.message.caption ?? null, mediaGroupId: ctx.message.media_group_id ?? null });
  });
  bot.on(message('document'), async (ctx) => {
    const { document } = ctx.message;
    return attachFile(ctx, { kind: 'document', fileId: document.file_id, fileName: document.file_name ?? null, fileSize: document.file_size ?? null, caption: ctx.message.caption ?? null, mediaGroupId: ctx.message.media_group_id ?? null });
  });


  // Stickers, voice...: not understood, so point to the buttons.
  bot.on('message', (ctx) => showMenu(ctx));

  return bot;
}

async function handleButton(ctx: BotContext, action: Exclude<CallbackAction, { kind: 'browse_report' }>): Promise<void> {
  switch (action.kind) {
    case 'menu':
      switch (action.item) {
        case 'board':
          return showBoard(ctx);
        case 'browse':
          return showPeriods(ctx, 0);
        case 'rotate':
          return chooseNextLeader(ctx);
        case 'primary':
          return becomePrimary(ctx);
        case 'help':
          return showHelp(ctx);
        case 'extension':
          return askExtensionFromMenu(ctx);
      }
      return;
    case 'report_action':
      switch (action.action) {
        // TRANSITION: read first by the report feature (features/report.ts).
        case 'submit':
        case 'view':
        case 'amend':
        case 'finish':
          return;
        default:
          return onReportNavigation(ctx, await conversationOf(ctx), action.reportId, action.action);
      }
    case 'report_field':
      return onFieldButton(ctx, await conversationOf(ctx), action);
    case 'report_pick':
      return onPickButton(ctx, await conversationOf(ctx), action);
    case 'report_conflict':
      return onConflictButton(ctx, await conversationOf(ctx), action);
    case 'period_control':
      return controlPeriod(ctx, action.action, action.periodId);
    case 'extension_ask':
      return askExtension(ctx, action.periodId);
    case 'extension_decide':
      return decideExtension(ctx, action.requestId, action.decision);
    case 'adjust_start':
      return chooseUnitToAdjust(ctx, action.periodId);
    case 'adjust_unit':
      return chooseAdjustment(ctx, action.periodId, action.unitId);
    case 'adjust_action':
      return askReason(ctx, action.periodId, action.unitId, action.action);
    case 'board_nudge':
      return nudgeNow(ctx, action.periodId);
    case 'board_refresh':
      return showBoard(ctx, { refresh: true });
    case 'rotation_pick':
      return confirmNextLeader(ctx, action.termId, action.unitId);
    case 'rotation_confirm':
      return answerRotation(ctx, action.termId, action.unitId, action.answer);
    case 'browse_periods':
      return showPeriods(ctx, action.page, { inPlace: action.edit });
    case 'browse_units':
      return showUnits(ctx, action.periodId, { inPlace: action.edit });
  }
}

async function conversationOf(ctx: BotContext) {
  return (await getConversation(ctx.deps.db, ctx.actor!.person.id))?.state;
}
