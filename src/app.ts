import { Telegram, type Telegraf } from 'telegraf';
import { setDefaultCommands } from './delivery/commands.js';
import type { BotContext } from './bot/context.js';
import type { ServiceDeps } from './services/deps.js';
import { createBot } from './bot/create-bot.js';
import type { Clock } from './clock.js';
import type { Db } from './db/connect.js';
import { StartupError } from './errors.js';
import { DEFAULT_PACE, startSender, type SenderOptions } from './delivery/sender.js';
import { createSendBudget } from './delivery/budget.js';
import { guardReplies } from './bot/reply-guard.js';
import { deliveryNotices } from './services/delivery-notices.js';
import { guidanceTally } from './services/guidance-queue.js';
import { revisionsTally } from './services/report-notices.js';
import type { Logger } from './log.js';
import { dispatchDueReminders, type DispatchSummary } from './reminders/dispatcher.js';
import { startReminderScheduler } from './reminders/scheduler.js';

export interface AppOptions {
  db: Db;
  token: string;
  apiRoot?: string;
  clock: Clock;
  log: Logger;
  /** Called if polling dies on its own (e.g. 409: another instance polls the same token). */
  onFatal?: (error: unknown) => void;
  /** Start the minute-by-minute reminder scheduler (tests drive dispatch by hand). */
  scheduleReminders?: boolean;
  /** Pace, retries and timeouts of the outbox sender (tests shorten them). */
  delivery?: Pick<SenderOptions, 'pace' | 'retry' | 'sendTimeoutMs' | 'pollMs' | 'onlyProcess'>;
}

export interface RunningApp {
  bot: Telegraf<BotContext>;
  botUsername: string;
  /** Runs one reminder pass now; what the scheduler calls every minute. */
  dispatchReminders(): Promise<DispatchSummary>;
  /** Resolves when the outbox holds nothing left to send. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the bot (long polling) and, unless told otherwise, the reminder scheduler. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { db, clock, log } = options;
  // The sender has its own client: its calls carry their own timeouts and never share the poll's.
  const telegram = new Telegram(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : {});
  // One budget for the outbox and the direct replies (and, through the database, other processes).
  const budget = createSendBudget({
    db,
    perSecond: options.delivery?.pace?.perSecond ?? DEFAULT_PACE.perSecond,
    onError: (error) => log.warn('send budget bookkeeping failed', { error }),
  });
  // What the leader hears when a broadcast is settled: each feature's tally, in turn.
  const notices = deliveryNotices([guidanceTally, revisionsTally]);
  const sender = startSender({ db, telegram, log, clock, hooks: notices, budget, ...options.delivery });
  const deps: ServiceDeps = {
    db,
    clock,
    log,
    outbox: sender,
  };
  // Direct replies share the outbox's budget and its handling of refusals (src/bot/reply-guard.ts).
  const guardTelegram = (client: Telegram) => guardReplies(client, { db, log, budget, outbox: sender, hooks: notices });
  const bot = createBot(deps, {
    token: options.token,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    guardTelegram,
  });
  guardTelegram(bot.telegram);

  try {
    bot.botInfo = await bot.telegram.getMe();
  } catch (error) {
    await sender.stop();
    const where = options.apiRoot ?? 'https://api.telegram.org';
    throw new StartupError(
      `Telegram (${where}) refused or did not answer getMe: ${error instanceof Error ? error.message : String(error)}. Check BOT_TOKEN and TELEGRAM_API_ROOT.`,
    );
  }
  await setDefaultCommands(bot.telegram).catch((error) =>
    log.warn('could not set the default command menu', { error }),
  );

  let stopped = false;
  let pollingEnded = false;
  // launch() settles only when polling ends, after the batch in hand has been handled.
  const polling = bot
    .launch({ dropPendingUpdates: false })
    .catch((error) => {
      if (stopped) return;
      log.error('polling stopped with an error', { error });
      options.onFatal?.(error);
    })
    .finally(() => (pollingEnded = true));
  log.info('bot started', { username: bot.botInfo.username });

  const dispatchReminders = () => dispatchDueReminders({ db, clock, log, outbox: sender });
  const scheduler = options.scheduleReminders === false ? undefined : startReminderScheduler(dispatchReminders, log);

  const idle = () => sender.drained();
  return {
    bot,
    botUsername: bot.botInfo.username,
    dispatchReminders,
    idle,
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler?.stop();
      await stopPolling(bot, () => pollingEnded);
      await polling;
      // Whatever is still queued stays in the database for the next start.
      await sender.stop();
    },
  };
}

/**
 * telegraf's stop() throws while launch() is still between getMe and its first
 * getUpdates ("Bot is not running!"): retry until polling has started or ended.
 */
async function stopPolling(bot: Telegraf<BotContext>, ended: () => boolean): Promise<void> {
  for (;;) {
    try {
      bot.stop('shutdown');
      return;
    } catch (error) {
      if (ended()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
