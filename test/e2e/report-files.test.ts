import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { harnessPerTest } from '../support/harness.js';

/** Photos and documents sent while filling a report. */
describe('files attached to a report', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  const stored = () => h.db.selectFrom('report_attachments').selectAll().orderBy('id').execute();
  const after = (message: { message_id: number }) => lan.messages().filter((m) => m.message_id > message.message_id);

  it('shows the question again after a file, at a question and at the review', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    const ack = await lan.sendFile({ kind: 'document', fileId: 'DOC-1', fileName: 'bien-ban.pdf' }, 'Đã đính kèm');
    expect(ack.text).toBe('📎 Đã đính kèm bien-ban.pdf vào Báo cáo tháng 11/2026.');
    await lan.waitFor((m) => m.message_id > ack.message_id && m.text.includes('Câu 1/3'));
    // The answer still goes to the question on screen.
    await lan.say('12', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    const photo = await lan.sendFile({ kind: 'photo', fileId: 'PHOTO-1' }, 'Đã đính kèm');
    const review = await lan.waitFor((m) => m.message_id > photo.message_id && m.text.includes('Xin kiểm tra lại'));
    expect(review.text).toContain('📎 Tệp đính kèm: bien-ban.pdf, ảnh');
    // While changing one answer, it is that answer's question that comes back.
    await lan.press('Sửa một câu', 'chọn câu cần sửa');
    await lan.press('Kết quả nổi bật', 'Hiện tại: Tốt');
    const third = await lan.sendFile({ kind: 'photo', fileId: 'PHOTO-2' }, 'Đã đính kèm');
    const again = await lan.waitFor((m) => m.message_id > third.message_id && m.text.includes('Kết quả nổi bật'));
    expect(again.text).toContain('Hiện tại: Tốt');
  });

  it('removes a wrong file from its confirmation or from the review, keeping a record', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    const wrong = await lan.sendFile({ kind: 'document', fileId: 'DOC-WRONG', fileName: 'nham.xlsx' }, 'Đã đính kèm');
    expect(lan.buttons(wrong)).toEqual(['🗑 Gỡ tệp này']);
    await lan.waitFor((m) => m.message_id > wrong.message_id && m.text.includes('Câu 1/3'));
    const removed = await lan.press('Gỡ tệp này', 'Đã gỡ');
    expect(removed.text).toBe('🗑 Đã gỡ khỏi báo cáo: nham.xlsx.');
    await lan.waitFor((m) => m.message_id > removed.message_id && m.text.includes('Câu 1/3'));
    // Pressed twice: said plainly, nothing else changes.
    const twice = await lan.press('Gỡ tệp này', 'đã được gỡ');
    expect(twice.text).toBe('Tệp này đã được gỡ khỏi báo cáo rồi.');

    await lan.sendFile({ kind: 'photo', fileId: 'PHOTO-OK' }, 'Đã đính kèm');
    await lan.sendFile({ kind: 'document', fileId: 'DOC-WRONG-2', fileName: 'nham-2.docx' }, 'Đã đính kèm');
    await lan.say('12', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    const review = await lan.say('Tốt', 'Xin kiểm tra lại');
    expect(review.text).toContain('📎 Tệp đính kèm: ảnh, nham-2.docx');
    const list = await lan.press('Gỡ tệp đính kèm', 'chọn tệp cần gỡ');
    expect(lan.buttons(list)).toEqual(['🗑 1. ảnh', '🗑 2. nham-2.docx', '↩️ Quay lại']);
    await lan.press('2. nham-2.docx', 'Đã gỡ khỏi báo cáo: nham-2.docx');
    const after = await lan.waitFor('Xin kiểm tra lại');
    expect(after.text).toContain('📎 Tệp đính kèm: ảnh');
    expect(after.text).not.toContain('nham');

    // Kept, marked removed, and audited; the leader gets only the photo.
    const rows = await stored();
    expect(rows.map((r) => [r.telegram_file_id, r.removed_at !== null])).toEqual([
      ['DOC-WRONG', true],
      ['PHOTO-OK', false],
      ['DOC-WRONG-2', true],
    ]);
    const audits = await h.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'report.attachment_remove')
      .execute();
    expect(audits).toHaveLength(2);
    await lan.press('Gửi báo cáo', 'Đã gửi');
    await leader.waitFor('📥', { includeExisting: true });
    const view = await leader.press('Xem báo cáo', 'Tệp đính kèm');
    expect(view.text).toContain('📎 Tệp đính kèm: ảnh');
    expect(view.text).not.toContain('nham');
    await h.emu.waitFor(() => h.emu.callsOf('sendPhoto').find((c) => c.params.chat_id === 100));
    expect(h.emu.callsOf('sendDocument').filter((c) => c.params.chat_id === 100)).toEqual([]);
  });

  it('tells the leader of files added or removed while correcting a sent report', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await lan.sendFile({ kind: 'document', fileId: 'DOC-OLD', fileName: 'cu.pdf' }, 'Đã đính kèm');
    await lan.say('12', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');
    await leader.waitFor('📥', { includeExisting: true });

    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.sendFile(
      { kind: 'document', fileId: 'DOC-NEW', fileName: 'moi.pdf', caption: 'Bản đúng' },
      'Đã đính kèm moi.pdf',
    );
    await lan.press('Quay lại', 'Xin kiểm tra lại');
    await lan.press('Gỡ tệp đính kèm', 'chọn tệp cần gỡ');
    await lan.press('1. cu.pdf', 'Đã gỡ khỏi báo cáo: cu.pdf');
    const told = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    const notice = (await told).text;
    expect(notice).toContain('• Tệp đính kèm: (chưa có) → moi.pdf («Bản đúng») (Lan,');
    expect(notice).toContain('• Tệp đính kèm: cu.pdf → (đã gỡ) (Lan,');
    const view = await leader.press('Xem báo cáo', 'Đã sửa sau khi gửi');
    expect(view.text).toContain('📎 Tệp đính kèm: moi.pdf («Bản đúng»)');
  });

  it('refuses to remove a file of another unit’s report or of a sent report', async () => {
    const minh = await h.join(202, 'Minh', 'TBH');
    await lan.say('/baocao', 'Câu 1/3');
    await lan.sendFile({ kind: 'photo', fileId: 'PHOTO-1' }, 'Đã đính kèm');
    const [row] = await stored();
    // Minh forges Lan's button.
    await minh.say('/baocao', 'Câu 1/3');
    const forged = h.emu.waitForMessage(202, () => true);
    h.emu.pressButton(minh.user, minh.messages().at(-1)!.message_id, `rf:d:${row!.id}`);
    expect((await forged).text).toContain('Nút này đã cũ');
    // Sent: the old button no longer removes anything.
    await lan.say('12', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');
    const late = await lan.press('Gỡ tệp này', 'đã được gửi');
    expect(late.text).toContain('đã được gửi lúc');
    expect((await stored())[0]!.removed_at).toBeNull();
  });

  it('keeps a file’s caption, shows it, and every file the leader gets names the unit and the report', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await lan.sendFile(
      { kind: 'document', fileId: 'DOC-1', fileName: 'bien-ban.pdf', caption: 'Biên bản họp chi hội <tháng 11>' },
      'Đã đính kèm',
    );
    const long = 'Ảnh buổi trao vốn. '.repeat(60).trim(); // over 1,024 characters once the names are added
    expect(long.length).toBeGreaterThan(1000);
    await lan.sendFile({ kind: 'photo', fileId: 'PHOTO-1', caption: long }, 'Đã đính kèm');
    await lan.sendFile({ kind: 'photo', fileId: 'PHOTO-2' }, 'Đã đính kèm');
    expect((await stored()).map((r) => r.caption)).toEqual(['Biên bản họp chi hội <tháng 11>', long, null]);
    await lan.say('12', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    const review = await lan.say('Tốt', 'Xin kiểm tra lại');
    expect(review.text).toContain(
      '📎 Tệp đính kèm: bien-ban.pdf («Biên bản họp chi hội &lt;tháng 11&gt;»), ảnh («Ảnh buổi trao vốn.',
    );
    await lan.press('Gửi báo cáo', 'Đã gửi');
    await leader.waitFor('📥', { includeExisting: true });

    const view = await leader.press('Xem báo cáo', 'Tệp đính kèm');
    expect(view.text).toContain('bien-ban.pdf («Biên bản họp chi hội &lt;tháng 11&gt;»)');
    const files = await h.emu.waitFor(() => {
      const sent = [...h.emu.callsOf('sendDocument'), ...h.emu.callsOf('sendPhoto')].filter(
        (c) => c.params.chat_id === 100 && c.ok,
      );
      return sent.length === 3 ? sent : undefined;
    });
    for (const call of files) {
      expect(call.params.caption).toContain('<b>Hội CCB tỉnh Hưng Yên</b> · Báo cáo tháng 11/2026');
      expect(String(call.params.caption).length).toBeLessThanOrEqual(1024);
    }
    const captions = Object.fromEntries(
      files.map((c) => [String(c.params.document ?? c.params.photo), String(c.params.caption)]),
    );
    expect(captions['DOC-1']).toBe(
      '📎 <b>Hội CCB tỉnh Hưng Yên</b> · Báo cáo tháng 11/2026 · tệp 1/3\nBiên bản họp chi hội &lt;tháng 11&gt;',
    );
    expect(captions['PHOTO-1']).toMatch(
      /^📎 <b>Hội CCB tỉnh Hưng Yên<\/b> · Báo cáo tháng 11\/2026 · tệp 2\/3\nẢnh buổi trao vốn\..*…$/s,
    );
    expect(captions['PHOTO-2']).toBe('📎 <b>Hội CCB tỉnh Hưng Yên</b> · Báo cáo tháng 11/2026 · tệp 3/3');
  });

  it('answers an album of ten photos once, keeps all ten, and shows the question once', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    const question = lan.messages().at(-1)!;
    for (let i = 1; i <= 10; i++)
      h.emu.sendUserFile(lan.user, {
        kind: 'photo',
        fileId: `ALBUM-${i}`,
        mediaGroupId: 'album-1',
        ...(i === 1 ? { caption: 'Lễ kết nạp' } : {}),
      });
    const ack = await lan.waitFor((m) => m.text.includes('Đã đính kèm 10 ảnh'));
    expect(ack.text).toBe('📎 Đã đính kèm 10 ảnh (gửi cùng một lượt) vào Báo cáo tháng 11/2026.');
    expect((await stored()).map((r) => r.telegram_file_id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `ALBUM-${i + 1}`),
    );
    const replies = after(question);
    expect(replies.filter((m) => m.text.includes('Đã đính kèm'))).toHaveLength(1);
    expect(replies.filter((m) => m.text.includes('Câu 1/3'))).toHaveLength(1);

    // The album goes in one tap.
    expect(lan.buttons(ack)).toEqual(['🗑 Gỡ cả album này']);
    await lan.press('Gỡ cả album này', 'Đã gỡ');
    expect((await stored()).every((r) => r.removed_at !== null)).toBe(true);
  });

  it('refuses an album sent with no report open once, not once per photo', async () => {
    for (let i = 1; i <= 4; i++)
      h.emu.sendUserFile(lan.user, { kind: 'photo', fileId: `LOOSE-${i}`, mediaGroupId: 'album-2' });
    await lan.waitFor('Xin mở báo cáo');
    // Updates of one chat are handled in order: once this is answered, the album is done.
    await lan.say('/baocao', 'Câu 1/3');
    expect(lan.messages().filter((m) => m.text.includes('Xin mở báo cáo'))).toHaveLength(1);
    expect(await stored()).toEqual([]);
  });
});
