/**
 * Values each test of a suite gets anew: a harness, a fixture, the people who joined. Declared
 * once at the top of a `describe` instead of a `let`, a `beforeEach` that fills it and an
 * `afterEach` that closes it.
 */
import { afterEach, beforeEach } from 'vitest';

/**
 * A value `make` makes before each test of the enclosing suite (and `close` ends after it),
 * used as if it were the running test's own: reading a property or calling a method goes to
 * the current one. A later perTest may use an earlier one (before-each hooks run in order).
 */
export function perTest<T extends object>(make: () => Promise<T>, close?: (value: T) => Promise<unknown>): T {
  let value: T | undefined;
  beforeEach(async () => {
    value = await make();
  });
  if (close)
    afterEach(async () => {
      const made = value;
      value = undefined;
      if (made) await close(made);
    });
  const current = (): T => {
    if (!value) throw new Error('a per-test value used outside a test');
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const found: unknown = Reflect.get(target, key, target);
      return typeof found === 'function' ? (found as (...args: unknown[]) => unknown).bind(target) : found;
    },
    set: (_, key, next) => Reflect.set(current(), key, next),
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
