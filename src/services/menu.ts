/**
 * The main menu's buttons for a person's roles. Built outside bot/ because notices queued by
 * workflows carry it too (a handover gives both units their new menu, also from the CLI).
 * The bot handles each item ("m:<item>") in the feature that owns it (Feature.onMenu).
 */
import { inlineKeyboard, type InlineKeyboard } from '../domain/buttons.js';
import { vi } from '../i18n/vi.js';
import type { Actor } from './actor.js';

/** The data of a main-menu button ("m:<item>"); each feature handles its own item (Feature.onMenu). */
export const menuItemData = (name: string) => `m:${name}`;
const item = menuItemData;

/**
 * `draftInProgress`: the unit has a report begun and not sent, so the first button resumes it.
 * `extension`: the unit owes a report of an open period, so it may ask for more time.
 * `settings`: the help page's menu, with "Nhận nhắc sớm" for a contact.
 */
export function mainMenu(
  actor: Actor,
  draftInProgress = false,
  options: { settings?: boolean; extension?: boolean } = {},
): InlineKeyboard {
  const rows: { text: string; data: string }[] = [];
  if (actor.reportingUnit) {
    rows.push({ text: draftInProgress ? vi.button.resume : vi.button.report, data: item('report') });
    if (options.extension) rows.push({ text: vi.button.askExtension, data: item('extension') });
    rows.push({ text: vi.button.history, data: item('history') });
    // The leader does not send proposals to themselves.
    if (!actor.leaderOf) rows.push({ text: vi.button.propose, data: item('propose') });
    // The leader reads every unit's progress in the summary.
    if (!actor.leaderOf) rows.push({ text: vi.button.progress, data: item('progress') });
  }
  if (actor.leaderOf) {
    rows.push({ text: vi.button.board, data: item('board') });
    rows.push({ text: vi.button.summary, data: item('summary') });
    rows.push({ text: vi.targets.menuButton, data: item('targets') });
    rows.push({ text: vi.button.browse, data: item('browse') });
    rows.push({ text: vi.button.guidance, data: item('guidance') });
    rows.push({ text: vi.button.invite, data: item('invite') });
    rows.push({ text: vi.button.people, data: item('people') });
    rows.push({ text: vi.button.rotate, data: item('rotate') });
  }
  rows.push({ text: vi.button.threads, data: item('threads') });
  if (options.settings && actor.reportingUnit && actor.memberships.some((m) => m.role === 'contact')) {
    rows.push({ text: vi.button.primary, data: item('primary') });
  }
  rows.push({ text: vi.button.help, data: item('help') });
  return inlineKeyboard(rows.map((b) => [b]));
}
