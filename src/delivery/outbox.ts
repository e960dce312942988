import { sql } from 'kysely';
import { type Db, inTransaction } from '../db/connect.js';
import type { Failure } from './outcome.js';
import { MAX_CAPTION as TELEGRAM_MAX_CAPTION, MAX_TEXT, splitMessage } from '../domain/telegram-limits.js';

/** The Bot API methods the queue sends; payloads are their parameters without chat_id. */
export type OutgoingMethod = 'sendMessage' | 'sendDocument' | 'sendPhoto';

export interface OutgoingMessage {
  chatId: number;
  /** The person it is for: marked unreachable if Telegram refuses, and skipped while so. */
  personId?: number;
  /** The cluster whose leader hears about an unreachable person. */
  clusterId?: number;
  method: OutgoingMethod;
  payload: Record<string, unknown>;
  /** A message with a key is queued once, however often it is enqueued. */
  dedupeKey?: string;
  batchId?: number;
  notBefore?: Date;
  /** Not sent after this moment (a reminder must not arrive at night); compared with the app's clock. */
  expiresAt?: Date;
}

export interface Recipient {
  chatId: number;
  personId?: number;
  clusterId?: number;
}

type Extra = object;

/** An HTML text message, the common case. */
export function textMessage(
  to: Recipient,
  text: string,
  extra: Extra = {},
  options: Pick<OutgoingMessage, 'dedupeKey' | 'batchId' | 'expiresAt'> = {},
): OutgoingMessage {
  return { ...recipient(to), method: 'sendMessage', payload: { text, parse_mode: 'HTML', ...extra }, ...options };
}

/** The same text to each person of a cluster, skipping whoever is acting (they see it already). */
export function textToPeople(
  people: { chatId: number; personId: number }[],
  clusterId: number,
  text: string,
  extra: Extra = {},
  except?: number,
): OutgoingMessage[] {
  return people
    .filter((p) => p.personId !== except)
    .map((p) => textMessage({ chatId: p.chatId, personId: p.personId, clusterId }, text, extra));
}

/** Telegram's limit on a photo's or document's caption. */
export const MAX_CAPTION = TELEGRAM_MAX_CAPTION;

/** A photo or document by Telegram file id, with an HTML caption (none if empty). */
export function fileMessage(
  to: Recipient,
  file: { kind: 'photo' | 'document'; fileId: string },
  caption: string,
  extra: Extra = {},
  options: Pick<OutgoingMessage, 'dedupeKey' | 'batchId' | 'expiresAt'> = {},
): OutgoingMessage {
  const method = file.kind === 'photo' ? 'sendPhoto' : 'sendDocument';
  return {
    ...recipient(to),
    method,
    payload: { [file.kind]: file.fileId, ...(caption ? { caption, parse_mode: 'HTML' } : {}), ...extra },
    ...options,
  };
}

/**
 * The rows a message becomes so Telegram accepts each (src/domain/telegram-limits.ts): a text
 * over 4,096 characters as several texts cut at line breaks, a caption over 1,024 as the
 * caption's first part and the rest as texts; in order, the buttons under the last. Each
 * row keeps the recipient, batch and expiry; all but the last get their own dedupe key.
 */
export function fitToTelegram(message: OutgoingMessage): OutgoingMessage[] {
  const { payload } = message;
  const html = payload.parse_mode === 'HTML';
  const field = message.method === 'sendMessage' ? 'text' : 'caption';
  const content = payload[field];
  if (typeof content !== 'string') return [message];
  const parts = splitMessage(content, {
    html,
    max: MAX_TEXT,
    ...(field === 'caption' ? { firstMax: TELEGRAM_MAX_CAPTION } : {}),
  });
  if (parts.length === 1 && parts[0] === content) return [message];
  const { reply_markup: markup, ...rest } = payload;
  const first =
    field === 'caption' && parts.length === 0
      ? { ...rest, caption: undefined, parse_mode: undefined }
      : { ...rest, [field]: parts[0] };
  const texts = parts.slice(1).map((text) => ({
    text,
    ...(html ? { parse_mode: 'HTML' } : {}),
    ...('link_preview_options' in rest ? { link_preview_options: rest.link_preview_options } : {}),
  }));
  const payloads: Record<string, unknown>[] = [JSON.parse(JSON.stringify(first)) as Record<string, unknown>, ...texts];
  if (markup !== undefined) payloads[payloads.length - 1] = { ...payloads[payloads.length - 1], reply_markup: markup };
  return payloads.map((p, i) => {
    const last = i === payloads.length - 1;
    const row: OutgoingMessage = { ...message, method: i === 0 ? message.method : 'sendMessage', payload: p };
    if (!last && message.dedupeKey !== undefined) row.dedupeKey = `${message.dedupeKey}:part${i + 1}`;
    return row;
  });
}

function recipient(to: Recipient) {
  return {
    chatId: to.chatId,
    ...(to.personId !== undefined ? { personId: to.personId } : {}),
    ...(to.clusterId !== undefined ? { clusterId: to.clusterId } : {}),
  };
}

/**
 * Writes the messages to the queue, each cut to fit Telegram (fitToTelegram); returns one id
 * per message, its last row's, the one with the buttons (existing ones for known dedupe keys).
 * Queue times are wall-clock time, whatever clock the caller runs on: pacing is real.
 */
export async function enqueue(db: Db, messages: OutgoingMessage[]): Promise<number[]> {
  const now = new Date();
  const ids: number[] = [];
  // A message Telegram would refuse as too long goes as several rows; its id is its last row's.
  for (const m of messages.flatMap((message) =>
    fitToTelegram(message).map((row, i, rows) => ({ ...row, last: i === rows.length - 1 })),
  )) {
    const inserted = await db
      .insertInto('outbox')
      .values({
        cluster_id: m.clusterId ?? null,
        person_id: m.personId ?? null,
        chat_id: m.chatId,
        method: m.method,
        payload: JSON.stringify(m.payload),
        dedupe_key: m.dedupeKey ?? null,
        batch_id: m.batchId ?? null,
        not_before: m.notBefore ?? now,
        expires_at: m.expiresAt ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    const id =
      inserted?.id ??
      (await db.selectFrom('outbox').select('id').where('dedupe_key', '=', m.dedupeKey!).executeTakeFirstOrThrow()).id;
    if (m.last) ids.push(id);
  }
  return ids;
}

/** A batch calls back when its last message is settled; `onDone` says what to do then. */
export async function createBatch(db: Db, onDone: unknown): Promise<number> {
  const { id } = await db
    .insertInto('outbox_batches')
    .values({ on_done: JSON.stringify(onDone), created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface Pace {
  /** Messages sent per rolling second, over everything the bot sends from every process on this database (the send budget). */
  perSecond: number;
  /** Gap between two messages to one private chat (Telegram: about one per second). */
  chatIntervalMs: number;
  /** Gap between two messages to one group (Telegram: 20 per minute). */
  groupIntervalMs: number;
}

export interface ClaimedMessage {
  id: number;
  chatId: number;
  personId: number | null;
  clusterId: number | null;
  method: OutgoingMethod;
  payload: Record<string, unknown>;
  attempts: number;
  batchId: number | null;
  expiresAt: Date | null;
  createdAt: Date;
  /** The person is known to be unreachable: settle without sending. */
  skip: boolean;
  /** The person was removed from every unit after this was queued: dropped (expired), never sent. */
  removed?: boolean;
}

/** Any fixed number shared by every sender: claims are taken one sender at a time. */
const CLAIM_LOCK = 724_100;

/**
 * Takes the next messages to send (at most `limit`). Per chat, messages go strictly in order, one
 * at a time and paced, also after direct replies to that chat (the send budget's rows); the
 * overall rate is kept by the send budget when each message leaves. Claims are serialised with an
 * advisory lock so the count is exact across processes, and rows are taken `FOR UPDATE SKIP
 * LOCKED` so a sender never waits on another's rows.
 */
export async function claimNext(
  db: Db,
  input: { worker: string; now: Date; pace: Pace; limit?: number },
): Promise<ClaimedMessage[]> {
  const { now, pace } = input;
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(trx);
    // The overall rate is the send budget's (counted when each request leaves, shared with direct replies).
    const capacity = input.limit ?? pace.perSecond;
    if (capacity <= 0) return [];
    const chatCut = new Date(now.getTime() - pace.chatIntervalMs);
    const groupCut = new Date(now.getTime() - pace.groupIntervalMs);
    const candidates = await sql<{ id: number }>`
      select o.id from outbox o
      where o.status = 'pending' and o.not_before <= ${now}
        and not exists (select 1 from outbox e where e.chat_id = o.chat_id and e.id < o.id and e.status in ('pending', 'sending'))
        and not exists (
          select 1 from outbox r
          where r.chat_id = o.chat_id
            -- The gap runs from the later of the last claim and the last delivery: a slow send does not shorten it.
            and greatest(r.claimed_at, r.sent_at) > (case when o.chat_id < 0 then ${groupCut}::timestamptz else ${chatCut}::timestamptz end))
        -- Nor sooner after anything else sent to the chat (a direct reply), from its answer.
        and not exists (
          select 1 from send_budget b
          where b.chat_id = o.chat_id
            and greatest(b.left_at, b.answered_at) > (case when o.chat_id < 0 then ${groupCut}::timestamptz else ${chatCut}::timestamptz end))
      order by o.id
      limit ${capacity}
      for update of o skip locked`.execute(trx);
    if (candidates.rows.length === 0) return [];
    const rows = await trx
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', claimed_by: input.worker, claimed_at: now, attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        candidates.rows.map((r) => r.id),
      )
      .returning([
        'id',
        'chat_id',
        'person_id',
        'cluster_id',
        'method',
        'payload',
        'attempts',
        'batch_id',
        'expires_at',
        'created_at',
      ])
      .execute();
    const unreachable = new Set(
      (
        await trx
          .selectFrom('people')
          .select('id')
          .where('id', 'in', [0, ...rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id]))])
          .where('reachable', '=', false)
          .execute()
      ).map((p) => p.id),
    );
    // Someone taken off their unit (retired, left) is a stranger now: what waited for them is not sent.
    const personIds = [...new Set(rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id])))];
    const members = new Set(
      personIds.length
        ? (
            await trx
              .selectFrom('memberships')
              .select('person_id')
              .where('person_id', 'in', personIds)
              .where('revoked_at', 'is', null)
              .execute()
          ).map((m) => m.person_id)
        : [],
    );
    const everMember = new Set(
      personIds.length
        ? (await trx.selectFrom('memberships').select('person_id').where('person_id', 'in', personIds).execute()).map(
            (m) => m.person_id,
          )
        : [],
    );
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        id: r.id,
        chatId: r.chat_id,
        personId: r.person_id,
        clusterId: r.cluster_id,
        method: r.method as OutgoingMethod,
        payload: r.payload,
        attempts: r.attempts,
        batchId: r.batch_id,
        expiresAt: r.expires_at,
        createdAt: r.created_at,
        skip: r.person_id !== null && unreachable.has(r.person_id),
        removed: r.person_id !== null && everMember.has(r.person_id) && !members.has(r.person_id),
      }));
  });
}

/**
 * Messages whose sender stopped (crashed, killed) while holding them go back to the queue,
 * marked: Telegram may have received them, so they might arrive twice. Returns how many.
 */
export async function recoverAbandoned(
  db: Db,
  input: { now: Date; leaseMs: number; deadWorkers?: string[] },
): Promise<number> {
  const expired = new Date(input.now.getTime() - input.leaseMs);
  const dead = input.deadWorkers ?? [];
  const rows = await db
    .updateTable('outbox')
    .set({ status: 'pending', claimed_by: null, duplicate_risk: true, not_before: input.now })
    .where('status', '=', 'sending')
    .where((eb) => eb.or([eb('claimed_at', '<', expired), ...(dead.length ? [eb('claimed_by', 'in', dead)] : [])]))
    .returning('id')
    .execute();
  return rows.length;
}

/** Senders currently holding messages. */
export async function holdingWorkers(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('claimed_by')
    .distinct()
    .where('status', '=', 'sending')
    .where('claimed_by', 'is not', null)
    .execute();
  return rows.map((r) => r.claimed_by!);
}

export type Settlement =
  | { status: 'sent'; messageId: number | undefined }
  | { status: 'retry'; at: Date; error: string }
  | { status: 'failed'; failure: Failure; error: string }
  | { status: 'uncertain'; error: string }
  | { status: 'expired' };

/** Records the outcome of a claimed message; only the sender holding it may. */
export async function settle(db: Db, id: number, worker: string, outcome: Settlement, now: Date): Promise<boolean> {
  const update = db
    .updateTable('outbox')
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('claimed_by', '=', worker);
  const result = await (() => {
    switch (outcome.status) {
      case 'sent':
        return update.set({
          status: 'sent',
          sent_at: now,
          telegram_message_id: outcome.messageId ?? null,
          error: null,
          failure: null,
        });
      case 'retry':
        return update.set({ status: 'pending', not_before: outcome.at, error: outcome.error, claimed_by: null });
      case 'failed':
        return update.set({ status: 'failed', failure: outcome.failure, error: outcome.error });
      case 'uncertain':
        return update.set({ status: 'uncertain', error: outcome.error });
      case 'expired':
        return update.set({ status: 'expired' });
    }
  })()
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** Follows a group that became a supergroup: its waiting messages and its people move along. */
export async function moveChat(db: Db, from: number, to: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('outbox')
      .set({ chat_id: to })
      .where('chat_id', '=', from)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
    await trx.updateTable('people').set({ chat_id: to }).where('chat_id', '=', from).execute();
  });
}

/** Closes the batch when nothing in it is left to send; returns its `onDone` once, to one caller. */
export async function closeBatchIfDone(db: Db, batchId: number, now: Date): Promise<unknown> {
  const row = await db
    .updateTable('outbox_batches')
    .set({ done_at: now })
    .where('id', '=', batchId)
    .where('done_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox')
            .select('id')
            .where('batch_id', '=', batchId)
            .where('status', 'in', ['pending', 'sending']),
        ),
      ),
    )
    .returning('on_done')
    .executeTakeFirst();
  return row?.on_done;
}

/** When the next waiting message becomes due, if any is waiting at all. */
export async function nextDue(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('not_before').as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : undefined;
}

/** Messages not yet settled (waiting or being sent). */
export async function unsettledCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The messages still waiting or being sent, for a diagnosis (a drain that timed out). */
export function listUnsettled(db: Db) {
  return db
    .selectFrom('outbox')
    .select(['id', 'chat_id', 'status', 'not_before', 'attempts', 'error'])
    .where('status', 'in', ['pending', 'sending'])
    .execute();
}

/** Locks a batch's row until the transaction ends: the settles of one batch take turns. */
export async function lockBatch(trx: Db, batchId: number): Promise<void> {
  await trx.selectFrom('outbox_batches').select('id').where('id', '=', batchId).forUpdate().execute();
}
