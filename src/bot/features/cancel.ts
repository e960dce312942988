import { vi } from '../../i18n/vi.js';
import { clearConversation, type ConversationState } from '../../store/conversations.js';
import type { PromptCode } from '../callback-data.js';
import type { BotContext } from '../context.js';

/** The conversation states each prompt's "✖️ Hủy" may end, and what it then says. */
const PROMPT_STATES: Partial<Record<PromptCode, { kinds: ConversationState['kind'][]; cancelled: string }>> = {
  g: { kinds: ['guidance_compose', 'guidance_preview'], cancelled: vi.guidance.cancelled },
  f: { kinds: ['leader_feedback'], cancelled: vi.feedback.cancelled },
  t: { kinds: ['thread_message'], cancelled: vi.thread.cancelled },
  s: { kinds: ['share_preview'], cancelled: vi.share.cancelled },
};

/**
 * "✖️ Hủy" under a prompt: drops what was being written, if that prompt is still the one
 * open. A button under an older prompt leaves whatever the person is doing now alone.
 */
export async function cancelPrompt(ctx: BotContext, state: ConversationState | undefined, prompt?: PromptCode): Promise<void> {
  const match = prompt ? PROMPT_STATES[prompt] : Object.values(PROMPT_STATES).find((p) => p !== undefined && state && p.kinds.includes(state.kind));
  if (!state || !match || !match.kinds.includes(state.kind)) return void (await ctx.reply(vi.staleButton));
  await clearConversation(ctx.deps.db, ctx.actor!.person.id);
  await ctx.reply(match.cancelled);
}
