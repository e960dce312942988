import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { vi as text } from '../../src/i18n/vi.js';
import { type TestUser, harnessPerTest } from '../support/harness.js';

const BLOCKED = { error_code: 403, description: 'Forbidden: bot was blocked by the user' };
const DEACTIVATED = { error_code: 403, description: 'Forbidden: user is deactivated' };
const HELP = 'Hướng dẫn sử dụng';

/**
 * Errors the person did not cause, on the bot's direct replies: a refused reply is never
 * answered with an apology; the apology stays for the bot's own faults.
 */
describe("replies the person's side refuses", () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const hung = perTest(() => h.join(201, 'Hưng', 'HYN'));

  const reachable = async (person: TestUser) =>
    (
      await h.db
        .selectFrom('people')
        .select('reachable')
        .where('telegram_user_id', '=', person.id)
        .executeTakeFirstOrThrow()
    ).reachable;
  const sorry = (person: TestUser) => person.messages().filter((m) => m.text === text.sorry);
  const sendsTo = (person: TestUser) => h.emu.callsOf('sendMessage').filter((c) => c.params.chat_id === person.id);

  it('a 403 on a reply (blocked mid-conversation) marks the person unreachable and tells the leader once, without an apology', async () => {
    h.emu.failNext('sendMessage', BLOCKED, { chatId: hung.id });
    const before = sendsTo(hung).length;
    h.emu.sendText(hung.user, '/huongdan');
    const notice = await leader.waitFor('Không gửi được tin cho đồng chí Hưng (Hội CCB tỉnh Hưng Yên): đã chặn bot');
    expect(notice.text).toContain('Xin nhắc đồng chí ấy mở lại bot');
    expect(await reachable(hung)).toBe(false);
    await h.app.idle();
    expect(leader.messages().filter((m) => m.text.includes('Không gửi được tin cho đồng chí Hưng'))).toHaveLength(1);
    // Nothing more was tried: no apology into a chat that refuses everything.
    expect(
      sendsTo(hung)
        .slice(before)
        .map((c) => c.ok),
    ).toEqual([false]);
    // Once they write again they are reachable and answered as usual.
    await hung.say('/huongdan', HELP);
    expect(await reachable(hung)).toBe(true);
    expect(sorry(hung)).toEqual([]);
  });

  it('a reply refused with "user is deactivated" tells the leader of a deleted account, not a block', async () => {
    h.emu.failNext('sendMessage', DEACTIVATED, { chatId: hung.id });
    h.emu.sendText(hung.user, '/huongdan');
    const notice = await leader.waitFor('Tài khoản Telegram của đồng chí Hưng (Hội CCB tỉnh Hưng Yên) đã bị xoá');
    expect(notice.text).not.toContain('chặn bot');
    expect(await reachable(hung)).toBe(false);
  });

  it('guidance to a deleted account: the tally and the notice say the account was deleted', async () => {
    const tam = await h.join(202, 'Tâm', 'TBH');
    h.emu.failNext('sendMessage', DEACTIVATED, { chatId: tam.id });
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Họp cụm ngày 5/12.', 'Xem lại thông báo');
    const tally = await leader.press('✅ Gửi', 'Đã gửi thông báo tới');
    expect(tally.text).toBe(
      'Đã gửi thông báo tới 1/2 người.\nKhông gửi được:\n• Tâm (Hội CCB tỉnh Thái Bình): tài khoản Telegram đã bị xoá',
    );
    await leader.waitFor('Tài khoản Telegram của đồng chí Tâm (Hội CCB tỉnh Thái Bình) đã bị xoá', {
      includeExisting: true,
    });
  });

  it('a 429 on a reply is waited out and the reply arrives; one asking for an hour drops the reply; never an apology', async () => {
    h.emu.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      { chatId: hung.id, times: 2 },
    );
    const before = sendsTo(hung).length;
    await hung.say('/huongdan', HELP);
    const tries = sendsTo(hung).slice(before);
    expect(tries.map((c) => c.ok)).toEqual([false, false, true]);
    expect(tries[2]!.at.getTime() - tries[0]!.at.getTime()).toBeGreaterThanOrEqual(2000);

    h.emu.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 3600', parameters: { retry_after: 3600 } },
      { chatId: hung.id },
    );
    h.emu.sendText(hung.user, '/huongdan');
    await h.emu.waitFor(() =>
      sendsTo(hung).some(
        (c) => !c.ok && (c.response as { parameters?: { retry_after?: number } }).parameters?.retry_after === 3600,
      ),
    );
    await hung.say('/huongdan', HELP);
    // Two answered of three asked: the refused one was dropped, not apologised for.
    expect(hung.messages().filter((m) => m.text.includes(HELP))).toHaveLength(2);
    expect(sorry(hung)).toEqual([]);
    expect(await reachable(hung)).toBe(true);
  });

  it('a reply whose kept-alive connection the server had closed ("socket hang up") is sent again and arrives once', async () => {
    h.emu.resetNextReusedConnection('sendMessage');
    await hung.say('/huongdan', HELP);
    expect(h.emu.resets).toBe(1);
    expect(hung.messages().filter((m) => m.text.includes(HELP))).toHaveLength(1);
    expect(sorry(hung)).toEqual([]);
    // Also for an edit (a tap that changes a list in place) and an answer to a tap.
    h.emu.resetNextReusedConnection('answerCallbackQuery');
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Họp cụm ngày 5/12.', 'Xem lại thông báo');
    await leader.press('✅ Gửi', 'Đang gửi thông báo');
    await h.emu.waitFor(() => h.emu.resets === 2 || undefined);
    expect(h.emu.callsOf('answerCallbackQuery').filter((c) => c.ok).length).toBeGreaterThan(0);
    expect(sorry(leader)).toEqual([]);
  });

  it('a person flooding the bot (200 messages in 2 s) gets a bounded number of replies and one notice; what they sent is still taken', async () => {
    h.emu.enforceRateLimits();
    await hung.say('/baocao', 'Câu 1/3');
    const before = hung.messages().length;
    // Words the first question cannot take, then the answer, last: handled silently, but handled.
    for (let i = 0; i < 199; i++) {
      h.emu.sendText(hung.user, `tin rác ${i}`);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    h.emu.sendText(hung.user, '12');
    await h.emu.waitFor(() => (h.emu.pendingUpdates === 0 && h.emu.pollPending) || undefined, { timeoutMs: 60_000 });
    const replies = hung.messages().slice(before);
    expect(replies.filter((m) => m.text === text.tooFast)).toHaveLength(1);
    // Answered: what came before the flood was seen (the first polls, the first dozen waiting), not 200.
    expect(replies.length).toBeLessThanOrEqual(30);
    expect(sorry(hung)).toEqual([]);
    const report = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect(report.answers).toMatchObject({ hoi_vien_moi: 12 });
    // Telegram refused few of them, and those were waited out.
    expect(h.emu.rateLimitedCalls().length).toBeLessThanOrEqual(replies.length);
  }, 90_000);
});
