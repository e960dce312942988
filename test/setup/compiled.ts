/**
 * The compiled app, built once per test run into a folder of its own (never over dist/:
 * a test run must not rewrite the working tree's build, nor race another run doing so).
 * `setup` is vitest's globalSetup; tests read the folder with `compiledDir()` and run the
 * entry points as `npm start` and `npm run admin` run them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
export const projectRoot = new URL('../..', import.meta.url).pathname;

/** Compiles once before all test files; returns the removal of the folder after the run. */
export async function provideCompiled(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'bot-dist-'));
  await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', dir], { cwd: projectRoot });
  // The compiled files are ES modules and import the project's packages.
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await symlink(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  project.provide('compiledDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
