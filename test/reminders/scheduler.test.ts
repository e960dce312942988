import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startReminderScheduler } from '../../src/reminders/scheduler.js';

// The server runs in a zone with summer time; 08:00 in Vietnam is 01:00 UTC, the very
// instant London changes its clocks (last Sunday of March and of October).
describe('the reminder tick with the server in Europe/London', () => {
  const zone = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'Europe/London';
  });
  afterEach(() => {
    vi.useRealTimers();
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  async function ticksBetween(start: string, minutes: number): Promise<string[]> {
    vi.useFakeTimers({ now: new Date(start) });
    const ticks: string[] = [];
    const scheduler = startReminderScheduler(async () => void ticks.push(new Date().toISOString()), silentLogger);
    await vi.advanceTimersByTimeAsync(minutes * 60_000);
    await scheduler.stop();
    return ticks;
  }

  function everyMinute(from: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => new Date(new Date(from).getTime() + i * 60_000).toISOString());
  }

  it('ticks at start and then once at every whole minute across the October change (summer time ends)', async () => {
    // The zone really is in effect: BST (UTC+1) before 01:00 UTC, GMT after.
    expect(new Date('2026-10-25T00:30:00Z').getTimezoneOffset()).toBe(-60);
    expect(new Date('2026-10-25T01:30:00Z').getTimezoneOffset()).toBe(0);
    const ticks = await ticksBetween('2026-10-25T00:50:30Z', 20);
    expect(ticks).toEqual(['2026-10-25T00:50:30.000Z', ...everyMinute('2026-10-25T00:51:00Z', 20)]);
    expect(ticks).toContain('2026-10-25T01:00:00.000Z'); // 08:00 in Vietnam, on time
  });

  it('ticks once at every whole minute across the March change (summer time starts)', async () => {
    expect(new Date('2026-03-29T00:30:00Z').getTimezoneOffset()).toBe(0);
    expect(new Date('2026-03-29T01:30:00Z').getTimezoneOffset()).toBe(-60);
    const ticks = await ticksBetween('2026-03-29T00:50:00Z', 20);
    // Started on a whole minute: the start-up pass, then the next minutes.
    expect(ticks).toEqual(everyMinute('2026-03-29T00:50:00Z', 21));
  });

  it('keeps ticking for a whole day around the change, 1,440 passes and one at start', async () => {
    const ticks = await ticksBetween('2026-10-24T12:00:10Z', 24 * 60);
    expect(ticks).toHaveLength(24 * 60 + 1);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.slice(1).every((t) => t.endsWith(':00.000Z'))).toBe(true);
  });
});

describe('the reminder tick', () => {
  afterEach(() => vi.useRealTimers());

  it('skips a tick while the previous pass still runs, and stop() waits for the pass in hand', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') });
    let passes = 0;
    let finish: () => void = () => undefined;
    const scheduler = startReminderScheduler(() => {
      passes++;
      return new Promise<void>((resolve) => (finish = resolve));
    }, silentLogger);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(passes).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(passes).toBe(2);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(passes).toBe(2);
  });

  it('keeps ticking after a pass fails', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T00:00:30Z') });
    let passes = 0;
    const scheduler = startReminderScheduler(async () => {
      passes++;
      throw new Error('database away');
    }, silentLogger);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await scheduler.stop();
    expect(passes).toBe(3);
  });
});
