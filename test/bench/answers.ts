/**
 * Speed of an answer: people answering their report questions through the Bot API emulator.
 * - closed loop: N people, each answers as soon as the bot has asked the next question;
 * - steady: answers arrive at a fixed rate (spread over the people), latency percentiles;
 * - the echo bot: a bare telegraf bot replying with the text, same emulator, same loop (the
 *   reference: what telegraf and the emulator cost alone);
 * - statements: every query the database drivers send (BEGIN/COMMIT included), per answer.
 * Each person has a unit of their own (a generated cluster of `units` units), so colleagues
 * never write over each other here (conflicts are tested in test/e2e/conflict.test.ts).
 * Sending is not paced at Telegram's 30 a second: the budget's bookkeeping still runs, with
 * a limit high enough never to hold a reply back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { Telegraf } from 'telegraf';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import type { Harness, TestUser } from '../support/harness.js';
import { TelegramEmulator, type RecordedCall, type TgUser } from '../emulator/telegram-emulator.js';
import { setConversation } from '../../src/store/conversations.js';
import { sql } from 'kysely';

/** The example template's questions, answered by typing (buttons accept the same text). */
export const ANSWERS = [
  '1',
  '3',
  'không',
  '45',
  '2',
  '1, 3',
  '7',
  '1.250,5',
  '12',
  '87,5%',
  'Kết nạp nhiều hội viên trẻ',
  'Thiếu kinh phí',
  'Đề nghị tập huấn',
];

/** The example configuration with `count` more units (B001…), each with the targets of the first one. */
export function benchConfig(examplePath: string, dir: string, count: number): string {
  const config = parse(readFileSync(examplePath, 'utf8')) as {
    units: { code: string; name: string }[];
    targets?: { unit: string; year: number; values: Record<string, number> }[];
  };
  const sample = config.targets?.[0];
  for (let i = 1; i <= count; i++) {
    const code = `B${String(i).padStart(3, '0')}`;
    config.units.push({ code, name: `Hội CCB đơn vị thử ${i}` });
    if (sample) config.targets!.push({ unit: code, year: sample.year, values: { ...sample.values } });
  }
  const path = join(dir, 'bench-cluster.yaml');
  writeFileSync(path, stringify(config, { aliasDuplicateObjects: false }));
  return path;
}

// ---------------------------------------------------------------- counting statements

let statements = 0;
const byText = new Map<string, number>();
/** Milliseconds spent in PGlite per statement (PGlite runs in this process, one query at a time). */
const msByText = new Map<string, number>();
let installed = false;
/** The Postgres server processes (backends) that served this process's connections, with their CPU ticks last read. */
const backends = new Map<number, number>();

/**
 * CPU time (ms) the Postgres backends of this process's connections have used so far, read
 * from /proc (the server runs on this machine in the bench; 0 elsewhere or on PGlite). A
 * backend that ended (its connection closed when idle) keeps the time last read.
 */
export function backendCpuMs(): number {
  let ticks = 0;
  for (const [pid, last] of backends) {
    let now = last;
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 14th and 15th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      now = Math.max(last, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The backend ended: its time up to the last reading counts.
    }
    backends.set(pid, now);
    ticks += now;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Counts every statement sent by the pg and PGlite drivers in this process (round trips). */
export function countStatements(): void {
  if (installed) return;
  installed = true;
  const note = (text: unknown) => {
    statements++;
    const key = String(
      typeof text === 'object' && text !== null && 'text' in text ? (text as { text: string }).text : text,
    )
      .replace(/\s+/g, ' ')
      .replace(/\$\d+/g, '?')
      .slice(0, 110);
    byText.set(key, (byText.get(key) ?? 0) + 1);
    return key;
  };
  const pgQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    note(args[0]);
    const pid = (this as unknown as { processID?: number }).processID;
    if (pid && !backends.has(pid)) backends.set(pid, 0);
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgQuery;
  const liteQuery = PGlite.prototype.query;
  PGlite.prototype.query = function (this: PGlite, ...args: unknown[]) {
    const key = note(args[0]);
    const started = performance.now();
    const result = (liteQuery as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    void result
      .finally(() => msByText.set(key, (msByText.get(key) ?? 0) + performance.now() - started))
      .catch(() => undefined);
    return result;
  } as typeof liteQuery;
}

export function statementMark(): { total: number; byText: Map<string, number>; msByText: Map<string, number> } {
  return { total: statements, byText: new Map(byText), msByText: new Map(msByText) };
}

/** Statements since `mark`, per answer, the most frequent first. */
export function statementsSince(mark: ReturnType<typeof statementMark>, answers: number) {
  const rows = [...byText]
    .map(([text, n]) => ({
      text,
      perAnswer: (n - (mark.byText.get(text) ?? 0)) / answers,
      msPerAnswer: ((msByText.get(text) ?? 0) - (mark.msByText.get(text) ?? 0)) / answers,
    }))
    .filter((r) => r.perAnswer >= 0.01);
  rows.sort((a, b) => b.perAnswer - a.perAnswer);
  return { perAnswer: (statements - mark.total) / answers, rows };
}

// ---------------------------------------------------------------- driving people

/** Resolves each chat's next message from the bot: one listener for every person (waitFor per person is O(people) per call). */
export class Replies {
  private readonly waiting = new Map<number, (call: RecordedCall) => void>();
  readonly stop: () => void;
  constructor(emu: TelegramEmulator) {
    this.stop = emu.onCall((call) => {
      if (call.method !== 'sendMessage' || !call.ok) return;
      const chatId = Number(call.params.chat_id);
      const resolve = this.waiting.get(chatId);
      if (!resolve) return;
      this.waiting.delete(chatId);
      resolve(call);
    });
  }
  next(chatId: number): Promise<RecordedCall> {
    return new Promise((resolve) => this.waiting.set(chatId, resolve));
  }
}

export interface LoopResult {
  answers: number;
  seconds: number;
  perSecond: number;
  latencies: number[];
  cpuMsPerAnswer: number;
  /** CPU of the Postgres backends serving the bot, per answer (0 on PGlite, whose CPU is in cpuMsPerAnswer). */
  dbCpuMsPerAnswer: number;
  /** Statements sent to the database while measuring, per answer. */
  statements?: ReturnType<typeof statementsSince>;
}

export const percentile = (values: number[], p: number) =>
  values.length
    ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!
    : NaN;

/**
 * One person of the report bench: answers the questions in order; after the last one (the
 * review), the report's answers are cleared in the database and the first question is put
 * back on screen, so every message the person sends is an answer.
 */
export interface Answerer {
  user: TgUser & { id: number };
  /** Sends the next answer; resolves with the bot's reply. */
  answer(replies: Replies): Promise<void>;
}

export function reportAnswerers(
  h: Harness,
  users: TestUser[],
  reports: Map<number, { reportId: number; personId: number }>,
  firstKey: string,
): Answerer[] {
  return users.map((u) => {
    let step = 0;
    return {
      user: u.user,
      async answer(replies) {
        const reply = replies.next(u.id);
        h.emu.sendText(u.user, ANSWERS[step]!);
        const call = await reply;
        const expected = step + 1 < ANSWERS.length ? `Câu ${step + 2}/` : 'Xin kiểm tra lại';
        const text = String(call.params.text ?? '');
        if (!text.includes(expected))
          throw new Error(`answer ${step + 1} of ${u.id}: expected «${expected}», got «${text.slice(0, 200)}»`);
        step++;
        if (step === ANSWERS.length) {
          step = 0;
          const { reportId, personId } = reports.get(u.id)!;
          await sql`update reports set answers = '{}'::jsonb, answer_versions = '{}'::jsonb where id = ${reportId}`.execute(
            h.db,
          );
          await setConversation(
            h.db,
            personId,
            { kind: 'report', reportId, field: firstKey, editing: false, seen: 0 },
            h.clock.now(),
          );
        }
      },
    };
  });
}

/** Every person answers as soon as the bot replied, for `ms` (after `warmupMs`). */
export async function closedLoop(
  emu: TelegramEmulator,
  people: Answerer[],
  ms: number,
  warmupMs = 1000,
): Promise<LoopResult> {
  const replies = new Replies(emu);
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  const loops = people.map(async (p) => {
    while (!stop) {
      const t = performance.now();
      await p.answer(replies);
      if (measuring && !stop) latencies.push(performance.now() - t);
    }
  });
  await sleep(warmupMs);
  measuring = true;
  const mark = statementMark();
  const cpu = process.cpuUsage();
  const dbCpu = backendCpuMs();
  const started = performance.now();
  await sleep(ms);
  stop = true;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const dbUsed = backendCpuMs() - dbCpu;
  const answers = latencies.length;
  const statements = statementsSince(mark, answers);
  await Promise.all(loops);
  replies.stop();
  return {
    answers,
    seconds,
    perSecond: answers / seconds,
    latencies,
    cpuMsPerAnswer: (used.user + used.system) / 1000 / answers,
    dbCpuMsPerAnswer: dbUsed / answers,
    statements,
  };
}

/** Answers arrive at `rate` a second, people taking turns; latency of each. */
export async function steadyRate(
  emu: TelegramEmulator,
  people: Answerer[],
  rate: number,
  ms: number,
): Promise<LoopResult & { skipped: number }> {
  const replies = new Replies(emu);
  const busy = new Set<number>();
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let skipped = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const dbCpu = backendCpuMs();
  const total = Math.round((rate * ms) / 1000);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const p = people[i % people.length]!;
    // Still waiting for the bot's previous reply: this person cannot answer yet.
    if (busy.has(p.user.id)) {
      skipped++;
      continue;
    }
    busy.add(p.user.id);
    const t = performance.now();
    const done = p.answer(replies).then(() => {
      latencies.push(performance.now() - t);
      busy.delete(p.user.id);
    });
    pending.add(done);
    void done.finally(() => pending.delete(done));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const dbUsed = backendCpuMs() - dbCpu;
  replies.stop();
  return {
    answers: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    latencies,
    skipped,
    cpuMsPerAnswer: (used.user + used.system) / 1000 / latencies.length,
    dbCpuMsPerAnswer: dbUsed / latencies.length,
  };
}

/** A bare telegraf bot that replies with the text it got, on an emulator of its own. */
export async function startEchoBot(): Promise<{ emu: TelegramEmulator; stop(): Promise<void> }> {
  const emu = await TelegramEmulator.start();
  const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  bot.botInfo = await bot.telegram.getMe();
  let launched!: () => void;
  const ready = new Promise<void>((resolve) => (launched = resolve));
  const polling = bot.launch({ dropPendingUpdates: false }, () => launched());
  await ready;
  return {
    emu,
    async stop() {
      bot.stop('bench');
      await polling;
      await emu.stop();
    },
  };
}

export function echoAnswerers(emu: TelegramEmulator, count: number): Answerer[] {
  return Array.from({ length: count }, (_, i) => {
    const user = { id: 900_000 + i, first_name: `Echo ${i}` };
    return {
      user,
      async answer(replies) {
        const reply = replies.next(user.id);
        emu.sendText(user, 'Kết nạp nhiều hội viên trẻ');
        await reply;
      },
    };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AnswerBenchOptions {
  /** The example configuration; the bench adds units to it. */
  configPath: string;
  dir: string;
  /** Opens the database the bot runs on (a fresh one). */
  openDatabase: () => Promise<import('../support/database.js').TestDatabase | undefined>;
  startHarness: typeof import('../support/harness.js').startHarness;
  sizes?: number[];
  loopMs?: number;
  steadyMs?: number;
}

export interface AnswerBenchResult {
  closed: { people: number; report: LoopResult; echo: LoopResult }[];
  steady: LoopResult & { skipped: number };
  statements: ReturnType<typeof statementsSince>;
}

/** Closed loops at each size (report bot, then the echo bot), the steady 100 a second, and the statements per answer. */
export async function runAnswerBench(options: AnswerBenchOptions): Promise<AnswerBenchResult> {
  countStatements();
  const sizes = options.sizes ?? (process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [50, 200]);
  const people = Math.max(...sizes);
  const configPath = benchConfig(options.configPath, options.dir, people);
  const database = await options.openDatabase();
  const h = await options.startHarness({
    now: '2026-11-20T09:00:00+07:00',
    configPath,
    ...(database ? { database } : {}),
    // Not paced: the budget's bookkeeping runs, but never holds a reply back.
    delivery: { pace: { perSecond: 1_000_000, chatIntervalMs: 0, groupIntervalMs: 0 }, pollMs: 200 },
  });
  const result: Partial<AnswerBenchResult> = { closed: [] };
  try {
    const template = (
      parse(readFileSync(options.configPath, 'utf8')) as { templates: { sections: { fields: { key: string }[] }[] }[] }
    ).templates[0]!;
    const firstKey = template.sections[0]!.fields[0]!.key;
    const users: TestUser[] = [];
    const reports = new Map<number, { reportId: number; personId: number }>();
    for (let i = 1; i <= people; i++) {
      const code = `B${String(i).padStart(3, '0')}`;
      const user = await h.join(200_000 + i, `Người ${i}`, code);
      await user.say('/baocao', 'Câu 1/');
      const report = await h.db
        .selectFrom('reports as r')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .select('r.id')
        .where('u.code', '=', code)
        .executeTakeFirstOrThrow();
      const person = await h.db
        .selectFrom('people')
        .select('id')
        .where('telegram_user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      reports.set(user.id, { reportId: report.id, personId: person.id });
      users.push(user);
    }
    const answerers = reportAnswerers(h, users, reports, firstKey);
    const echo = await startEchoBot();
    try {
      const echoers = echoAnswerers(echo.emu, people);
      for (const size of sizes) {
        const report = await closedLoop(h.emu, answerers.slice(0, size), options.loopMs ?? 4000);
        if (size === sizes[0]) result.statements = report.statements!;
        const echoed = await closedLoop(echo.emu, echoers.slice(0, size), options.loopMs ?? 4000);
        result.closed!.push({ people: size, report, echo: echoed });
      }
    } finally {
      await echo.stop();
    }
    result.steady = await steadyRate(h.emu, answerers.slice(0, 50), 100, options.steadyMs ?? 8000);
  } finally {
    await h.close();
  }
  return result as AnswerBenchResult;
}
