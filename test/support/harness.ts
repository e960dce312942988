import { startApp, type AppOptions, type RunningApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import type { DatabaseHandle, Db } from '../../src/db/connect.js';
import type { Role } from '../../src/db/schema.js';
import { silentLogger } from '../../src/log.js';
import { findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import { createInvite } from '../../src/store/invites.js';
import { TelegramEmulator, type BotMessage, type TgUser } from '../emulator/telegram-emulator.js';
import { createSyncedTestDatabase, FIXTURE_CONFIG, type TestDatabase } from './database.js';
import { perTest } from './per-test.js';

export { FIXTURE_CONFIG } from './database.js';

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}

type Match = string | RegExp | ((m: BotMessage) => boolean);

function matches(message: BotMessage, match: Match): boolean {
  const text = message.text || message.caption || '';
  if (typeof match === 'string') return text.includes(match);
  if (match instanceof RegExp) return match.test(text);
  return match(message);
}

/** A person in Telegram, talking to the bot through the emulator. */
export class TestUser {
  constructor(
    private readonly harness: Harness,
    readonly user: TgUser & { id: number },
  ) {}

  get id(): number {
    return this.user.id;
  }

  /** Sends text and waits for the first bot message (sent after it) that matches. */
  async say(text: string, reply: Match = () => true): Promise<BotMessage> {
    const waiting = this.harness.emu.waitForMessage(this.id, (m) => matches(m, reply));
    this.harness.emu.sendText(this.user, text);
    return waiting;
  }

  /** Files the fixture's 3-question report (12 new members, one skipped, "Tốt") and sends it. */
  async submitFixtureReport(): Promise<BotMessage> {
    await this.say('/baocao', 'Câu 1/3');
    await this.say('12', 'Câu 2/3');
    await this.press('Bỏ qua', 'Câu 3/3');
    await this.say('Tốt', 'Xin kiểm tra lại');
    return this.press('Gửi báo cáo', 'Đã gửi');
  }

  /**
   * Sends a photo or a document (by file id, as Telegram forwards it) and waits for the reply
   * that matches; with `bytes` the bot can download it (getFile), `fileSize` declares a size alone.
   */
  async sendFile(
    file: Parameters<TelegramEmulator['sendUserFile']>[1],
    reply: Match = () => true,
  ): Promise<BotMessage> {
    const waiting = this.harness.emu.waitForMessage(this.id, (m) => matches(m, reply));
    this.harness.emu.sendUserFile(this.user, file);
    return waiting;
  }

  /** Taps the newest button whose label matches, and waits for the reply that matches. */
  async press(button: string | RegExp, reply: Match = () => true): Promise<BotMessage> {
    const { message, data } = this.findButton(button);
    const waiting = this.harness.emu.waitForMessage(this.id, (m) => matches(m, reply));
    this.harness.emu.pressButton(this.user, message.message_id, data);
    return waiting;
  }

  /** Taps a button without waiting for a new message (e.g. "Đã nhận" only answers the tap). */
  tap(button: string | RegExp): void {
    const { message, data } = this.findButton(button);
    this.harness.emu.pressButton(this.user, message.message_id, data);
  }

  findButton(button: string | RegExp): { message: BotMessage; data: string } {
    const messages = [...this.harness.emu.messagesIn(this.id)].reverse();
    for (const message of messages) {
      for (const row of message.reply_markup?.inline_keyboard ?? []) {
        for (const b of row) {
          const hit = typeof button === 'string' ? b.text.includes(button) : button.test(b.text);
          if (hit && b.callback_data) return { message, data: b.callback_data };
        }
      }
    }
    throw new Error(`no button ${String(button)} in chat ${this.id}`);
  }

  buttons(message: BotMessage): string[] {
    return (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
  }

  messages(): BotMessage[] {
    return this.harness.emu.messagesIn(this.id);
  }

  async waitFor(match: Match, opts: { includeExisting?: boolean } = {}): Promise<BotMessage> {
    return this.harness.emu.waitForMessage(this.id, (m) => matches(m, match), opts);
  }
}

export interface Harness {
  emu: TelegramEmulator;
  database: TestDatabase;
  db: Db;
  clock: TestClock;
  clusterId: number;
  app: RunningApp;
  person(id: number, firstName: string, lastName?: string): TestUser;
  invite(unitCode: string, role?: Role): Promise<string>;
  /** Invites and onboards a person in one go. */
  join(id: number, firstName: string, unitCode: string, role?: Role): Promise<TestUser>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The real bot, a real database and the Bot API emulator on 127.0.0.1. */
export async function startHarness(options: {
  now: string;
  configPath?: string;
  database?: DatabaseHandle;
  delivery?: AppOptions['delivery'];
}): Promise<Harness> {
  const clock = new TestClock(new Date(options.now));
  const configPath = options.configPath ?? FIXTURE_CONFIG;
  const { database, clusterId } = options.database
    ? {
        database: options.database as TestDatabase,
        clusterId: (await syncClusterConfig(options.database.db, await loadClusterConfig(configPath), 'test'))
          .clusterId,
      }
    : await createSyncedTestDatabase(configPath);
  const emu = await TelegramEmulator.start();

  // Tests read the chats right after a reminder pass: let the outbox deliver what the pass queued.
  const launch = async (): Promise<RunningApp> => {
    const app = await startAppForTest();
    return {
      ...app,
      dispatchReminders: async () => {
        const summary = await app.dispatchReminders();
        await app.idle();
        return summary;
      },
    };
  };
  const startAppForTest = () =>
    startApp({
      db: database.db,
      token: emu.token,
      apiRoot: emu.apiRoot,
      clock,
      log: process.env.TEST_LOG ? { ...silentLogger, warn: console.warn, error: console.error } : silentLogger,
      scheduleReminders: false,
      // Telegram's pacing is tested on its own (delivery tests); here it would only slow every test down.
      delivery: options.delivery ?? {
        pace: { perSecond: 1000, chatIntervalMs: 0, groupIntervalMs: 0 },
        retry: { baseBackoffMs: 20 },
        pollMs: 50,
        sendTimeoutMs: 5000,
      },
    });

  const harness: Harness = {
    emu,
    database,
    db: database.db,
    clock,
    clusterId,
    app: await launch(),
    person: (id, firstName, lastName) =>
      new TestUser(harness, { id, first_name: firstName, ...(lastName ? { last_name: lastName } : {}) }),
    async invite(unitCode, role = 'contact') {
      const unit = await findUnitByCode(database.db, clusterId, unitCode);
      if (!unit) throw new Error(`no unit ${unitCode}`);
      const { code } = await createInvite(database.db, {
        clusterId,
        unitId: unit.id,
        role,
        createdBy: 'test',
        now: clock.now(),
        validDays: 14,
      });
      return code;
    },
    async join(id, firstName, unitCode, role = 'contact') {
      const user = harness.person(id, firstName);
      await user.say(`/start ${await harness.invite(unitCode, role)}`, 'Xin chào');
      return user;
    },
    async restart() {
      await harness.app.stop();
      harness.app = await launch();
    },
    async close() {
      await harness.app.stop();
      await emu.stop();
      await database.close();
    },
  };
  return harness;
}

/** A harness started before each test of the enclosing suite and closed after it (see perTest). */
export function harnessPerTest(options: Parameters<typeof startHarness>[0]): Harness {
  return perTest(
    () => startHarness(options),
    (harness) => harness.close(),
  );
}
