import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { vi } from '../i18n/vi.js';
import { cb } from './callback-data.js';
import type { Actor } from '../services/actor.js';

export type Keyboard = ReturnType<typeof Markup.inlineKeyboard>;

/**
 * `draftInProgress`: the unit has a report begun and not sent, so the first button resumes it.
 * `extension`: the unit owes a report of an open period, so it may ask for more time.
 */
export function mainMenu(actor: Actor, draftInProgress = false, options: { settings?: boolean; extension?: boolean } = {}): Keyboard {
  const rows: InlineKeyboardButton[][] = [];
  if (actor.reportingUnit) {
    rows.push([Markup.button.callback(draftInProgress ? vi.button.resume : vi.button.report, cb.menu('report'))]);
    if (options.extension) rows.push([Markup.button.callback(vi.button.askExtension, cb.menu('extension'))]);
    rows.push([Markup.button.callback(vi.button.history, cb.menu('history'))]);
    // The leader does not send proposals to themselves.
    if (!actor.leaderOf) rows.push([Markup.button.callback(vi.button.propose, cb.menu('propose'))]);
  }
  if (actor.leaderOf) {
    rows.push([Markup.button.callback(vi.button.board, cb.menu('board'))]);
    rows.push([Markup.button.callback(vi.button.browse, cb.menu('browse'))]);
    rows.push([Markup.button.callback(vi.button.guidance, cb.menu('guidance'))]);
    rows.push([Markup.button.callback(vi.button.invite, cb.menu('invite'))]);
    rows.push([Markup.button.callback(vi.button.people, cb.menu('people'))]);
    rows.push([Markup.button.callback(vi.button.rotate, cb.menu('rotate'))]);
  }
  rows.push([Markup.button.callback(vi.button.threads, cb.menu('threads'))]);
  if (options.settings && actor.reportingUnit && actor.memberships.some((m) => m.role === 'contact')) {
    rows.push([Markup.button.callback(vi.button.primary, cb.menu('primary'))]);
  }
  rows.push([Markup.button.callback(vi.button.help, cb.menu('help'))]);
  return Markup.inlineKeyboard(rows);
}

export function singleButton(text: string, data: string): Keyboard {
  return Markup.inlineKeyboard([[Markup.button.callback(text, data)]]);
}

export function buttonRows(buttons: { text: string; data: string }[]): Keyboard {
  return buttonGrid(buttons.map((b) => [b]));
}

export function buttonGrid(rows: { text: string; data: string }[][]): Keyboard {
  return Markup.inlineKeyboard(rows.map((row) => row.map((b) => Markup.button.callback(b.text, b.data))));
}
