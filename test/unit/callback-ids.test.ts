import { describe, expect, it } from 'vitest';
import { cb, parseCallbackData } from '../../src/bot/callback-data.js';

// Every button that carries a database id, built as the bot builds it, with 777 where an id goes.
const ID = 777;
const samples: string[] = [
  cb.reportStart(ID),
  cb.report('submit', ID),
  cb.reportField('skip', ID, 'q'),
  cb.reportPick('opt', ID, 'q', 1),
  cb.feedback('accept', ID),
  cb.feedbackAck(ID),
  cb.feedbackTarget(ID),
  cb.feedbackTarget(ID, 'q'),
  cb.threadPeriod(ID),
  cb.threadView(ID, ID),
  cb.threadWrite('unit', ID, ID),
  cb.threadReplyFeedback(ID),
  cb.threadReply(ID),
  cb.guidanceUnit(ID),
  cb.guidanceAck(ID),
  cb.guidanceGrid(ID),
  cb.guidanceResend(ID),
  cb.browseUnits(ID),
  cb.shareFields(ID),
  cb.sharePreview(ID, 'q'),
];

/** The sample with its n-th id replaced by `value`. */
function withId(sample: string, n: number, value: string): string {
  let seen = -1;
  return sample
    .split(':')
    .map((part) => (part === String(ID) && ++seen === n ? value : part))
    .join(':');
}
const idCount = (sample: string) => sample.split(':').filter((p) => p === String(ID)).length;

describe('button ids', () => {
  it('reads every kind of button that carries an id', () => {
    const kinds = new Set(samples.map((s) => parseCallbackData(s)?.kind));
    expect(kinds.has(undefined)).toBe(false);
    expect(kinds.size).toBeGreaterThanOrEqual(18);
    expect(parseCallbackData(cb.reportStart(2_147_483_647))).toEqual({ kind: 'report_start', periodId: 2_147_483_647 });
  });

  // 10–12 digit ids overflowed the database's integer and got the apology.
  for (const bad of ['2147483648', '9999999999', '99999999999', '123456789012', '0', '00', '-1', '1a', '1.5', '1e3', '', ' 1', '0x10']) {
    it(`treats ${JSON.stringify(bad)} as no id (a stale button) in every kind`, () => {
      for (const sample of samples) {
        for (let n = 0; n < idCount(sample); n++) {
          const data = withId(sample, n, bad);
          // The one exception: "0" as a unit in the leader's adjust buttons means "all units".
          if (/^0+$/.test(bad) && sample.startsWith('ad:') && n === 1) {
            expect(parseCallbackData(data), data).toMatchObject({ unitId: 0 });
            continue;
          }
          expect(parseCallbackData(data), data).toBeUndefined();
        }
      }
    });
  }
});
