/**
 * Routes what a person types or sends while a prompt is open to the feature that opened it
 * (see Feature.prompt): text, files, edits, and the prompt's "✖️ Hủy". A message with no open
 * prompt, or a slash command, goes on to the features' own handlers.
 */
import { message } from 'telegraf/filters';
import { vi } from '../i18n/vi.js';
import { isForwarded } from './clean-input.js';
import type { BotContext } from './context.js';
import { cancelPrompt as legacyCancelPrompt } from './features/cancel.js';
import { getConversation } from '../store/conversations.js';
import type { PromptCode } from './callback-data.js';
import { cancelButton, endPrompt, Feature, loadConversation, type IncomingFile, type Prompt } from './feature.js';

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

  const onFile = (file: (ctx: BotContext) => IncomingFile) => async (ctx: BotContext, next: () => Promise<void>) => {
    const current = await open(ctx);
    if (!current?.prompt.onFile) return next();
    return current.prompt.onFile(ctx, current.state, file(ctx));
  };
  router.composer.on(
    message('photo'),
    onFile((ctx) => {
      const msg = ctx.message as { photo: { file_id: string; file_size?: number }[]; caption?: string; media_group_id?: string };
      const photo = msg.photo.at(-1)!;
      return { kind: 'photo', fileId: photo.file_id, fileName: null, fileSize: photo.file_size ?? null, caption: msg.caption ?? null, mediaGroupId: msg.media_group_id ?? null };
    }),
  );
  router.composer.on(
    message('document'),
    onFile((ctx) => {
      const msg = ctx.message as { document: { file_id: string; file_name?: string; file_size?: number }; caption?: string; media_group_id?: string };
      const { document } = msg;
      return { kind: 'document', fileId: document.file_id, fileName: document.file_name ?? null, fileSize: document.file_size ?? null, caption: msg.caption ?? null, mediaGroupId: msg.media_group_id ?? null };
    }),
  );

  // An edit of a message already handled is not read again: say so, and how to change an answer.
  router.composer.on('edited_message', async (ctx) => {
    const current = await open(ctx);
    // TRANSITION: the report form's state is not a feature prompt yet.
    const legacyForm = (await loadConversation(ctx))?.state.kind === 'report';
    await ctx.reply(vi.input.editNotTaken(current?.prompt.answersForm === true || legacyForm));
  });

  const codes = new Set([...prompts.values()].flatMap((p) => (p.cancel ? [p.cancel.code] : [])));
  router.onButton(cancelButton, async (ctx, [code]) => {
    // TRANSITION: prompts not yet declared by a feature keep their old cancel (features/cancel.ts).
    if (!codes.has(code)) return legacyCancel(ctx, code);
    const current = await open(ctx);
    const cancel = current?.prompt.cancel;
    if (!current || !cancel || cancel.code !== code) return void (await ctx.reply(vi.staleButton));
    await endPrompt(ctx);
    await ctx.reply(cancel.said);
  });
  return router;
}

async function legacyCancel(ctx: BotContext, code: string): Promise<void> {
  const state = (await getConversation(ctx.deps.db, ctx.actor!.person.id))?.state;
  await legacyCancelPrompt(ctx, state, code as PromptCode);
}
