import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';

/** Every migration, in order. Listed explicitly so the compiled app and the tests find the same set. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};
