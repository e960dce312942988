import type { Telegram } from 'telegraf';
import { MAX_CAPTION, splitMessage } from '../domain/telegram-limits.js';
import type { Logger } from '../log.js';

type Payload = Record<string, unknown>;
type CallApi = (method: string, payload: Payload, options?: object) => Promise<unknown>;

const CAPTIONED = new Set(['sendPhoto', 'sendDocument', 'sendVideo', 'sendAudio', 'sendAnimation', 'copyMessage']);

/**
 * Makes every direct call of this Telegram client (replies, edits, files) one Telegram accepts,
 * whatever the handler wrote (queued messages are cut when queued: outbox.fitToTelegram):
 * - text and captions are HTML unless the caller chose otherwise (the catalogue's messages are
 *   HTML, so "&amp;" never shows as such); a stray "&", "<" or ">" is escaped;
 * - a text over 4,096 characters (as Telegram counts them) goes as several messages, cut at line
 *   breaks, the buttons under the last; the call answers with the last message;
 * - an edit that would be too long is sent as new messages instead (the old one stays as it was);
 * - a caption over 1,024 characters keeps its first part; the rest follows as text messages,
 *   with the buttons.
 * Limits: src/domain/telegram-limits.ts. Patches the client in place and returns it.
 */
export function fitOutgoing(telegram: Telegram, log: Logger): Telegram {
  const original = telegram.callApi.bind(telegram) as unknown as CallApi;
  const call: CallApi = async (method, payload, options) => {
    if (method === 'sendMessage' || method === 'editMessageText') {
      const input = withHtml(payload, 'text');
      if (typeof input.text !== 'string') return original(method, input, options);
      const parts = splitMessage(input.text, { html: input.parse_mode === 'HTML' });
      if (parts.length <= 1)
        return original(method, parts[0] === undefined ? input : { ...input, text: parts[0] }, options);
      log.info('message too long for Telegram: sent in parts', { method, parts: parts.length });
      return sendTexts(original, input, parts, options);
    }
    if (CAPTIONED.has(method) && typeof payload.caption === 'string') {
      const input = withHtml(payload, 'caption');
      const html = input.parse_mode === 'HTML';
      const [caption, ...rest] = splitMessage(input.caption as string, { html, firstMax: MAX_CAPTION });
      if (rest.length === 0) return original(method, caption === undefined ? input : { ...input, caption }, options);
      log.info('caption too long for Telegram: the rest follows as text', { method, parts: rest.length });
      const { reply_markup: markup, ...file } = input;
      await original(method, { ...file, caption }, options);
      return sendTexts(
        original,
        {
          chat_id: input.chat_id,
          ...(html ? { parse_mode: 'HTML' } : {}),
          ...(markup !== undefined ? { reply_markup: markup } : {}),
        },
        rest,
        options,
      );
    }
    return original(method, payload, options);
  };
  telegram.callApi = call as unknown as typeof telegram.callApi;
  return telegram;
}

/** Sends the parts in order as new messages; only the last carries the buttons. */
async function sendTexts(callApi: CallApi, input: Payload, parts: string[], options?: object): Promise<unknown> {
  const { reply_markup: markup, message_id: _edited, inline_message_id: _inline, text: _text, ...common } = input;
  let last: unknown;
  for (const [i, text] of parts.entries()) {
    const isLast = i === parts.length - 1;
    last = await callApi(
      'sendMessage',
      { ...common, text, ...(isLast && markup !== undefined ? { reply_markup: markup } : {}) },
      options,
    );
  }
  return last;
}

/** HTML unless the caller set a parse mode or entities of its own. */
function withHtml(payload: Payload, field: 'text' | 'caption'): Payload {
  const entities = field === 'text' ? payload.entities : payload.caption_entities;
  if (payload.parse_mode !== undefined || entities !== undefined) return payload;
  return { ...payload, parse_mode: 'HTML' };
}
