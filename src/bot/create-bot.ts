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
import { features, strangerFeatures } from './features/index.js';
import { parseCallbackData, type CallbackAction } from './callback-data.js';
import type { BotContext } from './context.js';
import type { ServiceDeps } from '../services/deps.js';
import { acknowledgeFeedbackTap, feedbackText, startComment, startFeedback } from './features/feedback.js';
import { acknowledgeGuidance, chooseGuidanceUnits, composeGuidance, confirmGuidanceUnits, removeGuidanceFile, resendGuidance, sendGuidance, showAckGrid, showGuidanceHistory, updateGuidanceDraft } from './features/guidance.js';
import { showMenu } from './features/help.js';
import { cancelPrompt } from './features/cancel.js';
import { attachFile, offerResume, showHistory, showReport, startAmending, startReport, submit } from './features/report.js';
import { finishAmending } from './features/report-notices.js';
import { chooseThreadPeriod, openThreads, replyToFeedback, replyToMessage, showThread, startProposal, startWriting, threadText } from './features/threads.js';
import { chooseAnswerToShare, noteForShare, previewShare, sendShare } from './features/share.js';
import { answerReport, onConflictButton, onFieldButton, onPickButton, onReportNavigation } from './features/report-form.js';
import { chooseFileToRemove, removeReportFile } from './features/report-files.js';

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

  // /start with an invite code: strangers may use it (features/onboarding.ts).
  for (const feature of strangerFeatures) bot.use(feature.composer);

  // Everything below needs a registered person; strangers get one short explanation.
  bot.use(async (ctx, next) => {
    if (ctx.actor) return next();
    if (ctx.callbackQuery) await answerTap(ctx, vi.stranger.split('\n')[0]);
    else if (ctx.message) await ctx.reply(vi.stranger);
  });

  // Each user task's handlers, buttons and prompts: one line each (src/bot/features/).
  bot.use(promptRouter(features, showMenu).composer);
  for (const feature of features) bot.use(feature.composer);

  bot.command('baocao', (ctx) => startReport(ctx));
  bot.command('thongbao', (ctx) => composeGuidance(ctx));

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
    if (isForwarded(ctx) && state && state.kind !== 'guidance_compose' && state.kind !== 'guidance_preview') return void (await ctx.reply(vi.input.forwardedNotTaken));
    switch (state?.kind) {
      case 'report':
        return answerReport(ctx, state, text);
      case 'leader_feedback':
        return feedbackText(ctx, state, text);
      case 'thread_message':
        return threadText(ctx, state, text);
      case 'guidance_compose':
      case 'guidance_preview':
        return updateGuidanceDraft(ctx, state, { body: text });
      case 'share_preview':
        return noteForShare(ctx, state, text);
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
    if (action.kind === 'guidance_ack') return acknowledgeGuidance(ctx, action.deliveryId);
    if (action.kind === 'feedback_ack') return acknowledgeFeedbackTap(ctx, action.feedbackId);
    await answerTap(ctx);
    if (action.kind === 'report_start' && (await refuseEndedPeriod(ctx, action.periodId))) return;
    return handleButton(ctx, action);
  });

  // A photo or document goes with the guidance being written, or else into the open report.
  bot.on(message('photo'), async (ctx) => {
    const photo = ctx.message.photo.at(-1)!;
    const state = await conversationOf(ctx);
    if (state?.kind === 'guidance_compose' || state?.kind === 'guidance_preview') {
      return updateGuidanceDraft(ctx, state, { file: { kind: 'photo', fileId: photo.file_id, fileName: null }, body: ctx.message.caption });
    }
    return attachFile(ctx, { kind: 'photo', fileId: photo.file_id, fileName: null, fileSize: photo.file_size ?? null, caption: ctx.message.caption ?? null, mediaGroupId: ctx.message.media_group_id ?? null });
  });
  bot.on(message('document'), async (ctx) => {
    const { document } = ctx.message;
    const state = await conversationOf(ctx);
    if (state?.kind === 'guidance_compose' || state?.kind === 'guidance_preview') {
      return updateGuidanceDraft(ctx, state, { file: { kind: 'document', fileId: document.file_id, fileName: document.file_name ?? null }, body: ctx.message.caption });
    }
    return attachFile(ctx, { kind: 'document', fileId: document.file_id, fileName: document.file_name ?? null, fileSize: document.file_size ?? null, caption: ctx.message.caption ?? null, mediaGroupId: ctx.message.media_group_id ?? null });
  });


  // Stickers, voice...: not understood, so point to the buttons.
  bot.on('message', (ctx) => showMenu(ctx));

  return bot;
}

async function handleButton(ctx: BotContext, action: Exclude<CallbackAction, { kind: 'guidance_ack' | 'feedback_ack' }>): Promise<void> {
  switch (action.kind) {
    case 'menu':
      switch (action.item) {
        case 'report':
          return startReport(ctx);
        case 'history':
          return showHistory(ctx);
        case 'guidance':
          return composeGuidance(ctx);
        case 'propose':
          return startProposal(ctx);
        case 'threads':
          return openThreads(ctx);
      }
      return;
    case 'report_start':
      return startReport(ctx, action.periodId);
    case 'report_action':
      switch (action.action) {
        case 'submit':
          return submit(ctx, action.reportId);
        case 'view':
          return showReport(ctx, action.reportId);
        case 'amend':
          return startAmending(ctx, action.reportId);
        case 'finish':
          return finishAmending(ctx, action.reportId);
        default:
          return onReportNavigation(ctx, await conversationOf(ctx), action.reportId, action.action);
      }
    case 'report_field':
      return onFieldButton(ctx, await conversationOf(ctx), action);
    case 'report_pick':
      return onPickButton(ctx, await conversationOf(ctx), action);
    case 'report_conflict':
      return onConflictButton(ctx, await conversationOf(ctx), action);
    case 'report_file':
      return removeReportFile(ctx, action.attachmentId, action.action === 'album');
    case 'report_files':
      return chooseFileToRemove(ctx, action.reportId);
    case 'feedback':
      return startFeedback(ctx, action.reportId, action.feedback);
    case 'feedback_target':
      return startComment(ctx, action.reportId, action.key);
    case 'thread_period':
      return chooseThreadPeriod(ctx, action.periodId);
    case 'thread_view':
      return showThread(ctx, action.periodId, action.unitId);
    case 'thread_write':
      return startWriting(ctx, action.side, action.periodId, action.unitId);
    case 'thread_reply_feedback':
      return replyToFeedback(ctx, action.feedbackId);
    case 'thread_reply':
      return replyToMessage(ctx, action.messageId);
    case 'guidance_track':
      if (action.action === 'resend') return resendGuidance(ctx, action.guidanceId);
      return showAckGrid(ctx, action.guidanceId, { edit: action.action === 'regrid' });
    case 'guidance_list':
      return showGuidanceHistory(ctx);
    case 'share_fields':
      return chooseAnswerToShare(ctx, action.reportId);
    case 'share_preview':
      return previewShare(ctx, action.reportId, action.key);
    case 'share_send':
      return sendShare(ctx, await conversationOf(ctx));
    case 'dismiss':
      await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
      return void (await ctx.reply(vi.dismissed));
    case 'guidance':
      switch (action.action) {
        case 'send':
          return sendGuidance(ctx, await conversationOf(ctx));
        case 'cancel':
          // A "Hủy" sent before prompts named themselves.
          return cancelPrompt(ctx, await conversationOf(ctx));
        case 'pick':
          return chooseGuidanceUnits(ctx, await conversationOf(ctx), 'open');
        case 'pickall':
          return chooseGuidanceUnits(ctx, await conversationOf(ctx), 'all');
        case 'pickok':
          return confirmGuidanceUnits(ctx, await conversationOf(ctx));
        case 'nofile':
          return removeGuidanceFile(ctx, await conversationOf(ctx));
      }
      return;
    case 'guidance_unit':
      return chooseGuidanceUnits(ctx, await conversationOf(ctx), { unitId: action.unitId });
  }
}

async function conversationOf(ctx: BotContext) {
  return (await getConversation(ctx.deps.db, ctx.actor!.person.id))?.state;
}
