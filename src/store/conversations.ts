import { z } from 'zod';
import type { Db } from '../db/connect.js';

/** A prompt's state as stored: its `kind` names the prompt; the feature that declared it reads the rest. */
export interface StoredConversation {
  state: { kind: string } & Record<string, unknown>;
  updatedAt: Date;
}

/** The person's open prompt, unparsed beyond its kind; undefined when none (or unreadable). */
export async function findConversation(db: Db, personId: number): Promise<StoredConversation | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select(['state', 'updated_at'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row && storedConversation(row.state, row.updated_at);
}

/** A conversation row's columns as a StoredConversation; undefined when the state is unreadable. */
export function storedConversation(state: unknown, updatedAt: Date): StoredConversation | undefined {
  const parsed = storedStateSchema.safeParse(state);
  return parsed.success ? { state: parsed.data, updatedAt } : undefined;
}

const storedStateSchema = z.looseObject({ kind: z.string() });

export async function setConversation<S extends { kind: string }>(
  db: Db,
  personId: number,
  state: S,
  now: Date,
): Promise<void> {
  const json = JSON.stringify(state);
  await db
    .insertInto('conversations')
    .values({ person_id: personId, state: json, updated_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ state: json, updated_at: now }))
    .execute();
}

export async function clearConversation(db: Db, personId: number): Promise<void> {
  await db.deleteFrom('conversations').where('person_id', '=', personId).execute();
}
