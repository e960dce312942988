import type { MessageText } from '../domain/threads.js';
import { vi } from '../i18n/vi.js';
import type { BotContext } from './context.js';

/** Typed text that cannot be taken (empty, too long): say why; the prompt stays open for another try. */
export async function answerTextProblem(ctx: BotContext, problem: Exclude<MessageText, { ok: true }>): Promise<void> {
  await ctx.reply(
    problem.problem === 'empty' ? vi.messageText.empty : vi.messageText.tooLong(problem.length, problem.max),
  );
}
