import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another process (pid ${pid}). Stop it first: two processes on one embedded database corrupt it.`,
    );
  }
}

/**
 * PGlite does not lock its folder itself, so a second process must be refused here.
 * The lock names the owner by pid *and* start time: in a container the bot is pid 1 on
 * every start, so a pid alone would make a lock left by a crash look alive forever.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'bot.lock');
  const me = `${process.pid} ${await startTime(process.pid)}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Write the whole content first, then link it into place: link fails if the lock exists,
    // so no other process ever reads a half-written lock.
    const temp = `${path}.${randomBytes(4).toString('hex')}`;
    await writeFile(temp, me);
    try {
      await link(temp, path);
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, started] = (await readFile(path, 'utf8').catch(() => '')).trim().split(' ');
      const pid = Number(pidText);
      if (pid && (await isAlive(pid, started))) throw new DataDirLockedError(dataDir, pid);
      await rm(path, { force: true }); // left by a process that is gone
    } finally {
      await rm(temp, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

async function isAlive(pid: number, started: string | undefined): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Same pid, different start time: the pid was reused by another process.
  const now = await startTime(pid);
  return !(started && now !== 'unknown' && started !== 'unknown' && now !== started);
}

/** Process start time from /proc (Linux); elsewhere the pid check alone decides. */
async function startTime(pid: number): Promise<string> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
