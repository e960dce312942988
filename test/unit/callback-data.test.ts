import { describe, expect, it } from 'vitest';
import { ADJUST_ACTIONS, cb, FIELD_ACTIONS, MENU_ITEMS, parseCallbackData, PICKS, REPORT_ACTIONS } from '../../src/bot/callback-data.js';

// The largest values the parser accepts: ids up to the database's integer (2^31 - 1), 32-character field keys, 2-digit indexes.
const ID = 2_147_483_647;
const KEY = `k${'x'.repeat(31)}`;

/** Every builder with its largest arguments; a new builder must be added here. */
const largest: Record<keyof typeof cb, () => string[]> = {
  menu: () => MENU_ITEMS.map((item) => cb.menu(item)),
  dismiss: () => [cb.dismiss()],
  reportStart: () => [cb.reportStart(ID)],
  report: () => REPORT_ACTIONS.map((a) => cb.report(a, ID)),
  reportField: () => FIELD_ACTIONS.map((a) => cb.reportField(a, ID, KEY)),
  reportPick: () => PICKS.map((p) => cb.reportPick(p, ID, KEY, 99)),
  reportSubmit: () => [cb.reportSubmit(ID)],
  reportView: () => [cb.reportView(ID)],
  reportSkip: () => [cb.reportSkip(ID, KEY)],
  reportConflict: () => [cb.reportConflict('theirs', ID, KEY), cb.reportConflict('mine', ID, KEY)],
  reportFiles: () => [cb.reportFiles(ID)],
  boardRefresh: () => [cb.boardRefresh()],
  boardNudge: () => [cb.boardNudge(ID)],
  boardAdjust: () => [cb.boardAdjust(ID)],
  periodControl: () => (['close', 'close-ok', 'open-next', 'open-next-ok'] as const).map((a) => cb.periodControl(a, ID)),
  extensionAsk: () => [cb.extensionAsk(ID)],
  extensionDecision: () => (['e3', 'e7', 'no'] as const).map((d) => cb.extensionDecision(ID, d)),
  adjust: () => [cb.adjust(ID, ID), ...ADJUST_ACTIONS.map((a) => cb.adjust(ID, ID, a))],
  rotation: () => [cb.rotation(ID, ID), cb.rotation(ID, ID, 'ok'), cb.rotation(ID, ID, 'no')],
  browsePeriods: () => [cb.browsePeriods(9999), cb.browsePeriods(9999, { inPlace: true })],
  browseUnits: () => [cb.browseUnits(ID), cb.browseUnits(ID, { inPlace: true })],
  browseReport: () => [cb.browseReport(ID, ID)],
};

describe('callback data', () => {
  it('fits in 64 bytes for every button, with the largest ids and keys, and reads back', () => {
    expect(Object.keys(largest).sort()).toEqual(Object.keys(cb).sort());
    for (const [name, make] of Object.entries(largest)) {
      for (const data of make()) {
        expect(Buffer.byteLength(data, 'utf8'), `${name}: ${data}`).toBeLessThanOrEqual(64);
        expect(parseCallbackData(data), `${name}: ${data}`).toBeDefined();
      }
    }
  });

  it('refuses to build data Telegram would refuse', () => {
    expect(() => cb.reportPick('opt', 10 ** 20, 'k'.repeat(40), 99)).toThrow(/over Telegram's 64/);
  });
});
