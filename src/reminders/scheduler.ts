import cron from 'node-cron';
import type { Logger } from '../log.js';
import { TIME_ZONE } from '../domain/time.js';

/**
 * node-cron only wakes the dispatcher each minute; what is due and what was already
 * sent is decided from the database, so a missed tick or a restart changes nothing.
 */
export function startReminderScheduler(dispatch: () => Promise<unknown>, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = dispatch().catch((error) => log.error('reminder dispatch failed', { error }));
    return running;
  };
  const task = cron.schedule('* * * * *', tick, { timezone: TIME_ZONE, noOverlap: true, name: 'reminders' });
  void tick(); // catch up at start-up instead of waiting for the first minute
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
