import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../demo/demo.js';

const SHIPPED = fileURLToPath(new URL('../../config/cluster.yaml', import.meta.url));

describe('npm run demo (no token, no internet)', () => {
  it('tours the shipped config: join, report, board, guidance, acknowledgement', async () => {
    const { transcript, answered } = await runDemo({
      configPath: SHIPPED,
      print: () => undefined,
      now: '2026-12-01T09:00:00+07:00',
    });
    const all = transcript.join('\n');
    expect(answered).toBeGreaterThanOrEqual(10);
    expect(all).toContain('Đã gửi Báo cáo tháng 12/2026 của Hội CCB thành phố Hải Phòng');
    expect(all).toContain('Đã nộp 1/9 đơn vị');
    expect(all).toContain('Đã gửi thông báo tới 1/1 người');
    expect(all).toContain('[✅ Đã xác nhận]');
    // Printed for a terminal: no HTML tags or entities left.
    expect(all).not.toMatch(/<\/?b>|&lt;|&amp;/);
  });
});
