/**
 * vitest's global setup: what every test run prepares once, side by side, before the first
 * test file: the compiled app (compiled.ts) and the PGlite snapshots (snapshots.ts).
 */
import type { TestProject } from 'vitest/node';
import { provideCompiled } from './compiled.js';
import { provideSnapshots } from './snapshots.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups = await Promise.all([provideCompiled(project), provideSnapshots(project)]);
  return async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
  };
}
