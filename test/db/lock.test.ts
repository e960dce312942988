import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/db/lock.js';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second lock while the first is held, and allows it after release', async () => {
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();
    await (
      await lockDataDir(dir)
    )();
  });

  it('takes over a lock whose process is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(join(dir, 'bot.lock'), `${gone} 12345`);
    const release = await lockDataDir(dir);
    expect((await readFile(join(dir, 'bot.lock'), 'utf8')).split(' ')[0]).toBe(String(process.pid));
    await release();
  });

  it('takes over a lock naming a live pid that started at another time (a container restart)', async () => {
    // In a container the bot is pid 1 on every start: the lock a crash left names this very
    // pid, alive, but with the start time of the process before.
    await writeFile(join(dir, 'bot.lock'), `${process.pid} 1`);
    const release = await lockDataDir(dir);
    const [pid, started] = (await readFile(join(dir, 'bot.lock'), 'utf8')).split(' ');
    expect(pid).toBe(String(process.pid));
    expect(started).not.toBe('1');
    // The bot now holds it: another start is refused until it stops.
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();
    await expect(readFile(join(dir, 'bot.lock'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
