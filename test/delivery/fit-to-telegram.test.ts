import { describe, expect, it } from 'vitest';
import { fileMessage, fitToTelegram, textMessage } from '../../src/delivery/outbox.js';
import { parseTelegramHtml } from '../emulator/telegram-rules.js';

const to = { chatId: 201, personId: 7, clusterId: 1 };
const button = { reply_markup: { inline_keyboard: [[{ text: '👍 Đã nhận', callback_data: 'gd:ack:5' }]] } };
const options = { batchId: 3, dedupeKey: 'guidance:5:3', expiresAt: new Date('2026-11-22T14:00:00Z') };
const long = (n: number) =>
  Array.from({ length: n }, (_, i) => `• <b>Dòng ${i}</b>: A &amp; B &lt;C&gt; ${'chữ '.repeat(20)}`).join('\n');

describe('a queued message cut to fit Telegram', () => {
  it('leaves a message that fits alone', () => {
    const message = textMessage(to, 'Họp lúc 8 giờ.', button, options);
    expect(fitToTelegram(message)).toEqual([message]);
  });

  it('makes a long text several rows, in order, the buttons under the last, each with its own dedupe key', () => {
    const rows = fitToTelegram(textMessage(to, long(200), button, options));
    expect(rows.length).toBeGreaterThan(2);
    for (const [i, row] of rows.entries()) {
      const last = i === rows.length - 1;
      expect(row).toMatchObject({
        chatId: 201,
        personId: 7,
        clusterId: 1,
        batchId: 3,
        expiresAt: options.expiresAt,
        method: 'sendMessage',
        payload: { parse_mode: 'HTML' },
      });
      expect(parseTelegramHtml(row.payload.text as string).length).toBeLessThanOrEqual(4096);
      expect(row.dedupeKey).toBe(last ? 'guidance:5:3' : `guidance:5:3:part${i + 1}`);
      expect('reply_markup' in row.payload).toBe(last);
    }
    expect(rows.map((r) => r.payload.text).join('\n')).toBe(long(200));
  });

  it('keeps the first part of a long caption with the file, and sends the rest as text with the buttons', () => {
    const caption = long(20);
    const rows = fitToTelegram(fileMessage(to, { kind: 'photo', fileId: 'PH-1' }, caption, button, options));
    expect(rows.map((r) => r.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(rows[0]!.payload).toMatchObject({ photo: 'PH-1', parse_mode: 'HTML' });
    expect(rows[0]!.payload).not.toHaveProperty('reply_markup');
    expect(parseTelegramHtml(rows[0]!.payload.caption as string).length).toBeLessThanOrEqual(1024);
    expect(rows[1]!.payload).toMatchObject(button);
    expect(`${rows[0]!.payload.caption}\n${rows[1]!.payload.text}`).toBe(caption);
  });
});
