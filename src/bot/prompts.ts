/**
 * Routes what a person types or sends while a prompt is open to the feature that opened it
 * (see Feature.prompt): text, files, edits, and the prompt's "✖️ Hủy". A message with no open
 * prompt, or a slash command, goes on to the features' own handlers.
 */
import { message } from 'telegraf/filters';
import { vi } from '../i18n/vi.js';
import { isForwarded } from './clean-input.js';
import type { BotContext } from './context.js';
import { cancelButton, endPrompt, Feature, incomingFile, loadConversation, type Prompt } from './feature.js';

/** After this long without an answer, free text is not taken as the answer to the open prompt. */
export const STALE_PROMPT_MS = 3 * 60 * 60 * 1000;

/**
 * The router for the prompts `features` declare. `showMenu` is what a stale or unknown
 * prompt ends in. Throws at start-up when two prompts share a kind (a programming error).
 */
export function promptRouter(features: Feature[], showMenu: (ctx: BotContext) => Promise<void>): Feature {
  const prompts = new Map<string, Prompt<{ kind: string }>>();
  for (const prompt of features.flatMap((f) => f.prompts)) {
    if (prompts.has(prompt.kind)) throw new Error(`two prompts named ${prompt.kind}`);
    prompts.set(prompt.kind, prompt);
  }

  /** The open prompt and its parsed state, when a feature declared it. */
  async function open(ctx: BotContext) {
    const stored = await loadConversation(ctx);
    const prompt = stored && prompts.get(stored.state.kind);
    const parsed = prompt?.schema.safeParse(stored!.state);
    if (!stored || !prompt || !parsed?.success) return undefined;
    const stale = ctx.deps.clock.now().getTime() - stored.updatedAt.getTime() > STALE_PROMPT_MS;
    return { prompt, state: parsed.data, stale };
  }

  const router = new Feature('prompts');
  router.composer.on(message('text'), async (ctx, next) => {
    const { text } = ctx.message;
    if (text.startsWith('/')) return next();
    const current = await open(ctx);
    if (!current) return next();
    const { prompt, state, stale } = current;
    // Hours later a message is more likely a greeting than an answer: do not guess.
    if (stale) {
      if (prompt.onStale) return prompt.onStale(ctx, state);
      await endPrompt(ctx);
      return showMenu(ctx);
    }
    // Someone else's words are not the person's answer (unless the prompt shows a preview first).
    const forwarded = isForwarded(ctx);
    if (forwarded && prompt.forwarded === 'refuse') return void (await ctx.reply(vi.input.forwardedNotTaken));
    // A reason made only of invisible characters is no reason: the prompt stays open.
    if (text === '' && prompt.emptyText === 'refuse') return void (await ctx.reply(vi.messageText.empty));
    return prompt.onText(ctx, state, text, { forwarded: forwarded && prompt.forwarded === 'ask' });
  });

  // A photo or document goes to the open prompt if it takes files, else to the features (the report).
  router.composer.on([message('photo'), message('document')], async (ctx, next) => {
    const current = await open(ctx);
    const file = incomingFile(ctx);
    if (!current?.prompt.onFile || !file) return next();
    return current.prompt.onFile(ctx, current.state, file);
  });

  // An edit of a message already handled is not read again: say so, and how to change an answer.
  router.composer.on('edited_message', async (ctx) => {
    const current = await open(ctx);
    await ctx.reply(vi.input.editNotTaken(current?.prompt.answersForm === true));
  });

  router.onButton(cancelButton, async (ctx, [code]) => {
    const current = await open(ctx);
    const cancel = current?.prompt.cancel;
    if (!current || !cancel || cancel.code !== code) return void (await ctx.reply(vi.staleButton));
    await endPrompt(ctx);
    await ctx.reply(cancel.said);
  });
  return router;
}
