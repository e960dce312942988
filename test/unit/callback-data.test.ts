import { describe, expect, it } from 'vitest';
import { cb, FIELD_ACTIONS, GUIDANCE_ACTIONS, MENU_ITEMS, parseCallbackData, PICKS, REPORT_ACTIONS } from '../../src/bot/callback-data.js';

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
  reportFileRemove: () => [cb.reportFileRemove(ID), cb.reportFileRemove(ID, true)],
  reportFiles: () => [cb.reportFiles(ID)],
  feedback: () => (['accept', 'return', 'comment'] as const).map((k) => cb.feedback(k, ID)),
  feedbackAck: () => [cb.feedbackAck(ID)],
  feedbackTarget: () => [cb.feedbackTarget(ID), cb.feedbackTarget(ID, KEY)],
  threadPeriod: () => [cb.threadPeriod(ID)],
  threadView: () => [cb.threadView(ID, ID)],
  threadWrite: () => [cb.threadWrite('unit', ID, ID), cb.threadWrite('leader', ID, ID)],
  threadReplyFeedback: () => [cb.threadReplyFeedback(ID)],
  threadReply: () => [cb.threadReply(ID)],
  guidance: () => GUIDANCE_ACTIONS.map((a) => cb.guidance(a)),
  guidanceUnit: () => [cb.guidanceUnit(ID)],
  guidanceAck: () => [cb.guidanceAck(ID)],
  guidanceGrid: () => [cb.guidanceGrid(ID), cb.guidanceGrid(ID, true)],
  guidanceResend: () => [cb.guidanceResend(ID)],
  guidanceList: () => [cb.guidanceList()],
  browseUnits: () => [cb.browseUnits(ID), cb.browseUnits(ID, { inPlace: true })],
  shareFields: () => [cb.shareFields(ID)],
  sharePreview: () => [cb.sharePreview(ID, KEY)],
  shareSend: () => [cb.shareSend()],
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
