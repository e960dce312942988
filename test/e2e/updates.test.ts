import { describe, expect, it, vi } from 'vitest';
import { claimUpdate } from '../../src/store/updates.js';
import { harnessPerTest } from '../support/harness.js';

/** The answers of the person's report, as the review lists them. */
const answerOf = (review: string, label: string) => new RegExp(`${label}: ([^\\n]*)`).exec(review)?.[1];

describe('an update delivered again (same update_id) is handled once', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });

  it('ignores an answer delivered again after a restart: "12" for question 1 does not become the answer to question 2', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    const next = lan.waitFor('Câu 2/3');
    const typed = h.emu.sendText(lan.user, '12');
    await next;
    // The bot stops before confirming the batch; Telegram sends the same update again.
    await h.restart();
    h.emu.redeliver(typed);
    // Lan's next tap is handled after the duplicate (one chat is handled in order).
    await lan.press('Bỏ qua', 'Câu 3/3');
    const review = await lan.say('Tốt', 'Xin kiểm tra lại');
    expect(answerOf(review.text, 'Số hội viên mới kết nạp')).toBe('12 người');
    expect(answerOf(review.text, 'Vốn hỗ trợ')).toBe('(bỏ qua)');
    expect(lan.messages().filter((m) => m.text.includes('Câu 2/3'))).toHaveLength(1);
    expect(lan.messages().filter((m) => m.text.includes('Câu 3/3'))).toHaveLength(1);
  });

  it('ignores a button tap and a command delivered again after restarts', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('7', 'Câu 2/3');
    const skipped = lan.waitFor('Câu 3/3');
    const { message, data } = lan.findButton('Bỏ qua');
    const tap = h.emu.pressButton(lan.user, message.message_id, data);
    await skipped;
    await h.restart();
    h.emu.redeliver(tap);
    const review = await lan.say('Tốt', 'Xin kiểm tra lại');
    // A second "Bỏ qua" would have skipped question 3 and the review would list it skipped.
    expect(answerOf(review.text, 'Kết quả nổi bật')).toBe('Tốt');
    await lan.press('Gửi báo cáo', 'Đã gửi');
    const help = lan.waitFor('Hướng dẫn');
    const command = h.emu.sendText(lan.user, '/huongdan');
    await help;
    await h.restart();
    h.emu.redeliver(command);
    h.emu.redeliver(command);
    await lan.say('/trangthai');
    expect(lan.messages().filter((m) => m.text.includes('Hướng dẫn sử dụng'))).toHaveLength(1);
  });

  it('does not run again what the bot was handling when it stopped, and tells the person to check', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    // The process began handling "12" (claimed it), then ended before finishing.
    await h.app.stop();
    const typed = h.emu.sendText(lan.user, '12');
    expect(await claimUpdate(h.db, typed, h.clock.now())).toBe('new');
    await h.restart();
    const told = await lan.waitFor('Bot vừa khởi động lại');
    expect(told.text).toContain('Xin đồng chí kiểm tra lại và làm lại nếu cần');
    // Nothing of it was applied twice: the question is still question 1, and "12" answers it now.
    expect(await lan.say('12', 'Câu 2/3')).toBeTruthy();
  });

  it('does not tell a stranger anything about an update delivered again', async () => {
    const stranger = h.person(555, 'Ai');
    const first = await stranger.say('xin chào', 'Bot chỉ dành cho');
    await h.app.stop();
    const again = h.emu.sendText(stranger.user, 'xin chào');
    await claimUpdate(h.db, again, h.clock.now());
    await h.restart();
    await stranger.say('còn ai không', 'Bot chỉ dành cho');
    expect(stranger.messages().map((m) => m.text)).toEqual([first.text, first.text]);
  });

  it('forgets the ids it has seen after two days', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/huongdan', 'Hướng dẫn');
    const seen = async () =>
      (await h.db.selectFrom('handled_updates').select('update_id').execute()).map((r) => Number(r.update_id));
    expect((await seen()).length).toBe(2);
    h.clock.set('2026-11-23T10:00:00+07:00');
    const latest = h.emu.sendText(lan.user, '/huongdan');
    await vi.waitFor(async () => expect(await seen()).toEqual([latest]), { timeout: 10_000 });
  });
});
