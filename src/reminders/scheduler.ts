import type { Logger } from '../log.js';

const MINUTE_MS = 60_000;

/** The timer functions the scheduler uses; tests pass fakes. Defaults to Node's, looked up at each call. */
export interface SchedulerTimers {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: SchedulerTimers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Wakes the dispatcher at start-up and then at every whole minute; what is due and what was
 * already sent is decided from the database, so a missed tick or a restart changes nothing.
 *
 * The tick is a timer aimed at the next whole minute of epoch time, which is the same instant
 * in every time zone (zone offsets are whole minutes): the server's own zone and its summer
 * time changes play no part. (node-cron, used before, stopped for an hour and kept a core
 * busy when the server's zone left summer time, e.g. TZ=Europe/London in October.)
 * A tick that comes while the previous pass still runs is skipped, not queued.
 */
export function startReminderScheduler(
  dispatch: () => Promise<unknown>,
  log: Logger,
  timers: SchedulerTimers = nodeTimers,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  let timer: unknown;
  const tick = () => {
    if (running) return;
    running = dispatch()
      .catch((error) => log.error('reminder dispatch failed', { error }))
      .finally(() => (running = undefined));
  };
  const arm = () => {
    if (stopped) return;
    const delay = MINUTE_MS - (timers.now() % MINUTE_MS);
    timer = timers.setTimeout(() => {
      tick();
      arm();
    }, delay);
  };
  tick(); // catch up at start-up instead of waiting for the first minute
  arm();
  return {
    async stop() {
      stopped = true;
      timers.clearTimeout(timer);
      await running;
    },
  };
}
