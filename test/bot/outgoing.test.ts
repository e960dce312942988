import { describe, expect, it } from 'vitest';
import type { Telegram } from 'telegraf';
import { fitOutgoing } from '../../src/bot/outgoing.js';
import { silentLogger } from '../../src/log.js';
import { parseTelegramHtml } from '../emulator/telegram-rules.js';

/** A client that records its calls and answers each with a message id. */
function recorder() {
  const calls: { method: string; payload: Record<string, unknown> }[] = [];
  const client = {
    callApi: async (method: string, payload: Record<string, unknown>) => {
      calls.push({ method, payload });
      return { message_id: calls.length };
    },
  };
  return { calls, telegram: fitOutgoing(client as unknown as Telegram, silentLogger) as unknown as typeof client };
}

const keyboard = { inline_keyboard: [[{ text: 'OK', callback_data: 'x' }]] };
const long = Array.from({ length: 120 }, (_, i) => `• <b>Dòng ${i}</b>: ${'chữ '.repeat(15)}A &amp; B`).join('\n');

describe('direct calls made to fit Telegram', () => {
  it('sends a text that fits as it is, as HTML unless told otherwise', async () => {
    const { calls, telegram } = recorder();
    await telegram.callApi('sendMessage', { chat_id: 1, text: 'A &amp; B' });
    await telegram.callApi('sendMessage', { chat_id: 1, text: 'A & B', parse_mode: 'MarkdownV2' });
    expect(calls).toEqual([
      { method: 'sendMessage', payload: { chat_id: 1, text: 'A &amp; B', parse_mode: 'HTML' } },
      { method: 'sendMessage', payload: { chat_id: 1, text: 'A & B', parse_mode: 'MarkdownV2' } },
    ]);
  });

  it('escapes a stray & < > rather than have the message refused', async () => {
    const { calls, telegram } = recorder();
    await telegram.callApi('sendMessage', { chat_id: 1, text: 'Hội A & <B>' });
    await telegram.callApi('sendMessage', { chat_id: 1, text: '<b>Hội</b> <i>A</i></b> <div>' });
    expect(calls.map((c) => c.payload.text)).toEqual([
      'Hội A &amp; &lt;B&gt;',
      '<b>Hội</b> <i>A</i>&lt;/b&gt; &lt;div&gt;',
    ]);
  });

  it('sends a long text as several messages, the buttons under the last, and answers with the last', async () => {
    const { calls, telegram } = recorder();
    const result = await telegram.callApi('sendMessage', { chat_id: 1, text: long, reply_markup: keyboard });
    expect(calls.length).toBeGreaterThan(1);
    expect(result).toEqual({ message_id: calls.length });
    for (const [i, call] of calls.entries()) {
      expect(call.method).toBe('sendMessage');
      expect(parseTelegramHtml(call.payload.text as string).length).toBeLessThanOrEqual(4096);
      expect('reply_markup' in call.payload).toBe(i === calls.length - 1);
    }
    expect(calls.map((c) => c.payload.text).join('\n')).toBe(long);
  });

  it('sends an edit that would be too long as new messages instead', async () => {
    const { calls, telegram } = recorder();
    await telegram.callApi('editMessageText', { chat_id: 1, message_id: 7, text: long, reply_markup: keyboard });
    expect(calls.every((c) => c.method === 'sendMessage' && !('message_id' in c.payload))).toBe(true);
    expect(calls.at(-1)!.payload.reply_markup).toEqual(keyboard);
  });

  it('keeps the first part of a long caption with the file and sends the rest as text, with the buttons', async () => {
    const { calls, telegram } = recorder();
    await telegram.callApi('sendPhoto', { chat_id: 1, photo: 'P', caption: long, reply_markup: keyboard });
    expect(calls[0]).toMatchObject({ method: 'sendPhoto', payload: { photo: 'P', parse_mode: 'HTML' } });
    expect(calls[0]!.payload).not.toHaveProperty('reply_markup');
    expect(parseTelegramHtml(calls[0]!.payload.caption as string).length).toBeLessThanOrEqual(1024);
    expect(calls.slice(1).every((c) => c.method === 'sendMessage')).toBe(true);
    expect(calls.at(-1)!.payload.reply_markup).toEqual(keyboard);
  });
});
