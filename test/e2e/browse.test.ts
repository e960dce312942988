import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findUnitByCode } from '../../src/store/clusters.js';
import { openPeriods } from '../../src/store/periods.js';
import { FIXTURE_CONFIG, startHarness, type Harness, type TestUser } from '../support/harness.js';

// October's report (due 17:00 25/10/2026) is the older period; November's is the current one.
const OCT_20 = '2026-10-20T10:00:00+07:00';

describe("the leader browses reports by period and unit, and shares a unit's experience", () => {
  let h: Harness;
  let dir: string;
  let leader: TestUser;
  let lan: TestUser;
  let huong: TestUser;
  let minh: TestUser;
  let ha: TestUser;

  beforeEach(async () => {
    // The test cluster, with a second written answer (optional, long) to choose from.
    const config = parse(await readFile(FIXTURE_CONFIG, 'utf8')) as {
      templates: { sections: { fields: unknown[] }[] }[];
    };
    config.templates[0]!.sections[2]!.fields.push({
      key: 'cach_lam',
      label: 'Cách làm hay',
      type: 'long_text',
      maxLength: 2000,
      required: false,
    });
    dir = await mkdtemp(join(tmpdir(), 'browse-'));
    await writeFile(join(dir, 'cluster.yaml'), stringify(config));
    h = await startHarness({ now: OCT_20, configPath: join(dir, 'cluster.yaml') });

    leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    lan = await h.join(201, 'Lan', 'HYN');
    huong = await h.join(204, 'Hương', 'HYN');
    minh = await h.join(202, 'Minh', 'TBH');
    ha = await h.join(203, 'Hà', 'LEAD');

    // October: Hưng Yên on time, then corrected before the deadline; Thái Bình late; Nam Định never.
    await fill(lan, '12', 'Kết nạp 12 hội viên trẻ', 'Tổ hợp tác chăn nuôi bò giúp 5 hộ thoát nghèo');
    h.clock.set('2026-10-22T08:30:00+07:00');
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('Số hội viên mới kết nạp', 'Hiện tại: 12 người');
    await lan.say('15', 'Xin kiểm tra lại');
    await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    h.clock.set('2026-10-27T09:00:00+07:00');
    await fill(minh, '7', 'Tổ chức sinh hoạt chính trị');
    // November: only Hưng Yên so far.
    h.clock.set('2026-11-20T10:00:00+07:00');
    await fill(lan, '20', 'Tháng 11 kết nạp thêm hội viên');
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function fill(user: TestUser, members: string, highlight: string, practice?: string) {
    await user.say('/baocao', 'Câu 1/4');
    await user.say(members, 'Câu 2/4');
    await user.press('Bỏ qua', 'Câu 3/4');
    await user.say(highlight, 'Câu 4/4');
    if (practice) await user.say(practice, 'Xin kiểm tra lại');
    else await user.press('Bỏ qua', 'Xin kiểm tra lại');
    await user.press('Gửi báo cáo', 'Đã gửi');
  }

  /** Taps a button of a list and waits for that same message to change (no new message is posted). */
  async function tapInPlace(user: TestUser, button: string | RegExp, expected: string) {
    const { message } = user.findButton(button);
    const count = user.messages().length;
    user.tap(button);
    const edited = await h.emu.waitFor(() =>
      user.messages().find((m) => m.message_id === message.message_id && m.text.includes(expected)),
    );
    expect(user.messages()).toHaveLength(count);
    return edited;
  }

  async function openBrowse() {
    const menu = await leader.say('xin chào', 'chọn việc cần làm');
    expect(leader.buttons(menu)).toContain('🗂 Xem báo cáo');
    return leader.press('🗂 Xem báo cáo', 'Xin chọn kỳ báo cáo');
  }

  async function periodIdOf(key: string) {
    return (await h.db.selectFrom('periods').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
  }

  it('goes to an older period, sees who reported and opens a corrected report with what changed', async () => {
    const periods = await openBrowse();
    expect(leader.buttons(periods)).toEqual(['Tháng 11/2026 — đã nộp 1/3', 'Tháng 10/2026 — đã nộp 2/3']);

    const units = await tapInPlace(leader, 'Tháng 10/2026', 'Báo cáo tháng 10/2026');
    expect(units.text).toContain('Hạn nộp: 17:00 ngày 25/10/2026');
    expect(units.text).toContain('Đã nộp 2/3 đơn vị.');
    expect(units.text).toContain('✅ đúng hạn · 🕘 nộp muộn · ❌ chưa nộp');
    expect(leader.buttons(units)).toEqual([
      '✅ Hội CCB tỉnh Hưng Yên',
      '🕘 Hội CCB tỉnh Thái Bình',
      '❌ Hội CCB tỉnh Nam Định',
      '◀️ Các kỳ báo cáo',
    ]);

    // A unit without a report: an alert says so, and the list stays as it is.
    const count = leader.messages().length;
    leader.tap('❌ Hội CCB tỉnh Nam Định');
    const alert = await h.emu.waitFor(() =>
      h.emu.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('chưa nộp')),
    );
    expect(alert.params.text).toBe('Hội CCB tỉnh Nam Định chưa nộp Báo cáo tháng 10/2026.');
    expect(alert.params.show_alert).toBe(true);
    expect(leader.messages()).toHaveLength(count);

    const view = await leader.press('✅ Hội CCB tỉnh Hưng Yên', 'Báo cáo tháng 10/2026');
    expect(view.text).toContain('Hội CCB tỉnh Hưng Yên');
    expect(view.text).toContain('Số hội viên mới kết nạp: 15 người');
    expect(view.text).toContain('Cách làm hay: Tổ hợp tác chăn nuôi bò giúp 5 hộ thoát nghèo');
    expect(view.text).toContain(
      '<b>Đã sửa sau khi gửi</b>\n• Số hội viên mới kết nạp: 12 người → 15 người (08:30 ngày 22/10/2026, Lan)',
    );
    expect(leader.buttons(view)).toEqual([
      '✅ Đạt',
      '↩️ Trả lại',
      '💬 Góp ý',
      '🌟 Chia sẻ kinh nghiệm',
      '◀️ Các đơn vị',
    ]);

    // Back up: the units of October again, then the periods.
    const again = await leader.press('◀️ Các đơn vị', 'Báo cáo tháng 10/2026');
    expect(leader.buttons(again)).toContain('🕘 Hội CCB tỉnh Thái Bình');
    const late = await leader.press('🕘 Hội CCB tỉnh Thái Bình', 'Tổ chức sinh hoạt chính trị');
    expect(late.text).toContain('Gửi lúc 09:00 ngày 27/10/2026 (nộp muộn), người gửi: Minh');
    expect(late.text).not.toContain('Đã sửa sau khi gửi');
    await leader.press('◀️ Các đơn vị', 'Báo cáo tháng 10/2026');
    const top = await tapInPlace(leader, '◀️ Các kỳ báo cáo', 'Xin chọn kỳ báo cáo');
    expect(leader.buttons(top)).toEqual(['Tháng 11/2026 — đã nộp 1/3', 'Tháng 10/2026 — đã nộp 2/3']);
  });

  it('pages through many periods, newest first, and comes back to the right page', async () => {
    // Periods from January on, as the reminders would have made them month by month.
    for (let month = 1; month <= 9; month++)
      await openPeriods(h.db, h.clusterId, new Date(`2026-${String(month).padStart(2, '0')}-15T10:00:00+07:00`));
    const first = await openBrowse();
    expect(first.text).toContain('trang 1/2');
    expect(leader.buttons(first)).toEqual([
      'Tháng 11/2026 — đã nộp 1/3',
      'Tháng 10/2026 — đã nộp 2/3',
      'Tháng 9/2026 — đã nộp 0/3',
      'Tháng 8/2026 — đã nộp 0/3',
      'Tháng 7/2026 — đã nộp 0/3',
      'Tháng 6/2026 — đã nộp 0/3',
      '🔽 Các kỳ cũ hơn',
    ]);
    const second = await tapInPlace(leader, '🔽 Các kỳ cũ hơn', 'trang 2/2');
    expect(leader.buttons(second)).toEqual([
      'Tháng 5/2026 — đã nộp 0/3',
      'Tháng 4/2026 — đã nộp 0/3',
      'Tháng 3/2026 — đã nộp 0/3',
      'Tháng 2/2026 — đã nộp 0/3',
      'Tháng 1/2026 — đã nộp 0/3',
      '🔼 Các kỳ mới hơn',
    ]);
    const march = await tapInPlace(leader, 'Tháng 3/2026', 'Báo cáo tháng 3/2026');
    expect(leader.buttons(march)).toEqual([
      '❌ Hội CCB tỉnh Hưng Yên',
      '❌ Hội CCB tỉnh Thái Bình',
      '❌ Hội CCB tỉnh Nam Định',
      '◀️ Các kỳ báo cáo',
    ]);
    await tapInPlace(leader, '◀️ Các kỳ báo cáo', 'trang 2/2');
    await tapInPlace(leader, '🔼 Các kỳ mới hơn', 'trang 1/2');
  });

  it('refuses forged browse and share buttons from anyone but the leader, and odd ones from the leader', async () => {
    const october = await periodIdOf('2026-10');
    const thaiBinh = (await findUnitByCode(h.db, h.clusterId, 'TBH'))!.id;
    const minhReport = (
      await h.db.selectFrom('reports').select('id').where('unit_id', '=', thaiBinh).executeTakeFirstOrThrow()
    ).id;
    const lanReport = (
      await h.db
        .selectFrom('reports')
        .select('id')
        .where('period_id', '=', october)
        .where('unit_id', '!=', thaiBinh)
        .executeTakeFirstOrThrow()
    ).id;

    const lastOfLan = lan.messages().at(-1)!;
    for (const data of [
      `br:r:${october}:${thaiBinh}`,
      'br:p:0',
      `br:u:${october}:e`,
      `xs:f:${minhReport}`,
      `xs:p:${lanReport}:noi_bat`,
      'xs:send',
    ]) {
      const refused = h.emu.waitForMessage(lan.id, () => true);
      h.emu.pressButton(lan.user, lastOfLan.message_id, data);
      expect((await refused).text).toBe('Xin lỗi, chức năng này chỉ dành cho Cụm trưởng.');
    }
    // Nothing of another unit's report reached her, her message was not turned into a list, nothing was recorded.
    expect(
      lan.messages().some((m) => m.text.includes('Tổ chức sinh hoạt chính trị') || m.text.includes('Xin chọn kỳ')),
    ).toBe(false);
    expect(lan.messages().find((m) => m.message_id === lastOfLan.message_id)!.text).toBe(lastOfLan.text);
    expect(await h.db.selectFrom('conversations').selectAll().execute()).toEqual([]);

    // The leader's own odd buttons: a number field, a period that does not exist, a report of no one.
    const lastOfLeader = leader.messages().at(-1)!.message_id;
    for (const data of [`xs:p:${lanReport}:hoi_vien_moi`, 'br:u:999', 'br:r:999:1', 'xs:f:999', 'xs:send']) {
      const stale = h.emu.waitForMessage(leader.id, () => true);
      h.emu.pressButton(leader.user, lastOfLeader, data);
      expect((await stale).text).toBe('Nút này đã cũ. Xin dùng tin nhắn mới nhất.');
    }
    expect(await h.db.selectFrom('conversations').selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('experience_shares').selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('guidance_messages').selectAll().execute()).toEqual([]);
  });

  it("shares a unit's written answer with every other unit, credited to it, with 'Đã nhận' and resending", async () => {
    await openBrowse();
    await tapInPlace(leader, 'Tháng 10/2026', 'Báo cáo tháng 10/2026');
    await leader.press('✅ Hội CCB tỉnh Hưng Yên', 'Báo cáo tháng 10/2026');
    const choose = await leader.press('🌟 Chia sẻ kinh nghiệm', 'Chia sẻ câu trả lời nào');
    expect(leader.buttons(choose)).toEqual(['Kết quả nổi bật', 'Cách làm hay', '✖️ Hủy']);

    const preview = await leader.press('Cách làm hay', 'Xem lại trước khi chia sẻ');
    expect(preview.text).toContain('gửi tới 2 đơn vị khác, 2 người');
    expect(preview.text).toContain(
      'Kinh nghiệm hay của <b>Hội CCB tỉnh Hưng Yên</b>: Tổ hợp tác chăn nuôi bò giúp 5 hộ thoát nghèo',
    );
    expect(preview.text).toContain('(Theo Báo cáo tháng 10/2026, mục «Cách làm hay».)');
    expect(preview.text).not.toContain('Lời nhắn');
    expect(leader.buttons(preview)).toEqual(['✅ Gửi tới các đơn vị', '✖️ Hủy']);

    const withNote = await leader.say('Đề nghị các đơn vị tham khảo, nhân rộng.', 'Xem lại trước khi chia sẻ');
    expect(withNote.text).toContain('💬 Lời nhắn của Cụm trưởng: Đề nghị các đơn vị tham khảo, nhân rộng.');

    const minhGets = h.emu.waitForMessage(minh.id, (m) => m.text.includes('Kinh nghiệm hay'));
    const haGets = h.emu.waitForMessage(ha.id, (m) => m.text.includes('Kinh nghiệm hay'));
    const result = await leader.press('Gửi tới các đơn vị', 'Đã chia sẻ kinh nghiệm');
    expect(result.text).toBe('Đã chia sẻ kinh nghiệm tới 2/2 người.');
    for (const got of [await minhGets, await haGets]) {
      expect(got.text).toContain('Cụm trưởng (Hội CCB tỉnh Nam Định) chia sẻ');
      expect(got.text).toContain(
        'Kinh nghiệm hay của <b>Hội CCB tỉnh Hưng Yên</b>: Tổ hợp tác chăn nuôi bò giúp 5 hộ thoát nghèo',
      );
      expect(got.text).toContain('💬 Lời nhắn của Cụm trưởng: Đề nghị các đơn vị tham khảo, nhân rộng.');
      expect(minh.buttons(got)).toEqual(['👍 Đã nhận']);
    }
    // The unit credited does not get its own experience back; nor does the leader.
    for (const user of [lan, huong, leader])
      expect(user.messages().some((m) => m.text.includes('Kinh nghiệm hay của') && !m.text.includes('Xem lại'))).toBe(
        false,
      );

    // Recorded: who shared what, from which report and answer, when.
    const share = await h.db
      .selectFrom('experience_shares as s')
      .innerJoin('guidance_messages as g', 'g.id', 's.guidance_id')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .innerJoin('periods as p', 'p.id', 'r.period_id')
      .innerJoin('people as a', 'a.id', 'g.author_id')
      .select(['u.code', 'p.key', 's.field_key', 's.note', 'g.body', 'g.created_at', 'a.full_name'])
      .executeTakeFirstOrThrow();
    expect(share).toMatchObject({
      code: 'HYN',
      key: '2026-10',
      field_key: 'cach_lam',
      note: 'Đề nghị các đơn vị tham khảo, nhân rộng.',
      body: 'Tổ hợp tác chăn nuôi bò giúp 5 hộ thoát nghèo',
      full_name: 'Luyện',
    });
    expect(share.created_at).toEqual(new Date('2026-11-20T10:00:00+07:00'));
    const audited = await h.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'experience.share')
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({ fieldKey: 'cach_lam', recipients: 2 });

    // "Đã nhận" is recorded, and the leader sees it unit by unit.
    minh.tap('Đã nhận');
    await h.emu.waitFor(() =>
      h.emu.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('xác nhận')),
    );
    const grid = await leader.press('Xem đơn vị nào đã nhận', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('✅ Hội CCB tỉnh Thái Bình: đã nhận 1/1');
    expect(grid.text).toContain('📨 Hội CCB tỉnh Nam Định: đã nhận 0/1\n   chưa bấm «Đã nhận»: Hà');
    expect(grid.text).not.toContain('Hưng Yên');

    // Sent again to whoever has not pressed it: still the unit's experience, still credited.
    const haAgain = h.emu.waitForMessage(ha.id, (m) => m.text.includes('Kinh nghiệm hay'));
    await leader.press('Gửi lại cho người chưa bấm', 'Đã gửi lại cho 1/1');
    expect((await haAgain).text).toContain('Kinh nghiệm hay của <b>Hội CCB tỉnh Hưng Yên</b>');
    expect(minh.messages().filter((m) => m.text.includes('Kinh nghiệm hay'))).toHaveLength(1);
    // The leader's list of what was sent credits the share to its unit.
    await leader.say('/thongbao', 'gõ nội dung');
    expect((await leader.press('Các thông báo đã gửi', 'gần đây')).text).toContain(
      '🌟 kinh nghiệm của Hội CCB tỉnh Hưng Yên',
    );
  });

  it('a share can be cancelled at the preview: nothing is sent or recorded', async () => {
    // The leader's "đã gửi" notices (queued) also name the report: let them arrive first.
    await h.app.idle();
    const report = (
      await h.db
        .selectFrom('reports')
        .select('id')
        .where('period_id', '=', await periodIdOf('2026-11'))
        .executeTakeFirstOrThrow()
    ).id;
    const view = await leader.say('/trangthai', 'Đã nộp');
    expect(leader.buttons(view)).toContain('📄 Hội CCB tỉnh Hưng Yên');
    await leader.press('📄 Hội CCB tỉnh Hưng Yên', 'Báo cáo tháng 11/2026');
    // November's report has one written answer only.
    const choose = await leader.press('🌟 Chia sẻ kinh nghiệm', 'Chia sẻ câu trả lời nào');
    expect(leader.buttons(choose)).toEqual(['Kết quả nổi bật', '✖️ Hủy']);
    expect(leader.findButton('Kết quả nổi bật').data).toBe(`xs:p:${report}:noi_bat`);
    await leader.press('Kết quả nổi bật', 'Xem lại trước khi chia sẻ');
    expect((await leader.press('✖️ Hủy', 'Đã hủy')).text).toBe('Đã hủy, chưa chia sẻ gì.');
    // The old "Gửi" button now does nothing.
    expect((await leader.press('Gửi tới các đơn vị', 'Nút này đã cũ')).text).toContain('đã cũ');
    expect(await h.db.selectFrom('guidance_messages').selectAll().execute()).toEqual([]);
    for (const user of [minh, ha]) expect(user.messages().some((m) => m.text.includes('Kinh nghiệm hay'))).toBe(false);
  });
});
