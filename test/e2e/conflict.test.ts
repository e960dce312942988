import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { type TestUser, harnessPerTest } from '../support/harness.js';

/**
 * Two contacts of one unit answer the same question at once, each in their own chat. Nobody's
 * value is overwritten unseen: whoever writes over a value changed since their screen showed it
 * sees the colleague's value and chooses; every value is kept; what each is told is true.
 */
describe('two contacts, one answer', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  const hoa = perTest(() => h.join(203, 'Hoa', 'HYN'));

  const answers = async () =>
    (await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow()).answers as Record<string, unknown>;
  const history = async () =>
    (
      await h.db
        .selectFrom('report_answer_history')
        .select(['field_key', 'new_value', 'person_id', 'version', 'submitted'])
        .orderBy('id')
        .execute()
    ).map((r) => ({ ...r }));
  const personId = async (user: TestUser) =>
    (await h.db.selectFrom('people').select('id').where('telegram_user_id', '=', user.id).executeTakeFirstOrThrow()).id;

  for (const order of ['Lan first', 'Hoa first'] as const) {
    it(`while drafting (${order}): the second writer sees both values and chooses, nothing is lost`, async () => {
      const [first, second, firstName] = order === 'Lan first' ? [lan, hoa, 'Lan'] : [hoa, lan, 'Hoa'];
      await first.say('/baocao', 'Câu 1/3');
      await second.say('/baocao', 'Câu 1/3');
      await first.say('10', 'Câu 2/3');
      const conflict = await second.say('20', 'vừa được đồng chí');
      expect(conflict.text).toContain(`Câu «Số hội viên mới kết nạp» vừa được đồng chí ${firstName} trả lời: 10 người`);
      expect(conflict.text).toContain('Đồng chí nhập: 20 người');
      expect(second.buttons(conflict)).toEqual([
        `↩️ Giữ giá trị của ${firstName} (10 người)`,
        '✍️ Dùng giá trị của tôi (20 người)',
      ]);
      // Nothing written until the choice.
      expect(await answers()).toEqual({ hoi_vien_moi: 10 });

      await second.press('Dùng giá trị của tôi', 'Câu 2/3');
      expect(await answers()).toEqual({ hoi_vien_moi: 20 });
      // Both values are kept, in order, with who wrote them.
      expect(await history()).toEqual([
        { field_key: 'hoi_vien_moi', new_value: 10, person_id: await personId(first), version: 1, submitted: false },
        { field_key: 'hoi_vien_moi', new_value: 20, person_id: await personId(second), version: 2, submitted: false },
      ]);
      // An old conflict button does nothing once used.
      const stale = await second.press('Giữ giá trị của', 'Nút này đã cũ');
      expect(stale.text).toContain('Nút này đã cũ');
      expect(await answers()).toEqual({ hoi_vien_moi: 20 });
    });
  }

  it('while drafting, at the very same moment: one answer is stored, the other person is asked', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await hoa.say('/baocao', 'Câu 1/3');
    const lanReply = lan.waitFor((m) => m.text.includes('Câu 2/3') || m.text.includes('vừa được đồng chí'));
    const hoaReply = hoa.waitFor((m) => m.text.includes('Câu 2/3') || m.text.includes('vừa được đồng chí'));
    h.emu.sendText(lan.user, '10');
    h.emu.sendText(hoa.user, '20');
    const replies = [await lanReply, await hoaReply];
    const asked = replies.filter((m) => m.text.includes('vừa được đồng chí'));
    expect(asked).toHaveLength(1);
    const stored = (await answers()).hoi_vien_moi;
    expect(asked[0]!.text).toContain(
      stored === 10 ? 'vừa được đồng chí Lan trả lời: 10 người' : 'vừa được đồng chí Hoa trả lời: 20 người',
    );
    expect(await history()).toHaveLength(1);
  });

  it('while drafting: keeping the colleague’s value writes nothing, and a third change asks again', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await hoa.say('/baocao', 'Câu 1/3');
    await lan.say('10', 'Câu 2/3');
    await hoa.say('20', 'vừa được đồng chí Lan');
    // Lan changes her answer again while Hoa is choosing: Hoa's «mine» would overwrite 11 unseen.
    await lan.press('Quay lại', 'Câu 1/3');
    await lan.say('11', 'Câu 2/3');
    const again = await hoa.press('Dùng giá trị của tôi', 'vừa được đồng chí Lan');
    expect(again.text).toContain('trả lời: 11 người');
    await hoa.press('Giữ giá trị của Lan', 'Câu 2/3');
    expect(await answers()).toEqual({ hoi_vien_moi: 11 });
    expect((await history()).map((r) => r.new_value)).toEqual([10, 11]);
  });

  it('while drafting: two people changing one answer from the review also see each other', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('10', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await hoa.say('/baocao', 'Xin kiểm tra lại');
    for (const user of [lan, hoa]) {
      await user.press('Sửa một câu', 'chọn câu cần sửa');
      await user.press('Kết quả nổi bật', 'Hiện tại: Tốt');
    }
    await lan.say('Rất tốt', 'Xin kiểm tra lại');
    const conflict = await hoa.say('Khá', 'vừa được đồng chí Lan');
    expect(conflict.text).toContain('vừa được đồng chí Lan trả lời: Rất tốt');
    await hoa.press('Giữ giá trị của Lan', 'Xin kiểm tra lại');
    expect((await answers()).noi_bat).toBe('Rất tốt');
  });

  async function sendBack() {
    await lan.submitFixtureReport();
    await leader.waitFor('📥', { includeExisting: true });
    await hoa.waitFor('Đồng chí Lan đã gửi', { includeExisting: true });
    await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    await leader.press('Trả lại', 'lý do trả lại');
    await leader.say('Xin bổ sung vốn hỗ trợ', 'Đã trả lại');
    await lan.waitFor('đề nghị sửa lại', { includeExisting: true });
    await hoa.waitFor('đề nghị sửa lại', { includeExisting: true });
    for (const user of [lan, hoa]) {
      await user.press('Sửa báo cáo', 'chọn câu cần sửa:');
      await user.press('Vốn hỗ trợ', 'Câu 2/3');
    }
  }

  it('after send-back: 1.500 then 1,5 — the second is shown 1.500 and keeps it; each is told the truth', async () => {
    await sendBack();
    await lan.say('1.500', 'Xin kiểm tra lại');
    const conflict = await hoa.say('1,5', 'vừa được đồng chí Lan');
    expect(conflict.text).toContain('Câu «Vốn hỗ trợ» vừa được đồng chí Lan sửa: 1.500 triệu đồng');
    expect(conflict.text).toContain('Đồng chí nhập: 1,5 triệu đồng');
    await hoa.press('Giữ giá trị của Lan', 'Xin kiểm tra lại');

    const leaderTold = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    const hoaTold = h.emu.waitForMessage(203, (m) => m.text.includes('đã báo Cụm trưởng các thay đổi'));
    expect((await lan.press('Xong, lưu thay đổi', 'Đã lưu')).text).toBe(
      'Đã lưu các thay đổi và đang gửi báo Cụm trưởng. Nếu không báo được, bot sẽ nhắn lại đồng chí.',
    );
    expect((await leaderTold).text).toContain('• Vốn hỗ trợ: (bỏ qua) → 1.500 triệu đồng (Lan,');
    // The other contact hears what the colleague told the leader.
    expect((await hoaTold).text).toContain(
      'Đồng chí Lan đã báo Cụm trưởng các thay đổi trong Báo cáo tháng 11/2026 của đơn vị:\n• Vốn hỗ trợ: (bỏ qua) → 1.500 triệu đồng',
    );
    // Hoa changed nothing: that is what she is told.
    expect((await hoa.press('Xong, lưu thay đổi', 'thay đổi')).text).toBe('Không có thay đổi nào.');

    const view = await leader.press('Xem báo cáo', 'Đã sửa sau khi gửi');
    expect(view.text).toContain('Vốn hỗ trợ: 1.500 triệu đồng');
    expect(view.text).toMatch(/Vốn hỗ trợ: \(bỏ qua\) → 1\.500 triệu đồng \(10:00 ngày 20\/11\/2026, Lan\)/);
    expect(await h.db.selectFrom('report_revisions').select('new_value').execute()).toEqual([{ new_value: 1500 }]);
  });

  it('after send-back: 1,5 then 1.500 — the second overwrites knowingly; both revisions reach the leader; each is told the truth', async () => {
    await sendBack();
    await hoa.say('1,5', 'Xin kiểm tra lại');
    const conflict = await lan.say('1.500', 'vừa được đồng chí Hoa');
    expect(conflict.text).toContain('vừa được đồng chí Hoa sửa: 1,5 triệu đồng');
    await lan.press('Dùng giá trị của tôi', 'Xin kiểm tra lại');

    // Hoa finishes first: her change is saved, but she learns Lan changed it after her.
    const leaderTold = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    const hoaDone = await hoa.press('Xong, lưu thay đổi', 'Đã lưu');
    expect(hoaDone.text).toBe(
      'Đã lưu các thay đổi và đang gửi báo Cụm trưởng. Nếu không báo được, bot sẽ nhắn lại đồng chí.\nLưu ý: sau khi đồng chí sửa, câu «Vốn hỗ trợ» đã được đồng chí Lan sửa thành 1.500 triệu đồng.',
    );
    const told = (await leaderTold).text;
    expect(told).toContain('• Vốn hỗ trợ: (bỏ qua) → 1,5 triệu đồng (Hoa,');
    expect(told).toContain('• Vốn hỗ trợ: 1,5 triệu đồng → 1.500 triệu đồng (Lan,');
    // Lan's change was told with Hoa's: she is told it is saved, not "no changes".
    expect((await lan.press('Xong, lưu thay đổi', 'Đã lưu')).text).toBe(
      'Đã lưu các thay đổi. Các thay đổi này đã được gửi báo Cụm trưởng cùng với thay đổi của đồng chí cùng đơn vị.',
    );

    const view = await leader.press('Xem báo cáo', 'Đã sửa sau khi gửi');
    expect(view.text).toContain('Vốn hỗ trợ: 1.500 triệu đồng');
    expect(view.text).toContain('Vốn hỗ trợ: (bỏ qua) → 1,5 triệu đồng');
    expect(view.text).toContain('Vốn hỗ trợ: 1,5 triệu đồng → 1.500 triệu đồng');
    expect(
      await h.db
        .selectFrom('report_answer_history')
        .select(['new_value', 'submitted'])
        .where('field_key', '=', 'von_ho_tro')
        .orderBy('id')
        .execute(),
    ).toEqual([
      { new_value: null, submitted: false },
      { new_value: 1.5, submitted: true },
      { new_value: 1500, submitted: true },
    ]);
  });

  it('tells the leader of a colleague’s unfinished changes, and says so to whoever presses «Xong»', async () => {
    await sendBack();
    await hoa.say('2', 'Xin kiểm tra lại');
    // Lan changed nothing; Hoa's change has not been told yet.
    const leaderTold = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    await lan.press('Giữ nguyên', 'Xin kiểm tra lại');
    const done = await lan.press('Xong, lưu thay đổi', 'Cụm trưởng');
    expect(done.text).toBe(
      'Đồng chí chưa sửa câu nào. Các thay đổi của đồng chí Hoa đã được lưu và nay đã báo Cụm trưởng.',
    );
    expect((await leaderTold).text).toContain('• Vốn hỗ trợ: (bỏ qua) → 2 triệu đồng (Hoa,');
  });
});
