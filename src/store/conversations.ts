import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { answerValueSchema } from '../domain/form.js';

/** A photo or document sent with guidance, by Telegram's file id. */
export const guidanceFileSchema = z.object({ kind: z.enum(['photo', 'document']), fileId: z.string().min(1), fileName: z.string().nullable() });
export type GuidanceFile = z.infer<typeof guidanceFileSchema>;

/** What a person is in the middle of. Kept in the database so a restart loses nothing. */
export const conversationStateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('report'),
    reportId: z.number().int(),
    /** The question on the person's screen: their answer goes there, or nowhere. */
    field: z.string().optional(),
    /** Changing an earlier answer (from the review) rather than answering a new question. */
    editing: z.boolean().default(false),
    /** The two readings of an ambiguous number ("1,500"), offered as buttons. */
    candidates: z.union([z.tuple([z.number()]), z.tuple([z.number(), z.number()])]).optional(),
    /** Options ticked so far on a multiple-choice question. */
    selection: z.array(z.string()).optional(),
    /** When a session correcting a submitted report began (ISO time). */
    since: z.string().optional(),
    /**
     * An answer read but not stored yet: it came forwarded, or looks unlikely (above the
     * yearly target, a date to come). "✅ Đúng" stores it; anything typed replaces it.
     */
    pending: z.object({ value: answerValueSchema, reason: z.enum(['forwarded', 'unusual']) }).optional(),
    /** The report's last revision (id) when that session began; later ones are the session's. */
    sinceRevision: z.number().int().optional(),
    /** The version of the answer on screen when the question was shown (0: unanswered then). */
    seen: z.number().int().optional(),
    /** The person's value, not written: a colleague changed the answer meanwhile; they choose which stays. */
    conflict: z.object({ value: answerValueSchema, version: z.number().int() }).optional(),
  }),
  z.object({ kind: z.literal('guidance_compose'), clusterId: z.number().int() }),
  /** The leader is typing a comment on a report (or on one of its answers), or the reason for sending it back. */
  z.object({ kind: z.literal('leader_feedback'), reportId: z.number().int(), feedback: z.enum(['comment', 'return']), field: z.string().optional() }),
  /** Writing in a unit's thread with the leader, from either side; maybe answering feedback or a message. */
  z.object({
    kind: z.literal('thread_message'),
    periodId: z.number().int(),
    unitId: z.number().int(),
    side: z.enum(['unit', 'leader']),
    feedbackId: z.number().int().optional(),
    replyTo: z.number().int().optional(),
  }),
  /**
   * Guidance being previewed: the text, maybe one photo or document, and the units chosen
   * (absent: every unit of the cluster, also one whose people join before it is sent).
   */
  z.object({
    kind: z.literal('guidance_preview'),
    clusterId: z.number().int(),
    body: z.string(),
    file: guidanceFileSchema.optional(),
    unitIds: z.array(z.number().int()).optional(),
  }),
  /**
   * The leader previews a unit's answer to share with the other units and may type a note.
   * The text is kept as previewed: what the leader confirms is what goes out.
   */
  z.object({
    kind: z.literal('share_preview'),
    clusterId: z.number().int(),
    reportId: z.number().int(),
    fieldKey: z.string(),
    text: z.string(),
    note: z.string().optional(),
  }),
]);

export type ConversationState = z.infer<typeof conversationStateSchema>;

export async function getConversation(db: Db, personId: number): Promise<{ state: ConversationState; updatedAt: Date } | undefined> {
  const row = await db.selectFrom('conversations').select(['state', 'updated_at']).where('person_id', '=', personId).executeTakeFirst();
  if (!row) return undefined;
  const parsed = conversationStateSchema.safeParse(row.state);
  return parsed.success ? { state: parsed.data, updatedAt: row.updated_at } : undefined;
}

/** A prompt's state as stored: its `kind` names the prompt; the feature that declared it reads the rest. */
export interface StoredConversation {
  state: { kind: string } & Record<string, unknown>;
  updatedAt: Date;
}

/** The person's open prompt, unparsed beyond its kind; undefined when none (or unreadable). */
export async function getStoredConversation(db: Db, personId: number): Promise<StoredConversation | undefined> {
  const row = await db.selectFrom('conversations').select(['state', 'updated_at']).where('person_id', '=', personId).executeTakeFirst();
  const state = row && storedStateSchema.safeParse(row.state);
  return row && state?.success ? { state: state.data, updatedAt: row.updated_at } : undefined;
}

const storedStateSchema = z.looseObject({ kind: z.string() });

export async function setConversation<S extends { kind: string }>(db: Db, personId: number, state: S, now: Date): Promise<void> {
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
