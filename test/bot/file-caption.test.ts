import { describe, expect, it } from 'vitest';
import { fileCaption } from '../../src/bot/features/report-files.js';

/** Telegram refuses a caption over 1,024 characters after HTML parsing; the HTML is never shorter. */
describe('the caption of a report file sent to the leader', () => {
  const unit = 'Hội CCB tỉnh Hưng Yên';
  const report = 'Báo cáo tháng 11/2026';

  it('names the unit, the report and the file, then the person’s caption', () => {
    expect(fileCaption(unit, report, 2, 5, 'Biên bản <họp> & ký')).toBe(
      '📎 <b>Hội CCB tỉnh Hưng Yên</b> · Báo cáo tháng 11/2026 · tệp 2/5\nBiên bản &lt;họp&gt; &amp; ký',
    );
    expect(fileCaption(unit, report, 1, 1, null)).toBe(
      '📎 <b>Hội CCB tỉnh Hưng Yên</b> · Báo cáo tháng 11/2026 · tệp 1/1',
    );
  });

  it('shortens a long caption to fit, whatever escaping adds', () => {
    for (const caption of [
      'a'.repeat(1024),
      '&'.repeat(1024),
      '<b>'.repeat(340),
      `${'x'.repeat(990)}&&&&&&&&&&&&&&&&`,
    ]) {
      const html = fileCaption(unit, report, 10, 10, caption);
      expect(html.length).toBeLessThanOrEqual(1024);
      // As much of the caption as fits is kept, not dropped.
      expect(html.length).toBeGreaterThan(1015);
      expect(html.startsWith('📎 <b>Hội CCB tỉnh Hưng Yên</b> · Báo cáo tháng 11/2026 · tệp 10/10\n')).toBe(true);
      expect(html.endsWith('…')).toBe(true);
      // Never a broken entity at the cut.
      expect(html).not.toMatch(/&[a-z]*…$/);
    }
  });
});
