import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { Logger } from '../log.js';

type SendExtra = Parameters<Telegram['sendMessage']>[2];

export type SendFailure = 'blocked' | 'not_found' | 'other';
export type SendResult = { ok: true; messageId: number } | { ok: false; failure: SendFailure; description: string };

export interface SendOptions {
  log: Logger;
  /** Longest retry_after we are willing to wait inline; longer waits fail the send (the queue of a later issue retries). */
  maxWaitSeconds?: number;
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends one message, honouring 429 retry_after and retrying 5xx a few times.
 * Never throws for Telegram's answers: the caller records the outcome.
 */
export async function sendMessage(telegram: Telegram, chatId: number, text: string, extra: SendExtra, options: SendOptions): Promise<SendResult> {
  const { log, maxWaitSeconds = 30, attempts = 3, sleep = defaultSleep } = options;
  let last: SendResult = { ok: false, failure: 'other', description: 'not attempted' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const message = await telegram.sendMessage(chatId, text, { parse_mode: 'HTML', ...extra });
      return { ok: true, messageId: message.message_id };
    } catch (error) {
      if (!(error instanceof TelegramError)) {
        // A network error or timeout: the message may or may not have arrived. Sending again
        // could duplicate it, so report it instead of retrying blindly.
        log.warn('send failed without an answer from Telegram', { chatId, error });
        return { ok: false, failure: 'other', description: error instanceof Error ? error.message : String(error) };
      }
      const { error_code: code, description, parameters } = error.response;
      last = { ok: false, failure: classify(code, description), description };
      if (code === 429) {
        const wait = parameters?.retry_after ?? 1;
        if (wait > maxWaitSeconds) break;
        log.warn('rate limited by Telegram, waiting', { chatId, retryAfter: wait });
        await sleep(wait * 1000);
      } else if (code >= 500) {
        await sleep(500 * 2 ** (attempt - 1));
      } else {
        break;
      }
    }
  }
  log.warn('message not delivered', { chatId, ...last });
  return last;
}

function classify(code: number, description: string): SendFailure {
  if (code === 403) return 'blocked';
  if (code === 400 && /chat not found|user not found/i.test(description)) return 'not_found';
  return 'other';
}

export function isPermanent(failure: SendFailure): boolean {
  return failure === 'blocked' || failure === 'not_found';
}
