import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PACE } from '../../src/delivery/sender.js';
import { startHarness, type Harness, type TestUser } from '../support/harness.js';

const THIRTEEN_UNITS = fileURLToPath(new URL('../fixtures/cluster-13.yaml', import.meta.url));
const CODES = ['HPG', 'QNH', 'HDG', 'HYN', 'BNH', 'TBH', 'HNM', 'NBH', 'THA', 'VPC', 'BGG', 'PTO', 'LEAD'];
const MESSAGE_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageReplyMarkup',
]);

/** Keeps both cores of the machine busy (one busy-looping thread each) until stopped. */
function loadTheMachine(): () => Promise<void> {
  const workers = [0, 1].map(() => new Worker('for (;;) {}', { eval: true }));
  return async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
}

/**
 * Everything the bot sends shares one budget (30 a second, counted from when a request leaves
 * until a second after its answer), with Telegram's flood control enforced by the emulator.
 */
describe("the send budget under Telegram's flood limits", () => {
  let h: Harness;
  let unload: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await unload?.();
    unload = undefined;
    await h?.close();
  });

  async function broadcastToForty(options: { jitterMs: number; loaded: boolean }) {
    h = await startHarness({
      now: '2026-11-20T10:00:00+07:00',
      configPath: THIRTEEN_UNITS,
      delivery: { pace: DEFAULT_PACE, pollMs: 50, retry: { baseBackoffMs: 200 }, sendTimeoutMs: 15_000 },
    });
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const contacts: TestUser[] = [];
    // 13 units, three contacts each, and the leader: 40 people in all.
    for (const [u, code] of CODES.entries()) {
      for (let i = 0; i < 3; i++) contacts.push(await h.join(1000 + u * 10 + i, `Cán bộ ${u}-${i}`, code));
    }
    expect(contacts).toHaveLength(39);
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Đề nghị các đơn vị tổ chức sinh hoạt chính trị ngày 6/12.', 'Xem lại thông báo');

    h.emu.enforceRateLimits();
    h.emu.setJitter(options.jitterMs);
    if (options.loaded) unload = loadTheMachine();
    const from = h.emu.calls.length;
    const tally = h.emu.waitForMessage(leader.id, (m) => m.text.startsWith('Đã gửi thông báo tới'), {
      timeoutMs: 60_000,
    });
    h.emu.pressButton(leader.user, leader.findButton('✅ Gửi').message.message_id, leader.findButton('✅ Gửi').data);
    // Meanwhile ten people ask for help: direct replies draw on the same budget as the broadcast.
    const helped = contacts.slice(0, 10).map((c) => c.say('/huongdan', 'Hướng dẫn'));
    await Promise.all(helped);
    expect((await tally).text).toBe('Đã gửi thông báo tới 39/39 người.');
    await h.emu.waitFor(
      () => contacts.every((c) => c.messages().some((m) => m.text.includes('Thông báo của Cụm trưởng'))) || undefined,
      { timeoutMs: 30_000 },
    );
    expect(leader.messages().filter((m) => m.text.startsWith('Đang gửi thông báo'))).toHaveLength(1);
    await unload?.();
    unload = undefined;

    const sends = h.emu.calls.slice(from).filter((c) => MESSAGE_METHODS.has(c.method));
    const refused = sends.filter((c) => !c.ok && (c.response as { error_code?: number }).error_code === 429);
    // Each of the 39 got the guidance exactly once, whatever was refused on the way.
    for (const c of contacts)
      expect(c.messages().filter((m) => m.text.includes('Thông báo của Cụm trưởng'))).toHaveLength(1);
    expect(sends.length).toBeGreaterThanOrEqual(39 + 10 + 2);
    expect(
      refused.length,
      `429s: ${refused.map((c) => `${c.method}→${String(c.params.chat_id)}`).join(', ')}`,
    ).toBeLessThanOrEqual(Math.floor(sends.length * 0.01));
    return { sends };
  }

  it('guidance to 40 people in 13 units with 0–150 ms of network jitter: at most 1% refused, everyone gets it once', async () => {
    await broadcastToForty({ jitterMs: 150, loaded: false });
  }, 180_000);

  it('the same on a machine whose two cores are kept busy during the broadcast', async () => {
    await broadcastToForty({ jitterMs: 150, loaded: true });
  }, 180_000);
});
