import { Telegraf } from 'telegraf';
import { vi } from '../i18n/vi.js';
import type { ServiceDeps } from '../services/deps.js';
import { answerTap } from './reply.js';
import { fitOutgoing } from './outgoing.js';
import { sequentializeByChat } from './sequentialize.js';
import { cleanIncomingUpdate } from './clean-input.js';
import { handleEachUpdateOnce } from './once.js';
import { answerMessagelessTaps } from './messageless-tap.js';
import { isQuietFailure } from './reply-guard.js';
import { throttleFloods } from './throttle.js';
import { promptRouter } from './prompts.js';
import { features, strangerFeatures } from './features/index.js';
import { showMenu } from './features/help.js';
import type { BotContext } from './context.js';

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
  const bot = new Telegraf<BotContext>(
    options.token,
    options.apiRoot ? { telegram: { apiRoot: options.apiRoot } } : {},
  );
  bot.context.deps = deps;

  // A failing handler must never stop polling: apologise, log the details, go on.
  bot.catch(async (error, ctx) => {
    // A reply the person's side refused (blocked, rate-limited, flooding): not our fault, no apology.
    if (isQuietFailure(error)) {
      deps.log.warn('reply not delivered', {
        reason: error.reason,
        error: error.message,
        updateId: ctx.update.update_id,
        from: ctx.from?.id,
      });
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
    return next();
  });

  // An update delivered again after a restart (same update_id) is not handled twice; the same
  // statement reads who sent it (ctx.actor) and, when the prompt router reads it first, their open prompt.
  bot.use(handleEachUpdateOnce());

  // /start with an invite code: strangers may use it (features/onboarding.ts).
  for (const feature of strangerFeatures) bot.use(feature.composer);

  // Everything below needs a registered person; strangers get one short explanation.
  bot.use(async (ctx, next) => {
    if (ctx.actor) return next();
    if (ctx.callbackQuery) await answerTap(ctx, vi.stranger.split('\n')[0]);
    else if (ctx.message) await ctx.reply(vi.stranger);
  });

  // Each user task's handlers, buttons and prompts (src/bot/features/): what a person types or
  // sends while a prompt is open goes to that prompt first.
  bot.use(promptRouter([...strangerFeatures, ...features], showMenu).composer);
  for (const feature of features) bot.use(feature.composer);

  // A button no feature reads: an old or forged one.
  bot.on('callback_query', async (ctx) => {
    deps.log.warn('unknown button data', { data: 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined });
    await answerTap(ctx, vi.staleButton);
  });
  // Text with no prompt open, unknown commands, stickers, voice...: point to the buttons.
  bot.on('message', (ctx) => showMenu(ctx));

  return bot;
}
