import type { MiddlewareFn } from 'telegraf';
import { vi } from '../i18n/vi.js';
import { loadActorClaimingUpdate } from '../services/actor.js';
import { setReachable } from '../store/people.js';
import { finishUpdates, pruneHandledUpdates } from '../store/updates.js';
import type { BotContext } from './context.js';
import { answerTap } from './reply.js';

/** Telegram keeps an unconfirmed update for 24 hours; two days of ids is a safe margin. */
const KEEP_MS = 2 * 24 * 60 * 60 * 1000;
/** How often the store of seen ids is pruned (on the way of an update, at most this often). */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Handles each Telegram update once, across restarts. telegraf confirms a batch only when
 * it asks for the next one, so an update handled just before the process stopped comes
 * again on the next start (same update_id): handling it twice would store "12" typed for
 * question 1 as the answer to question 2.
 *
 * The id is claimed (insert … on conflict do nothing) before the update is handled and
 * marked done after. An id already claimed is not handled again:
 * - 'done': handled before; skipped silently.
 * - 'started': the process ended while handling it, so some of its writes may have
 *   happened and some not. Running it again could apply it twice (the worse failure:
 *   wrong data, unseen), so it is skipped too, and the person, who got no answer to it,
 *   is told to check and do it again if needed: nothing is lost unnoticed.
 * Seen ids are pruned after two days.
 *
 * The claim's statement also reads who sent the update (ctx.actor: the person with their
 * memberships, undefined for a stranger or someone removed) and, for what the prompt router
 * reads first (text, a photo or document, an edit), the person's open prompt (ctx.conversation):
 * one round trip before the update is handled. Only a registered person is told anything of
 * an update delivered again (strangers get silence).
 *
 * Marking done costs no round trip of its own while other updates are being handled: it
 * goes with the next claim (one statement), or at the latest when the last update in hand
 * is done (so nothing waits when the bot is idle or stopping). An update marked done late
 * because the process died meanwhile counts as 'started': not run twice, the person told.
 */
export function handleEachUpdateOnce(): MiddlewareFn<BotContext> {
  // Runs for private chats with a person (create-bot.ts filters the rest out before).
  let lastPrune = 0;
  let inHand = 0;
  let finished: number[] = [];
  const take = () => {
    const ids = finished;
    finished = [];
    return ids;
  };
  return async (ctx, next) => {
    const { db, clock, log } = ctx.deps;
    const updateId = ctx.update.update_id;
    const now = clock.now();
    const marking = take();
    let loaded;
    try {
      loaded = await loadActorClaimingUpdate(db, {
        updateId,
        now,
        finished: marking,
        telegramUserId: ctx.from!.id,
        withConversation: promptReadFirst(ctx),
        // Typed text to a report's form reads that report first (features/report-form.ts answerReport).
        withReport: ctx.message !== undefined && 'text' in ctx.message && !ctx.message.text.startsWith('/'),
      });
    } catch (error) {
      finished.push(...marking);
      throw error;
    }
    const { claim } = loaded;
    ctx.actor = loaded.actor;
    if (loaded.conversation !== undefined) ctx.conversation = loaded.conversation;
    if (loaded.report) ctx.reportReadAhead = loaded.report;
    // Someone who writes to the bot can be reached again (they unblocked it, or came back).
    if (ctx.actor && !ctx.actor.person.reachable) await setReachable(db, ctx.actor.person.id, true);
    if (claim !== 'new') {
      log.warn('update delivered again; not handled twice', { updateId, claim });
      if (claim === 'started' && ctx.actor && ctx.chat?.type === 'private') {
        if (ctx.callbackQuery) await answerTap(ctx, vi.interrupted.tap);
        await ctx.reply(vi.interrupted.message);
      } else if (ctx.callbackQuery) {
        await answerTap(ctx);
      }
      return;
    }
    inHand++;
    try {
      await next();
    } finally {
      inHand--;
      finished.push(updateId);
      if (inHand === 0) {
        const ids = take();
        await finishUpdates(db, ids).catch((error) =>
          log.warn('could not mark updates handled', { updateIds: ids, error }),
        );
      }
    }
    if (now.getTime() - lastPrune >= PRUNE_EVERY_MS || now.getTime() < lastPrune) {
      lastPrune = now.getTime();
      const pruned = await pruneHandledUpdates(db, new Date(now.getTime() - KEEP_MS)).catch((error) => {
        log.warn('could not prune handled updates', { error });
        return 0;
      });
      if (pruned) log.debug('pruned handled updates', { pruned });
    }
  };
}

/**
 * True when the prompt router (prompts.ts) reads the open prompt before any feature may write
 * it: text that is not a command, a photo or document, an edit. Only then is the prompt read
 * ahead with the claim; otherwise it is read when first needed (loadConversation).
 */
function promptReadFirst(ctx: BotContext): boolean {
  if (ctx.editedMessage) return true;
  const message = ctx.message;
  if (!message) return false;
  if ('text' in message) return !message.text.startsWith('/');
  return 'photo' in message || 'document' in message;
}
