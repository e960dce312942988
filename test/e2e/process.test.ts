import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramEmulator } from '../emulator/telegram-emulator.js';
import { FIXTURE_CONFIG } from '../support/harness.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/** The compiled entry points, run as `npm start` and `npm run admin` run them. */
async function node(script: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'dist', script), ...args], { env: { PATH: process.env.PATH, ...env }, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the bot as a process, on the embedded database', () => {
  let dataDir: string;
  let emu: TelegramEmulator;
  const bots: ChildProcess[] = [];

  beforeAll(async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
    dataDir = await mkdtemp(join(tmpdir(), 'bot-data-'));
    emu = await TelegramEmulator.start();
  }, 120_000);
  afterAll(async () => {
    for (const bot of bots) bot.kill('SIGKILL');
    await emu.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start without BOT_TOKEN, naming the variable, without a stack trace', async () => {
    const result = await node('src/main.js', [], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('BOT_TOKEN');
    expect(result.stderr).toContain('is required');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a config whose leader is not one of the units, naming the field', async () => {
    const bad = join(dataDir, 'bad.yaml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(bad, (await readFile(FIXTURE_CONFIG, 'utf8')).replace('leader: LEAD', 'leader: NOPE'));
    const result = await node('src/main.js', [], { BOT_TOKEN: emu.token, DATA_DIR: dataDir, CLUSTER_CONFIG: bad, TELEGRAM_API_ROOT: emu.apiRoot });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cluster.leader: "NOPE" is not one of the units');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('syncs, prints invite links, starts, onboards over Telegram and refuses a second instance', async () => {
    const env = { BOT_TOKEN: emu.token, DATA_DIR: dataDir, CLUSTER_CONFIG: FIXTURE_CONFIG, TELEGRAM_API_ROOT: emu.apiRoot };
    expect((await node('src/cli/admin.js', ['sync'], env)).stdout).toContain('3 units created');
    const invites = await node('src/cli/admin.js', ['invite', '--unit', 'HYN'], env);
    const link = /https:\/\/t\.me\/(\w+)\?start=([\w-]+)/.exec(invites.stdout);
    expect(link?.[1]).toBe(emu.botInfo.username);

    const bot = spawn(process.execPath, [join(root, 'dist/src/main.js')], { env: { PATH: process.env.PATH, ...env }, cwd: root });
    bots.push(bot);
    let stderr = '';
    bot.stderr.on('data', (chunk) => (stderr += chunk));
    await emu.waitFor(() => emu.pollPending, { timeoutMs: 20_000 });

    const welcome = emu.waitForMessage(301, (m) => m.text.includes('Xin chào'), { timeoutMs: 10_000 });
    emu.sendText({ id: 301, first_name: 'Lan' }, `/start ${link![2]}`);
    expect((await welcome).text).toContain('Hội CCB tỉnh Hưng Yên');

    const second = await node('src/main.js', [], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is in use by another process');

    const exited = new Promise<number | null>((resolve) => bot.on('exit', resolve));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"message":"bot started"');
  }, 60_000);
});
