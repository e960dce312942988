import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { AnswerValue } from './form.js';

/**
 * Each answer of a report carries a version: 0 before anyone wrote it, one more at each
 * change. A writer remembers the version on their screen when the question is shown; a
 * write over a newer version would overwrite what a colleague wrote meanwhile, unseen.
 */
export const answerVersionSchema = z.object({
  v: z.number().int().nonnegative(),
  by: z.number().int(),
  at: z.string(),
});
export const answerVersionsSchema = z.record(z.string(), answerVersionSchema);
export type AnswerVersion = z.infer<typeof answerVersionSchema>;
export type AnswerVersions = z.infer<typeof answerVersionsSchema>;

/** The version of an answer (0: never written). */
export function versionOf(versions: AnswerVersions, key: string): number {
  return versions[key]?.v ?? 0;
}

export type WriteDecision =
  /** Nothing changes: the stored value is already this one. */
  | 'same'
  /** The writer saw the stored value (or did not say what they saw): write it. */
  | 'write'
  /** Someone changed the answer since the writer's screen showed it, to another value. */
  | 'conflict';

/**
 * Whether a value may be written over the stored one. `seen` is the version the writer's
 * screen showed; undefined means unknown (an old conversation) and does not block.
 */
export function decideWrite(
  stored: { value: AnswerValue | undefined; version: number },
  value: AnswerValue,
  seen: number | undefined,
): WriteDecision {
  if (isDeepStrictEqual(stored.value, value)) return 'same';
  if (seen !== undefined && seen !== stored.version) return 'conflict';
  return 'write';
}
