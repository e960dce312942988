import { describe, expect, it } from 'vitest';
import { harnessPerTest } from '../support/harness.js';

describe('the bot keeps going when things fail', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });

  it('apologises in Vietnamese when a handler fails, then serves the next message', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    h.emu.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, { chatId: 201 });
    expect((await lan.say('/baocao')).text).toContain('Xin lỗi, bot gặp sự cố');
    expect((await lan.say('/baocao', 'Câu 1/3')).text).toContain('Số hội viên mới kết nạp');
  });

  it('carries out a tap even when Telegram says it is too old to answer', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    h.emu.failNext('answerCallbackQuery', {
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    expect((await lan.press('Làm báo cáo', 'Câu 1/3')).text).toContain('Số hội viên mới kết nạp');
    expect(lan.messages().some((m) => m.text.includes('Xin lỗi'))).toBe(false);
  });

  it('keeps polling after Telegram answers getUpdates with errors', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    h.emu.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' });
    h.emu.failNext('getUpdates', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    // telegraf waits retry_after (1 s) on 429 and 5 s on a 5xx before polling again.
    const help = h.emu.waitForMessage(201, (m) => m.text.includes('Hướng dẫn'), { timeoutMs: 12_000 });
    h.emu.sendText(lan.user, '/huongdan');
    expect((await help).text).toContain('/baocao');
  });

  it('understands only text in a report and points elsewhere to the buttons', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    h.emu.pushUpdate({
      message: {
        message_id: 900,
        date: 0,
        chat: { id: 201, type: 'private' },
        from: lan.user,
        sticker: {
          file_id: 'x',
          file_unique_id: 'x',
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      },
    });
    const reply = await lan.waitFor('Xin đồng chí chọn việc cần làm');
    expect(lan.buttons(reply)).toContain('📝 Làm báo cáo');
  });
});
