import { Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Db } from '../../src/db/connect.js';
import { enqueue, textMessage } from '../../src/delivery/outbox.js';
import { startSender, type Sender, type SenderOptions } from '../../src/delivery/sender.js';
import { silentLogger } from '../../src/log.js';
import { TelegramEmulator } from '../emulator/telegram-emulator.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The outbox sender alone, against the Bot API emulator, on PGlite or the test Postgres. */
describe('the outbox sender', () => {
  let database: TestDatabase;
  let emu: TelegramEmulator;
  const senders: Sender[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    emu = await TelegramEmulator.start();
  });
  afterEach(async () => {
    for (const s of senders.splice(0)) await s.stop();
    await emu.stop();
    await database.close();
  });

  const start = (options: Partial<SenderOptions> = {}, db: Db = database.db) => {
    const sender = startSender({
      db,
      telegram: new Telegram(emu.token, { apiRoot: emu.apiRoot }),
      clock: systemClock,
      log: silentLogger,
      pollMs: 50,
      pace: { perSecond: 1000, chatIntervalMs: 0, groupIntervalMs: 0 },
      retry: { baseBackoffMs: 100 },
      ...options,
    });
    senders.push(sender);
    return sender;
  };
  const queue = (chatIds: number[], text: (chatId: number, i: number) => string) =>
    enqueue(
      database.db,
      chatIds.map((chatId, i) => textMessage({ chatId }, text(chatId, i))),
    );
  const sent = (chatId: number) => emu.messagesIn(chatId).map((m) => m.text);
  const rows = () => database.db.selectFrom('outbox').selectAll().orderBy('id').execute();

  it('sends 60 messages to 60 chats once each, never more than 20 in any second as Telegram sees them', async () => {
    const chats = Array.from({ length: 60 }, (_, i) => 1000 + i);
    await queue(chats, (chat) => `Tin cho ${chat}`);
    emu.setJitter(100);
    const sender = start({ pace: { perSecond: 20, chatIntervalMs: 1000, groupIntervalMs: 3000 } });
    await sender.drained();
    for (const chat of chats) expect(sent(chat)).toEqual([`Tin cho ${chat}`]);
    // When the emulator handled them, which is when Telegram counts them.
    const handled = emu
      .callsOf('sendMessage')
      .map((c) => c.at.getTime())
      .sort((a, b) => a - b);
    for (const [i, at] of handled.entries())
      expect(handled.filter((t) => t >= at && t < at + 1000).length, `window from send ${i}`).toBeLessThanOrEqual(20);
    expect(handled.at(-1)! - handled[0]!).toBeGreaterThanOrEqual(2000);
  });

  it("two senders on one database share one budget: 150 messages under Telegram's limits and jitter, none refused", async () => {
    const second = database.reopen ? await database.reopen() : undefined;
    try {
      emu.enforceRateLimits();
      emu.setJitter(150);
      const chats = Array.from({ length: 150 }, (_, i) => 3000 + i);
      await queue(chats, (chat) => `Tin ${chat}`);
      // Each sender has its own budget object (as two processes would); only the database joins them.
      const pace = { perSecond: 30, chatIntervalMs: 1000, groupIntervalMs: 3000 };
      const a = start({ pace });
      const b = start({ pace }, second?.db ?? database.db);
      await Promise.all([a.drained(30_000), b.drained(30_000)]);
      for (const chat of chats) expect(sent(chat)).toEqual([`Tin ${chat}`]);
      expect(emu.rateLimitedCalls()).toEqual([]);
      expect(new Set((await rows()).map((r) => r.claimed_by)).size).toBe(2);
    } finally {
      await second?.close();
    }
  }, 60_000);

  it('sends again, once, a message whose kept-alive connection the server had closed ("socket hang up")', async () => {
    await queue([1], () => 'Tin đầu');
    const sender = start();
    await sender.drained();
    // The next request on the now kept-alive connection is cut before Telegram reads it.
    emu.resetNextReusedConnection('sendMessage');
    await queue([2], () => 'Tin sau');
    sender.wake();
    await sender.drained();
    expect(emu.resets).toBe(1);
    expect(sent(2)).toEqual(['Tin sau']);
    expect((await rows())[1]).toMatchObject({ status: 'sent', attempts: 2, duplicate_risk: false });
  });

  it('records a deleted account ("user is deactivated") as such, not as a block', async () => {
    emu.failNext('sendMessage', { error_code: 403, description: 'Forbidden: user is deactivated' }, { chatId: 1 });
    emu.failNext(
      'sendMessage',
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { chatId: 2 },
    );
    await queue([1, 2], (chat) => `Tin ${chat}`);
    await start().drained();
    expect((await rows()).map((r) => r.failure)).toEqual(['deleted', 'blocked']);
  });

  it('keeps one chat in order, one message per interval', async () => {
    await queue([7, 7, 7, 7], (_, i) => `Tin số ${i + 1}`);
    await start({ pace: { perSecond: 30, chatIntervalMs: 300, groupIntervalMs: 900 } }).drained();
    expect(sent(7)).toEqual(['Tin số 1', 'Tin số 2', 'Tin số 3', 'Tin số 4']);
    const claims = (await rows()).map((r) => r.claimed_at!.getTime());
    for (let i = 1; i < claims.length; i++) expect(claims[i]! - claims[i - 1]!).toBeGreaterThanOrEqual(300);
  });

  it("counts a chat's gap from when a slow message was delivered, not from when it was sent off", async () => {
    emu.delayNext('sendMessage', 800);
    await queue([7, 7], (_, i) => `Tin số ${i + 1}`);
    await start({ pace: { perSecond: 30, chatIntervalMs: 1000, groupIntervalMs: 3000 } }).drained();
    const [first, second] = emu.callsOf('sendMessage').map((c) => c.at.getTime());
    expect(second! - first!).toBeGreaterThanOrEqual(950);
  });

  it('paces a group chat at 20 a minute (one per 3 s by default)', async () => {
    await queue([-500, -500], (_, i) => `Nhóm ${i + 1}`);
    await start({ pace: { perSecond: 30, chatIntervalMs: 1000, groupIntervalMs: 3000 } }).drained();
    const [first, second] = (await rows()).map((r) => r.claimed_at!.getTime());
    expect(second! - first!).toBeGreaterThanOrEqual(3000);
    expect(sent(-500)).toEqual(['Nhóm 1', 'Nhóm 2']);
  }, 15_000);

  it('waits retry_after on a 429 and then sends once; other chats go on meanwhile', async () => {
    emu.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } },
      { chatId: 1 },
    );
    await queue([1, 2], (chat) => `Tin ${chat}`);
    await start().drained();
    const calls = emu.callsOf('sendMessage');
    const toOne = calls.filter((c) => c.params.chat_id === 1);
    expect(toOne.map((c) => c.ok)).toEqual([false, true]);
    expect(toOne[1]!.at.getTime() - toOne[0]!.at.getTime()).toBeGreaterThanOrEqual(2000);
    expect(calls.find((c) => c.params.chat_id === 2)!.at.getTime()).toBeLessThan(toOne[1]!.at.getTime());
    expect(sent(1)).toEqual(['Tin 1']);
  });

  it('backs off on 5xx and delivers once; gives up when retrying has taken too long, and records why', async () => {
    emu.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, { chatId: 1, times: 2 });
    emu.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, { chatId: 2, times: 10 });
    await queue([1, 2], (chat) => `Tin ${chat}`);
    await start({ retry: { baseBackoffMs: 300, giveUpAfterMs: 1000 } }).drained();
    expect(sent(1)).toEqual(['Tin 1']);
    const toOne = emu
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === 1)
      .map((c) => c.at.getTime());
    expect(toOne).toHaveLength(3);
    expect(toOne[2]! - toOne[1]!).toBeGreaterThan(toOne[1]! - toOne[0]!);
    expect(sent(2)).toEqual([]);
    const [one, two] = await rows();
    expect(one).toMatchObject({ status: 'sent', attempts: 3 });
    expect(two).toMatchObject({ status: 'failed', failure: 'gave_up', error: '500: Internal Server Error' });
    expect(two!.attempts).toBeGreaterThanOrEqual(3);
    // Its last try came close to the 1 s limit (the decision is taken after the answer, past it).
    expect(two!.claimed_at!.getTime() - two!.created_at.getTime()).toBeGreaterThanOrEqual(800);
  });

  it('does not send again after a timeout: the doubt is recorded', async () => {
    emu.delayNext('sendMessage', 1500);
    await queue([1], () => 'Tin chậm');
    const sender = start({ sendTimeoutMs: 500 });
    await sender.drained();
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'uncertain', attempts: 1 });
    expect(row!.error).toContain('abort');
    // Telegram did deliver it, late.
    await emu.waitFor(() => sent(1).length === 1 || undefined, { timeoutMs: 3000 });
    // The sender then takes a later message to the same chat: the pass that claims it would
    // claim the doubtful one too if it were ever to be sent again. Stopping waits for every
    // send the sender started, so any second send has reached the emulator by then.
    await queue([1], () => 'Tin sau');
    await sender.drained();
    await sender.stop();
    expect(sent(1)).toEqual(['Tin chậm', 'Tin sau']);
    expect(emu.callsOf('sendMessage')).toHaveLength(2);
  });

  it('follows migrate_to_chat_id: the message and the chat move to the supergroup', async () => {
    const { id: personId } = await database.db
      .insertInto('people')
      .values({ telegram_user_id: 77, chat_id: -55, full_name: 'Nhóm Hưng Yên' })
      .returning('id')
      .executeTakeFirstOrThrow();
    emu.failNext(
      'sendMessage',
      {
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1009955 },
      },
      { chatId: -55 },
    );
    await enqueue(database.db, [textMessage({ chatId: -55, personId }, 'Gửi nhóm')]);
    await start().drained();
    expect(sent(-1009955)).toEqual(['Gửi nhóm']);
    const person = await database.db
      .selectFrom('people')
      .select('chat_id')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(person.chat_id).toBe(-1009955);
  });

  it('takes over what a dead sender held, sends it once more and flags it', async () => {
    const [id] = await queue([1], () => 'Tin dở dang');
    // A sender claimed it and died before recording anything.
    await database.db
      .updateTable('outbox')
      .set({ status: 'sending', claimed_by: 'dead', claimed_at: new Date(Date.now() - 10_000), attempts: 1 })
      .where('id', '=', id!)
      .execute();
    await start({ sendTimeoutMs: 1000 }).drained();
    expect(sent(1)).toEqual(['Tin dở dang']);
    expect((await rows())[0]).toMatchObject({ status: 'sent', duplicate_risk: true, attempts: 2 });
  });

  it('shares the work between two senders: every message exactly once, each chat in order', async () => {
    const second = database.reopen ? await database.reopen() : undefined;
    try {
      const chats = Array.from({ length: 20 }, (_, i) => 2000 + i);
      await queue(
        chats.flatMap((c) => [c, c, c, c, c]),
        (chat, i) => `${chat}:${i % 5}`,
      );
      const a = start();
      const b = start({}, second?.db ?? database.db);
      await Promise.all([a.drained(), b.drained()]);
      for (const chat of chats) expect(sent(chat)).toEqual([0, 1, 2, 3, 4].map((n) => `${chat}:${n}`));
      const byWorker = new Set((await rows()).map((r) => r.claimed_by));
      expect(byWorker.size).toBe(2);
    } finally {
      await second?.close();
    }
  });
});
