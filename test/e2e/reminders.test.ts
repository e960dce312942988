import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { startHarness, type Harness, type TestUser, harnessPerTest } from '../support/harness.js';

const reminderCount = (user: TestUser) => user.messages().filter((m) => m.text.includes('🔔')).length;

describe('scheduled reminders', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  const minh = perTest(() => h.join(202, 'Minh', 'TBH'));

  it('sends nothing before the first reminder time', async () => {
    h.clock.set('2026-11-22T07:59:00+07:00');
    expect(await h.app.dispatchReminders()).toEqual({ claimed: 0, renudged: 0 });
  });

  it('sends a slot once even when it fires twice, at once or after a restart', async () => {
    h.clock.set('2026-11-22T08:00:00+07:00');
    const [first, second] = await Promise.all([h.app.dispatchReminders(), h.app.dispatchReminders()]);
    expect(first.claimed + second.claimed).toBe(2);
    expect((await h.app.dispatchReminders()).claimed).toBe(0);
    await h.app.idle();
    await h.restart();
    h.clock.set('2026-11-22T08:01:00+07:00');
    expect((await h.app.dispatchReminders()).claimed).toBe(0);
    expect(reminderCount(lan)).toBe(1);
    expect(reminderCount(minh)).toBe(1);
    const claims = await h.db
      .selectFrom('reminder_sends as r')
      .innerJoin('outbox as o', 'o.id', 'r.outbox_id')
      .select(['r.step', 'o.status'])
      .execute();
    expect(claims).toEqual([
      { step: 'truoc-3-ngay', status: 'sent' },
      { step: 'truoc-3-ngay', status: 'sent' },
    ]);
  });

  it('sends nothing twice with two dispatchers on one Postgres (two processes)', async (context) => {
    if (!h.database.reopen) return context.skip();
    const second = await h.database.reopen();
    try {
      const { Telegram } = await import('telegraf');
      const { dispatchDueReminders } = await import('../../src/reminders/dispatcher.js');
      const { startSender } = await import('../../src/delivery/sender.js');
      const { silentLogger } = await import('../../src/log.js');
      const telegram = new Telegram(h.emu.token, { apiRoot: h.emu.apiRoot });
      const outbox = startSender({ db: second.db, telegram, clock: h.clock, log: silentLogger, pollMs: 50 });
      h.clock.set('2026-11-22T08:00:00+07:00');
      const other = () => dispatchDueReminders({ db: second.db, clock: h.clock, log: silentLogger, outbox });
      const results = await Promise.all([h.app.dispatchReminders(), other(), h.app.dispatchReminders(), other()]);
      expect(results.reduce((n, r) => n + r.claimed, 0)).toBe(2);
      await h.app.idle();
      await outbox.stop();
      expect(reminderCount(lan)).toBe(1);
      expect(reminderCount(minh)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('lets the leader remind the missing units now, at most once an hour, never at night', async () => {
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    h.clock.set('2026-11-23T14:10:00+07:00');
    await leader.say('/trangthai', 'Đã nộp');
    expect((await leader.press('Nhắc ngay', 'Đã nhắc')).text).toBe('Đã nhắc 3 đơn vị chưa nộp (3 người).');
    await h.app.idle();
    expect([reminderCount(lan), reminderCount(minh)]).toEqual([1, 1]);
    expect((await leader.press('Nhắc ngay', 'trong giờ này')).text).toContain(
      'Có thể nhắc lại từ 15:00 ngày 23/11/2026',
    );
    h.clock.set('2026-11-23T15:00:00+07:00');
    await leader.press('Nhắc ngay', 'Đã nhắc');
    await h.app.idle();
    expect([reminderCount(lan), reminderCount(minh)]).toEqual([2, 2]);
    h.clock.set('2026-11-23T22:00:00+07:00');
    expect((await leader.press('Nhắc ngay', 'giờ nghỉ')).text).toContain('Xin thử lại sau 07:00');
    // A contact cannot use the leader's button.
    const forged = h.emu.waitForMessage(201, () => true);
    h.emu.pressButton(lan.user, lan.messages().at(-1)!.message_id, leader.findButton('Nhắc ngay').data);
    expect((await forged).text).toContain('chỉ dành cho Cụm trưởng');
  });

  it('stops reminding a unit once it has submitted, and words the overdue reminder', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('3', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');

    h.clock.set('2026-11-25T08:00:00+07:00');
    await h.app.dispatchReminders();
    expect((await minh.waitFor('🔔', { includeExisting: true })).text).toContain(
      'Hôm nay là hạn nộp (17:00 ngày 25/11/2026)',
    );
    h.clock.set('2026-11-26T08:30:00+07:00');
    await h.app.dispatchReminders();
    expect(minh.messages().at(-1)!.text).toContain('Đã quá hạn nộp');
    expect(reminderCount(lan)).toBe(0);
    expect(reminderCount(minh)).toBe(2);
  });

  it('never reminds at night; a slot missed while down is sent once next morning', async () => {
    h.clock.set('2026-11-22T21:30:00+07:00');
    expect((await h.app.dispatchReminders()).claimed).toBe(0);
    h.clock.set('2026-11-25T06:59:00+07:00');
    expect((await h.app.dispatchReminders()).claimed).toBe(0);
    h.clock.set('2026-11-25T07:00:00+07:00');
    // Only the latest due slot goes out: no burst of stale reminders.
    expect((await h.app.dispatchReminders()).claimed).toBe(2);
    expect(reminderCount(lan)).toBe(1);
    expect(lan.messages().at(-1)!.text).toContain('Hôm nay là hạn nộp');
  });

  it('waits out a 429 and records a contact who blocked the bot', async () => {
    h.emu.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      { chatId: 201 },
    );
    h.emu.blockUser(202);
    h.clock.set('2026-11-22T08:00:00+07:00');
    const started = Date.now();
    expect(await h.app.dispatchReminders()).toEqual({ claimed: 2, renudged: 0 });
    expect(reminderCount(lan)).toBe(1);
    // The 429 said "retry after 1 s": the second try came no sooner.
    const tries = h.emu
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === 201 && String(c.params.text).includes('🔔'));
    expect(tries.map((c) => c.ok)).toEqual([false, true]);
    expect(tries[1]!.at.getTime() - tries[0]!.at.getTime()).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const outcomes = await h.db
      .selectFrom('reminder_sends as r')
      .innerJoin('outbox as o', 'o.id', 'r.outbox_id')
      .select(['o.chat_id', 'o.status', 'o.error'])
      .orderBy('o.chat_id')
      .execute();
    expect(outcomes.map((o) => [o.chat_id, o.status])).toEqual([
      [201, 'sent'],
      [202, 'failed'],
    ]);
    expect(outcomes[1]!.error).toContain('blocked');
  });

  it('opens the right report from the reminder button', async () => {
    h.clock.set('2026-11-22T08:00:00+07:00');
    await h.app.dispatchReminders();
    await lan.waitFor('🔔', { includeExisting: true });
    await lan.press('Làm báo cáo', 'Câu 1/3');
    expect(
      lan
        .messages()
        .some((m) => m.text.includes('Báo cáo tháng 11/2026') && m.text.includes('Hạn nộp: 17:00 ngày 25/11/2026')),
    ).toBe(true);
    // A month later the old reminder's button no longer opens November.
    h.clock.set('2026-12-02T09:00:00+07:00');
    expect((await lan.press('Làm báo cáo')).text).toContain('Kỳ báo cáo này đã kết thúc');
  });
});

describe('the default reminder ladder over a month', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    // The fixture cluster, with no `reminders:` so the default ladder applies.
    const { readFile, writeFile, mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { FIXTURE_CONFIG } = await import('../support/harness.js');
    const text = (await readFile(FIXTURE_CONFIG, 'utf8')).replace(/ {4}reminders:\n( {6}- .*\n)+/, '');
    dir = await mkdtemp(join(tmpdir(), 'ladder-'));
    await writeFile(join(dir, 'cluster.yaml'), text);
    h = await startHarness({ now: '2026-11-01T07:00:00+07:00', configPath: join(dir, 'cluster.yaml') });
  });
  afterEach(async () => {
    await h.close();
    const { rm } = await import('node:fs/promises');
    await rm(dir, { recursive: true, force: true });
  });

  it('lets another contact take the early reminders', async () => {
    await h.join(201, 'Lan', 'HYN');
    const hoa = await h.join(202, 'Hoa', 'HYN');
    await hoa.say('/huongdan', 'Hướng dẫn');
    expect((await hoa.press('Tôi nhận nhắc sớm', 'Từ nay đồng chí nhận')).text).toContain('Hội CCB tỉnh Hưng Yên');
    h.clock.set('2026-11-01T08:00:00+07:00');
    await h.app.dispatchReminders();
    const sends = await h.db
      .selectFrom('reminder_sends')
      .innerJoin('people', 'people.id', 'reminder_sends.person_id')
      .select('people.telegram_user_id')
      .execute();
    expect(sends.map((s) => s.telegram_user_id)).toEqual([202]);
  });

  it('reminds the primary contact early, everyone at the deadline, and keeps the leader informed', async () => {
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await h.join(201, 'Lan', 'HYN'); // primary of Hưng Yên: first to join
    const hoa = await h.join(202, 'Hoa', 'HYN');
    const minh = await h.join(203, 'Minh', 'TBH');
    const reminders = (u: TestUser) => u.messages().filter((m) => m.text.includes('🔔')).length;

    // Walk the month minute by minute at the moments that matter, twice each: nothing doubles.
    const at = async (iso: string) => {
      h.clock.set(`${iso}+07:00`);
      await h.app.dispatchReminders();
      await h.app.dispatchReminders();
    };
    await at('2026-11-01T08:00:00'); // opening: primary contacts only
    expect([reminders(lan), reminders(hoa), reminders(minh), reminders(leader)]).toEqual([1, 0, 1, 1]);
    await at('2026-11-22T08:00:00'); // 3 days before
    await at('2026-11-24T08:00:00'); // 1 day before
    expect([reminders(lan), reminders(hoa), reminders(minh)]).toEqual([3, 0, 3]);

    // Minh's unit submits; it hears nothing more.
    await minh.say('/baocao', 'Câu 1/3');
    await minh.say('3', 'Câu 2/3');
    await minh.press('Bỏ qua', 'Câu 3/3');
    await minh.say('Tốt', 'Xin kiểm tra lại');
    await minh.press('Gửi báo cáo', 'Đã gửi');

    await at('2026-11-25T07:30:00'); // the deadline morning: everyone
    expect([reminders(lan), reminders(hoa), reminders(minh)]).toEqual([4, 1, 3]);
    await at('2026-11-25T22:00:00'); // the digest would be due, but it is night
    expect(leader.messages().some((m) => m.text.includes('📋'))).toBe(false);
    await at('2026-11-26T07:00:00'); // morning after: the leader's digest
    const digest = leader.messages().find((m) => m.text.includes('📋'))!;
    expect(digest.text).toContain('Đã nộp 1/3 đơn vị.');
    expect(digest.text).toContain('• Hội CCB tỉnh Hưng Yên');
    expect(digest.text).not.toContain('• Hội CCB tỉnh Thái Bình');
    await at('2026-11-26T08:00:00'); // +1 day
    await at('2026-11-27T08:00:00'); // +2 days: escalation noted to the leader
    expect([reminders(lan), reminders(hoa), reminders(minh)]).toEqual([6, 3, 3]);
    const note = leader.messages().find((m) => m.text.includes('⏰'))!;
    expect(note.text).toContain('còn 2 đơn vị chưa nộp');
    // Each (unit, person, step) once.
    const sends = await h.db.selectFrom('reminder_sends').select(['unit_id', 'person_id', 'step']).execute();
    expect(new Set(sends.map((r) => `${r.unit_id}/${r.person_id}/${r.step}`)).size).toBe(sends.length);
  });
});
