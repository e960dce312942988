/**
 * The kit every feature module is built with. A feature (src/bot/features/<name>/) owns:
 * - its buttons: `button(prefix, ...segments)`, data "prefix:arg:arg" read back by zod;
 * - its typed-text prompts: `feature.prompt(kind, schema, handlers)`, the conversation
 *   state kept while the bot waits for the person's words;
 * - its handlers, on a telegraf Composer, with its own role checks.
 * createBot mounts each feature with one line; nothing else needs to know its buttons or states.
 */
import { Composer, type MiddlewareFn } from 'telegraf';
import { z } from 'zod';
import { button, seg, type Button, type Parsed, type Segments } from '../domain/buttons.js';
import {
  clearConversation,
  findConversation,
  setConversation,
  type StoredConversation,
} from '../store/conversations.js';
import { checkMessageText } from '../domain/threads.js';
import { Refusal } from '../services/errors.js';
import type { BotContext } from './context.js';
import { answeringRefusals, type RefusalLines } from './refusals.js';
import { answerTap } from './reply.js';
import { answerTextProblem } from './text-prompt.js';

export { button, seg, type Button } from '../domain/buttons.js';

/** "✖️ Hủy" under a prompt names the prompt (one letter), so an old one cannot cancel what is open now. */
export const cancelButton = button('cn', seg.letter);

/** What a typed-text prompt does with a message that comes forwarded from someone else. */
export type ForwardedPolicy =
  /** Refused with "type it yourself"; the prompt stays open. */
  | 'refuse'
  /** Passed to the handler, flagged, which decides (the report form asks before storing). */
  | 'ask'
  /** Taken as the person's own words (guidance: the leader sees a preview before it goes). */
  | 'take';

/** A file sent while a prompt is open: Telegram's file id and what the message said of it. */
export interface IncomingFile {
  kind: 'photo' | 'document';
  fileId: string;
  fileName: string | null;
  fileSize: number | null;
  caption: string | null;
  mediaGroupId: string | null;
}

/** The photo (largest size) or document of this message, or undefined for any other message. */
export function incomingFile(ctx: BotContext): IncomingFile | undefined {
  const msg = ctx.message as
    | {
        photo?: { file_id: string; file_size?: number }[];
        document?: { file_id: string; file_name?: string; file_size?: number };
        caption?: string;
        media_group_id?: string;
      }
    | undefined;
  if (!msg) return undefined;
  const common = { caption: msg.caption ?? null, mediaGroupId: msg.media_group_id ?? null };
  const photo = msg.photo?.at(-1);
  if (photo)
    return { kind: 'photo', fileId: photo.file_id, fileName: null, fileSize: photo.file_size ?? null, ...common };
  if (msg.document)
    return {
      kind: 'document',
      fileId: msg.document.file_id,
      fileName: msg.document.file_name ?? null,
      fileSize: msg.document.file_size ?? null,
      ...common,
    };
  return undefined;
}

export interface PromptHandlers<S> {
  /** The person typed `text` (already cleaned, see clean-input.ts). */
  onText(ctx: BotContext, state: S, text: string, how: { forwarded: boolean }): Promise<void>;
  /** A photo or document while this prompt is open; without it the file goes to the features' file handlers. */
  onFile?(ctx: BotContext, state: S, file: IncomingFile): Promise<void>;
  /** Hours later a message is more likely a greeting than an answer; without this the prompt is dropped and the menu shown. */
  onStale?(ctx: BotContext, state: S): Promise<void>;
  forwarded: ForwardedPolicy;
  /** A text of only invisible characters: refused with "no text" (a reason is required), or passed on. */
  emptyText: 'refuse' | 'pass';
  /** The "✖️ Hủy" under this prompt: its one-letter code and what it says once cancelled. */
  cancel?: { code: string; said: string };
  /** An edit of a message already answered: the person is answering a form (hint: how to change an answer). */
  answersForm?: boolean;
}

/** A prompt a feature declared: how to open it and read it back, typed by its schema. */
export interface Prompt<S extends { kind: string }> extends PromptHandlers<S> {
  readonly kind: S['kind'];
  readonly schema: z.ZodType<S>;
  /** Opens (or replaces) the person's prompt with this state. */
  open(ctx: BotContext, state: S): Promise<void>;
  /** This prompt's state if it is the person's open prompt now, else undefined. */
  current(ctx: BotContext): Promise<S | undefined>;
}

/** One user task's handlers, buttons and prompts. */
export class Feature {
  readonly composer = new Composer<BotContext>();
  readonly buttons: Button[] = [];
  readonly prompts: Prompt<{ kind: string }>[] = [];

  constructor(readonly name: string) {}

  /**
   * Handles taps on `kind`. The tap's spinner is answered first unless `answersItself`
   * (the handler answers with a short text). `guard` runs before the handler and may
   * answer the tap and return true to stop it (e.g. a period that has ended). A service's
   * refusal is answered with its line (`refusals`: the handler's own lines by detail).
   */
  onButton<S extends Segments>(
    kind: Button<S>,
    handler: (ctx: BotContext, args: Parsed<S>) => Promise<unknown>,
    options: {
      answersItself?: boolean;
      guard?: (ctx: BotContext, args: Parsed<S>) => Promise<boolean>;
      refusals?: RefusalLines;
    } = {},
  ): this {
    this.buttons.push(kind as unknown as Button);
    this.composer.on('callback_query', async (ctx, next) => {
      const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
      const args = data === undefined ? undefined : kind.parse(data);
      if (!args) return next();
      if (!options.answersItself) await answerTap(ctx);
      if (options.guard && (await options.guard(ctx, args))) return;
      await answeringRefusals(ctx, () => handler(ctx, args), options.refusals);
    });
    return this;
  }

  /** Handles the main menu's item `item` (buttons "m:<item>"). */
  onMenu(item: string, handler: (ctx: BotContext) => Promise<unknown>, refusals?: RefusalLines): this {
    return this.onButton(button(`m:${item}`), (ctx) => handler(ctx), refusals ? { refusals } : {});
  }

  /** Handles a slash command (typed or from Telegram's command menu). */
  onCommand(command: string, handler: (ctx: BotContext) => Promise<unknown>): this {
    this.composer.command(command, (ctx) => answeringRefusals(ctx, () => handler(ctx)));
    return this;
  }

  /** Declares a typed-text prompt with its state `schema` (kind must be unique across features). */
  prompt<S extends { kind: string }>(kind: S['kind'], schema: z.ZodType<S>, handlers: PromptHandlers<S>): Prompt<S> {
    const prompt: Prompt<S> = {
      ...handlers,
      kind,
      schema,
      open: async (ctx, state) => {
        const now = ctx.deps.clock.now();
        await setConversation(ctx.deps.db, ctx.actor!.person.id, state, now);
        ctx.conversation = { state, updatedAt: now };
      },
      current: async (ctx) => {
        const stored = await loadConversation(ctx);
        if (!stored || stored.state.kind !== kind) return undefined;
        const parsed = schema.safeParse(stored.state);
        return parsed.success ? parsed.data : undefined;
      },
    };
    this.prompts.push(prompt as unknown as Prompt<{ kind: string }>);
    return prompt;
  }

  /**
   * Declares a prompt that takes one typed message and ends (see OneMessage): someone else's
   * words are refused, and so is an empty text (a checked one says why itself).
   */
  messagePrompt<S extends { kind: string }, T>(
    kind: S['kind'],
    schema: z.ZodType<S>,
    how: OneMessage<S, T> & { cancel: { code: string; said: string } },
  ): Prompt<S> {
    return this.prompt(kind, schema, {
      forwarded: 'refuse',
      emptyText: how.checked ? 'pass' : 'refuse',
      cancel: how.cancel,
      onText: takesOneMessage(how),
    });
  }

  /** Any other middleware of this feature (files, message types), on its own Composer. */
  use(...middleware: MiddlewareFn<BotContext>[]): this {
    this.composer.use(...middleware);
    return this;
  }
}

/** How a prompt that takes one message (Feature.messagePrompt) runs its workflow and says what came of it. */
export interface OneMessage<S, T> {
  /** Check the text first (empty, too long): a text that cannot be taken is said and the prompt stays open. */
  checked: boolean;
  /** Who ends the prompt once the message is taken: the workflow (in its transaction) or the kit, after it. */
  endedBy: 'workflow' | 'kit';
  /** The workflow, given the message's text. */
  take(ctx: BotContext, state: S, text: string): Promise<T>;
  /** What the person is told once it is taken. */
  done(ctx: BotContext, result: T, state: S): Promise<unknown>;
  /** The handler's own lines for the workflow's refusals, by detail. */
  refusals?: RefusalLines;
}

/**
 * The onText of a prompt that takes one message and ends: the text (checked if asked) goes
 * to the workflow; whatever it refuses is answered with its line and ends the prompt too.
 */
function takesOneMessage<S, T>(how: OneMessage<S, T>): PromptHandlers<S>['onText'] {
  return async (ctx, state, typed) => {
    let text = typed;
    if (how.checked) {
      // A text that cannot be taken keeps the prompt open for another try.
      const checked = checkMessageText(typed);
      if (!checked.ok) return answerTextProblem(ctx, checked);
      text = checked.text;
    }
    await answeringRefusals(
      ctx,
      async () => {
        let result: T;
        try {
          result = await how.take(ctx, state, text);
        } catch (error) {
          // Whatever refused it (the person's role changed since, the report moved on), the prompt ends.
          if (error instanceof Refusal) await endPrompt(ctx);
          throw error;
        }
        if (how.endedBy === 'kit') await endPrompt(ctx);
        else ctx.conversation = null;
        await how.done(ctx, result, state);
      },
      how.refusals,
    );
  };
}

/** The person's open prompt as stored (read once per update, then kept on the context). */
export async function loadConversation(ctx: BotContext): Promise<StoredConversation | undefined> {
  if (ctx.conversation !== undefined) return ctx.conversation ?? undefined;
  const stored = ctx.actor ? await findConversation(ctx.deps.db, ctx.actor.person.id) : undefined;
  ctx.conversation = stored ?? null;
  return stored;
}

/** Ends the person's open prompt, whatever it is. */
export async function endPrompt(ctx: BotContext): Promise<void> {
  ctx.conversation = null;
  await clearConversation(ctx.deps.db, ctx.actor!.person.id);
}
