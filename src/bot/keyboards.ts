import { Markup } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';

/** Message options with an inline keyboard: telegraf's Markup, or a plain one built outside bot/ (domain/buttons.ts). */
export type Keyboard = { reply_markup: InlineKeyboardMarkup };

/** The main menu is built outside bot/ (services/menu.ts): handover notices queued by workflows carry it too. */
export { mainMenu } from '../services/menu.js';

export function singleButton(text: string, data: string): Keyboard {
  return Markup.inlineKeyboard([[Markup.button.callback(text, data)]]);
}

export function buttonRows(buttons: { text: string; data: string }[]): Keyboard {
  return buttonGrid(buttons.map((b) => [b]));
}

export function buttonGrid(rows: { text: string; data: string }[][]): Keyboard {
  return Markup.inlineKeyboard(rows.map((row) => row.map((b) => Markup.button.callback(b.text, b.data))));
}
