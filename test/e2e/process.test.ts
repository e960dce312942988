import { execFile, spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramEmulator } from '../emulator/telegram-emulator.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { enqueue, textMessage } from '../../src/delivery/outbox.js';
import { createTestDatabase, databaseKind } from '../support/database.js';
import { compiled, repoRoot, runCompiled } from '../support/compiled.js';
import { FIXTURE_CONFIG } from '../support/harness.js';

const run = promisify(execFile);

/** What a group of tests runs its bots with (see botGroup). */
interface BotGroup {
  /** The Bot API the bots talk to. */
  readonly emu: TelegramEmulator;
  /** The embedded database's folder. */
  readonly dataDir: string;
  /** What `npm start` needs: the emulator's token and address, the fixture, and Postgres or the data folder. */
  env(postgres?: { url?: string }): Record<string, string>;
  /** Starts the compiled bot (`npm start`) with `env`. */
  start(env: Record<string, string>): ChildProcessWithoutNullStreams;
}

/**
 * Before the group: a Bot API emulator and a data folder named `folderPrefix…`; after it,
 * every bot the group started is killed, the emulator stopped and the folder removed.
 */
function botGroup(folderPrefix: string): BotGroup {
  let emu: TelegramEmulator | undefined;
  let dataDir = '';
  const bots: ChildProcessWithoutNullStreams[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), folderPrefix));
    emu = await TelegramEmulator.start();
  }, 120_000);
  afterAll(async () => {
    for (const bot of bots) bot.kill('SIGKILL');
    await emu?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get emu() {
      return emu!;
    },
    get dataDir() {
      return dataDir;
    },
    env: (postgres) => ({
      BOT_TOKEN: emu!.token,
      CLUSTER_CONFIG: FIXTURE_CONFIG,
      TELEGRAM_API_ROOT: emu!.apiRoot,
      ...(postgres ? { DATABASE_URL: postgres.url! } : { DATA_DIR: dataDir }),
    }),
    start(env) {
      const bot = spawn(process.execPath, [compiled('src/main.js')], {
        env: { PATH: process.env.PATH, ...env },
        cwd: repoRoot,
      });
      bots.push(bot);
      return bot;
    },
  };
}

describe('the bot as a process, on the embedded database', () => {
  const group = botGroup('bot-data-');

  it('refuses to start without BOT_TOKEN, naming the variable, without a stack trace', async () => {
    const { dataDir } = group;
    const result = await runCompiled('src/main.js', [], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('BOT_TOKEN');
    expect(result.stderr).toContain('is required');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a config whose leader is not one of the units, naming the field', async () => {
    const { emu, dataDir } = group;
    const bad = join(dataDir, 'bad.yaml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(bad, (await readFile(FIXTURE_CONFIG, 'utf8')).replace('leader: LEAD', 'leader: NOPE'));
    const result = await runCompiled('src/main.js', [], {
      BOT_TOKEN: emu.token,
      DATA_DIR: dataDir,
      CLUSTER_CONFIG: bad,
      TELEGRAM_API_ROOT: emu.apiRoot,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cluster.leader: "NOPE" is not one of the units');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('syncs, prints invite links, starts, onboards over Telegram and refuses a second instance', async () => {
    const { emu } = group;
    const env = group.env();
    expect((await runCompiled('src/cli/admin.js', ['sync'], env)).stdout).toContain('3 units created');
    const invites = await runCompiled('src/cli/admin.js', ['invite', '--unit', 'HYN'], env);
    const link = /https:\/\/t\.me\/(\w+)\?start=([\w-]+)/.exec(invites.stdout);
    expect(link?.[1]).toBe(emu.botInfo.username);

    const bot = group.start(env);
    let stderr = '';
    bot.stderr.on('data', (chunk) => (stderr += chunk));
    await emu.waitFor(() => emu.pollPending, { timeoutMs: 20_000 });

    const welcome = emu.waitForMessage(301, (m) => m.text.includes('Xin chào'), { timeoutMs: 10_000 });
    emu.sendText({ id: 301, first_name: 'Lan' }, `/start ${link![2]}`);
    expect((await welcome).text).toContain('Hội CCB tỉnh Hưng Yên');

    const second = await runCompiled('src/main.js', [], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is in use by another process');

    const exited = new Promise<number | null>((resolve) => bot.on('exit', resolve));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"message":"bot started"');
  }, 60_000);

  it('hands the leader role over with `admin rotate`, tells the new unit, and a later sync keeps it', async () => {
    // Runs on the data of the test above: Lan (301) is a contact of Hưng Yên; the config names LEAD.
    const { emu } = group;
    const env = group.env();
    expect((await runCompiled('src/cli/admin.js', ['--help'], env)).stdout).toContain('rotate --to CODE');
    const missing = await runCompiled('src/cli/admin.js', ['rotate'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('to: is required: the code of the unit that takes over');
    const unknown = await runCompiled('src/cli/admin.js', ['rotate', '--to', 'NOPE'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--to: no active unit "NOPE" in cluster test; known: HYN, TBH, LEAD');
    const same = await runCompiled('src/cli/admin.js', ['rotate', '--to', 'LEAD'], env);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('--to: LEAD is already the cluster leader: nothing to hand over');
    expect(same.stderr).not.toMatch(/^\s+at /m);
    const empty = await runCompiled('src/cli/admin.js', ['rotate', '--to', 'TBH'], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(
      "--to: nobody of TBH has joined the bot yet, so nobody would hold the leader's rights",
    );

    const rotated = await runCompiled('src/cli/admin.js', ['rotate', '--to', 'hyn'], env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('handed over: LEAD Hội CCB tỉnh Nam Định -> HYN Hội CCB tỉnh Hưng Yên');
    expect(rotated.stdout).toContain("1 person of HYN got the leader's rights (now 1 person in all)");
    expect(rotated.stdout).toContain('1 message(s) queued for the people concerned; the bot sends them.');
    // The bot is not running (the embedded database is the CLI's now): the notice waits in the outbox
    // and goes out when the bot starts.
    const told = emu.waitForMessage(301, (m) => m.text.includes('giữ vai trò Cụm trưởng'), { timeoutMs: 20_000 });
    const bot = group.start(env);
    const notice = await told;
    await emu.waitFor(() => emu.pollPending, { timeoutMs: 20_000 });
    const exited = new Promise<number | null>((resolve) => bot.on('exit', resolve));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(notice.text).toContain('Từ nay <b>Hội CCB tỉnh Hưng Yên</b> giữ vai trò Cụm trưởng');
    expect((notice.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text)).toContain(
      '📊 Tình hình nộp báo cáo',
    );
    expect((emu.commandsFor({ type: 'chat', chat_id: 301 }) as { command: string }[]).map((c) => c.command)).toContain(
      'trangthai',
    );

    // The file still says LEAD: sync warns and leaves the database as it is.
    const synced = await runCompiled('src/cli/admin.js', ['sync'], env);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain('leader unchanged');
    expect(synced.stdout).toContain(
      'Warning: the config names LEAD as cluster leader, but HYN holds the term in the database; left as it is.',
    );
    expect((await runCompiled('src/cli/admin.js', ['rotate', '--to', 'HYN'], env)).stderr).toContain(
      'HYN is already the cluster leader',
    );
  }, 60_000);
});

describe(`a bot killed mid-broadcast and started again (${databaseKind})`, () => {
  const group = botGroup('bot-crash-');

  it('delivers every queued message: once each, the ones in flight at the kill at most twice and flagged', async () => {
    const { emu, dataDir } = group;
    const postgres = databaseKind === 'postgres' ? await createTestDatabase() : undefined;
    // Long enough for a loaded CI machine; on Postgres the lease is this + 5 s.
    const env = { ...group.env(postgres), DELIVERY_TIMEOUT_SECONDS: '5' };
    const open = async () => postgres ?? (await openDatabase({ dataDir }));
    const done = async (db: DatabaseHandle) => (postgres ? undefined : db.close());
    try {
      expect((await runCompiled('src/cli/admin.js', ['migrate'], env)).code).toBe(0);
      // A broadcast of 40 messages, queued as the leader's "Gửi" queues it.
      const chats = Array.from({ length: 40 }, (_, i) => 7000 + i);
      let db = await open();
      await enqueue(
        db.db,
        chats.map((chatId) => textMessage({ chatId }, `Thông báo cho ${chatId}`)),
      );
      await done(db);

      // Telegram answers slowly, so the kill comes with messages in flight.
      for (const _ of chats) emu.delayNext('sendMessage', 150);
      const delivered = (chat: number) => emu.messagesIn(chat).filter((m) => m.text === `Thông báo cho ${chat}`).length;
      const start = () => group.start(env);
      const first = start();
      await emu.waitFor(() => chats.filter((c) => delivered(c) > 0).length >= 8 || undefined, { timeoutMs: 30_000 });
      first.kill('SIGKILL');
      await new Promise((resolve) => first.on('exit', resolve));
      // Requests the killed bot had made still reach Telegram (they were on the wire).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const callsAtKill = emu.callsOf('sendMessage').length;
      db = await open();
      const left = await db.db
        .selectFrom('outbox')
        .select(['status'])
        .where('status', 'in', ['pending', 'sending'])
        .execute();
      await done(db);
      const inFlight = left.filter((r) => r.status === 'sending').length;
      expect(left.length).toBeGreaterThan(0);

      // The new bot sends what was left, the messages the killed one held included.
      const second = start();
      await emu.waitFor(() => emu.callsOf('sendMessage').length >= callsAtKill + left.length || undefined, {
        timeoutMs: 40_000,
      });
      await emu.waitFor(() => emu.pollPending || undefined, { timeoutMs: 20_000 });
      const exited = new Promise((resolve) => second.on('exit', resolve));
      second.kill('SIGTERM');
      await exited;

      db = await open();
      const rows = await db.db.selectFrom('outbox').select(['chat_id', 'status', 'duplicate_risk']).execute();
      await done(db);
      expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
      const flagged = new Set(rows.filter((r) => r.duplicate_risk).map((r) => r.chat_id));
      for (const chat of chats) {
        // Never lost; twice only for a message the killed bot held, and then it is on record.
        expect(delivered(chat), `chat ${chat}`).toBeGreaterThanOrEqual(1);
        expect(delivered(chat), `chat ${chat}`).toBeLessThanOrEqual(flagged.has(chat) ? 2 : 1);
      }
      expect(flagged.size).toBe(inFlight);
      expect(inFlight).toBeLessThanOrEqual(10);
    } finally {
      await postgres?.close();
    }
  }, 120_000);
});

describe(`a bot whose polling fails for good ends with status 1 (${databaseKind})`, () => {
  const group = botGroup('bot-fatal-');
  let postgres: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    postgres = databaseKind === 'postgres' ? await createTestDatabase() : undefined;
  }, 120_000);
  afterAll(async () => {
    await postgres?.close();
  });

  /** Starts the bot, waits until it polls, breaks polling with `fail`, and returns the exit status. */
  async function exitStatusAfter(
    fail: (bot: ChildProcess) => Promise<void> | void,
  ): Promise<{ code: number | null; stderr: string }> {
    const { emu } = group;
    const bot = group.start(group.env(postgres));
    let stderr = '';
    bot.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => bot.on('exit', resolve));
    await emu.waitFor(() => emu.pollPending, { timeoutMs: 30_000 });
    await fail(bot);
    const code = await exited;
    return { code, stderr };
  }

  it('ends with 1 when a second poller takes the token (409 Conflict)', async () => {
    const { emu } = group;
    // Another instance asks for updates: Telegram ends the first one's poll with 409.
    const { code, stderr } = await exitStatusAfter(async () => {
      await fetch(`${emu.apiRoot}/bot${emu.token}/getUpdates?timeout=0`);
    });
    expect(stderr).toContain('polling stopped with an error');
    expect(stderr).toContain('Conflict');
    expect(code).toBe(1);
  }, 60_000);

  it('ends with 1 when the token is revoked (401 Unauthorized)', async () => {
    const { emu } = group;
    const { code, stderr } = await exitStatusAfter(() => {
      emu.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' });
      // The held poll answers with an update from nobody the bot knows; the next poll gets the 401.
      emu.sendText({ id: 999, first_name: 'Ai đó' }, 'xin chào');
    });
    expect(stderr).toContain('Unauthorized');
    expect(code).toBe(1);
  }, 60_000);

  it('still ends with 0 when asked to stop (SIGTERM)', async () => {
    const { code } = await exitStatusAfter((bot) => {
      bot.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 60_000);
});

describe(`a bot killed while handling a message and started again (${databaseKind})`, () => {
  const group = botGroup('bot-redeliver-');

  it('does not store the answer again when Telegram delivers the same update after the restart, and says so', async () => {
    const { emu } = group;
    const postgres = databaseKind === 'postgres' ? await createTestDatabase() : undefined;
    const env = group.env(postgres);
    const start = () => group.start(env);
    const lan = { id: 301, first_name: 'Lan' };
    const say = async (text: string, reply: string) => {
      const waiting = emu.waitForMessage(lan.id, (m) => m.text.includes(reply), { timeoutMs: 20_000 });
      const updateId = emu.sendText(lan, text);
      return { message: await waiting, updateId };
    };
    try {
      const synced = await runCompiled('src/cli/admin.js', ['sync'], env);
      expect(synced.code, synced.stderr).toBe(0);
      const code = /start=([\w-]+)/.exec(
        (await runCompiled('src/cli/admin.js', ['invite', '--unit', 'HYN'], env)).stdout,
      )![1]!;
      const first = start();
      await emu.waitFor(() => emu.pollPending, { timeoutMs: 30_000 });
      await say(`/start ${code}`, 'Xin chào');
      await say('/baocao', 'Câu 1/3');

      // "12" is saved, then the bot is killed while its answer is on the way: the batch is never confirmed.
      emu.delayNext('sendMessage', 120_000);
      emu.sendText(lan, '12');
      await emu.waitFor(() => emu.delayedCalls > 0, { timeoutMs: 20_000 });
      first.kill('SIGKILL');
      await new Promise((resolve) => first.on('exit', resolve));

      // Started again, the bot gets the same update: it does not store "12" as the answer to question 2.
      const told = emu.waitForMessage(lan.id, (m) => m.text.includes('Bot vừa khởi động lại'), { timeoutMs: 30_000 });
      const second = start();
      await told;
      await say('5', 'Câu 3/3');
      const review = (await say('Tốt', 'Xin kiểm tra lại')).message.text;
      expect(review).toContain('Số hội viên mới kết nạp: 12 người');
      expect(review).toContain('Vốn hỗ trợ: 5 triệu đồng');
      expect(emu.messagesIn(lan.id).filter((m) => m.text.includes('Câu 3/3'))).toHaveLength(1);

      const exited = new Promise((resolve) => second.on('exit', resolve));
      second.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await postgres?.close();
    }
  }, 120_000);
});

// libfaketime (Debian package `faketime`) moves and speeds up the clock of a real process.
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

describe.skipIf(!existsSync(FAKETIME))(
  'the reminder tick of a real process in Europe/London, its clock at a summer time change',
  () => {
    /** Runs the compiled scheduler from `startUtc` for `minutes` minutes at 120x; returns the instants it ticked. */
    async function ticks(startUtc: string, minutes: number): Promise<string[]> {
      const script = `
      const { startReminderScheduler } = await import(${JSON.stringify(compiled('src/reminders/scheduler.js'))});
      startReminderScheduler(async () => console.log(new Date().toISOString()), { error: console.error });
      setTimeout(() => process.exit(0), ${minutes * 60_000 + 30_000});`;
      const behind = Math.round((Date.now() - new Date(startUtc).getTime()) / 1000);
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH, TZ: 'Europe/London', LD_PRELOAD: FAKETIME, FAKETIME: `-${behind}s x120` },
        timeout: 60_000,
      });
      return stdout.trim().split('\n');
    }
    const minute = (t: string) => t.slice(0, 16);

    it('ticks every minute through the October change, 08:00 in Vietnam included', async () => {
      const seen = (await ticks('2026-10-25T00:55:00Z', 10)).map(minute);
      for (let m = 56; m < 65; m++) {
        const at = new Date(Date.UTC(2026, 9, 25, 0, m)).toISOString().slice(0, 16);
        expect(seen, at).toContain(at);
      }
    }, 90_000);

    it('ticks every minute through the March change', async () => {
      const seen = (await ticks('2026-03-29T00:55:00Z', 10)).map(minute);
      for (let m = 56; m < 65; m++) {
        const at = new Date(Date.UTC(2026, 2, 29, 0, m)).toISOString().slice(0, 16);
        expect(seen, at).toContain(at);
      }
    }, 90_000);
  },
);
