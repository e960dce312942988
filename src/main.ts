import { startApp, type RunningApp } from './app.js';
import { openMigratedDatabase, runMain } from './bootstrap.js';
import { systemClock } from './clock.js';
import { loadClusterConfig } from './config/cluster-config.js';
import { loadEnv } from './config/env.js';
import { createLogger } from './log.js';
import { syncClusterConfig } from './store/clusters.js';

await runMain(async () => {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  // Validate the config before touching the database, so a typo stops start-up at once.
  const config = await loadClusterConfig(env.CLUSTER_CONFIG);
  const database = await openMigratedDatabase(env, log);
  log.info('database ready', { kind: database.kind, ...(database.kind === 'pglite' ? { dataDir: env.DATA_DIR } : {}) });

  let app: RunningApp | undefined;
  let stopping = false;
  /** The status the process ends with: 1 once polling failed for good (401, 409...). */
  let exitCode = 0;
  try {
    const summary = await syncClusterConfig(database.db, config, 'startup');
    log.info('cluster config synced', { file: env.CLUSTER_CONFIG, ...summary });
    if (summary.leaderMismatch) {
      log.warn(
        'config names another cluster leader than the database; kept the database (hand over with `npm run admin -- rotate --to CODE` or in chat)',
        summary.leaderMismatch,
      );
    }
    app = await startApp({
      db: database.db,
      token: env.BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT,
      clock: systemClock,
      log,
      delivery: { sendTimeoutMs: env.DELIVERY_TIMEOUT_SECONDS * 1000, onlyProcess: database.kind === 'pglite' },
      onFatal: () => {
        exitCode = 1;
        process.exitCode = 1;
        void shutdown('polling failed');
      },
    });
  } catch (error) {
    await database.close();
    throw error;
  }

  async function shutdown(signal: string) {
    if (stopping || !app) return;
    stopping = true;
    log.info('shutting down', { signal });
    await app.stop();
    await database.close();
    // Closing PGlite resets process.exitCode to 0 (its WASM runtime): set it again, last,
    // so a supervisor that restarts on failure sees the failure.
    if (exitCode !== 0) process.exitCode = exitCode;
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
});
