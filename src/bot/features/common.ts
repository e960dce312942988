/**
 * Buttons every feature may put under its messages. "✖️ Hủy" under a list that leaves nothing
 * pending (a choice not made yet): the list's buttons go and the person reads "Đã hủy".
 * A "✖️ Hủy" under a typed-text prompt is the prompt's own (feature.ts cancelButton).
 */
import { vi } from '../../i18n/vi.js';
import { button, Feature } from '../feature.js';

/** "x": same data as the old central builder `cb.dismiss()`, so buttons already in chats keep working. */
export const dismissButton = button('x');

export const common = new Feature('common').onButton(dismissButton, async (ctx) => {
  await ctx
    .editMessageReplyMarkup(undefined)
    .catch((error) => ctx.deps.log.debug('could not drop the dismissed buttons', { error }));
  await ctx.reply(vi.dismissed);
});
