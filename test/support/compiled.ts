/**
 * The compiled app (built once per run into a folder of its own, never dist/: see
 * test/setup/compiled.ts), run as `npm start` and `npm run admin` run it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the run's global setup compiled the app into (test/setup/compiled.ts). */
    compiledDir: string;
  }
}

/** The repository's root, where `npm start` runs. */
export const repoRoot = new URL('../..', import.meta.url).pathname;

/** The compiled form of a file of the repository: `compiled('src/main.js')`. */
export function compiled(path: string): string {
  return join(inject('compiledDir'), path);
}

/** Runs a compiled entry point with `args` and only `env` (and PATH): its exit code and output, failed or not. */
export async function runCompiled(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [compiled(script), ...args], {
      env: { PATH: process.env.PATH, ...env },
      cwd: repoRoot,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
