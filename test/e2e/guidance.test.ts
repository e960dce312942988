import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import type { BotMessage } from '../emulator/telegram-emulator.js';
import { FIXTURE_CONFIG, startHarness, type Harness, type TestUser } from '../support/harness.js';

const EXAMPLE = fileURLToPath(new URL('../../config/cluster.yaml', import.meta.url));
const STALE = 'Nút này đã cũ. Xin dùng tin nhắn mới nhất.';
const HEADING = '📢 <b>Thông báo của Cụm trưởng</b> (Hội CCB tỉnh Nam Định)';
/** The example cluster (config/cluster.yaml) is led by Ninh Bình. */
const EXAMPLE_HEADING = '📢 <b>Thông báo của Cụm trưởng</b> (Hội CCB tỉnh Ninh Bình)';

/** The guidance messages a person got: the document or photo, or the text that names the leader. */
const guidanceIn = (user: TestUser, fileId?: string) =>
  user
    .messages()
    .filter((m) =>
      fileId
        ? m.file?.name === fileId
        : m.text.includes('Thông báo của Cụm trưởng') || m.caption?.includes('Thông báo của Cụm trưởng'),
    );

async function acknowledge(h: Harness, user: TestUser, message: BotMessage): Promise<void> {
  const button = message.reply_markup!.inline_keyboard![0]![0]!;
  expect(button.text).toBe('👍 Đã nhận');
  const answered = h.emu.callsOf('answerCallbackQuery').length;
  h.emu.pressButton(user.user, message.message_id, button.callback_data!);
  await h.emu.waitFor(() =>
    h.emu
      .callsOf('answerCallbackQuery')
      .slice(answered)
      .find((c) => String(c.params.text ?? '').includes('xác nhận')),
  );
  // Once pressed, the message says it was confirmed.
  await h.emu.waitFor(() =>
    user
      .messages()
      .find(
        (m) =>
          m.message_id === message.message_id && m.reply_markup?.inline_keyboard?.[0]?.[0]?.text === '✅ Đã xác nhận',
      ),
  );
}

describe('guidance to every unit', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('a document to the 9 units of the example cluster: one unreachable, acknowledgements, the grid, "Gửi lại"', async () => {
    h = await startHarness({ now: '2026-11-20T10:00:00+07:00', configPath: EXAMPLE });
    const codes = ['HPG', 'QNH', 'PTO', 'HYN', 'BNH', 'NBH', 'TNN', 'LSN', 'TQG'];
    const names = ['Hải', 'Quang', 'Dương', 'Hưng', 'Bình', 'Ninh', 'Nguyên', 'Lạng', 'Tuyên'];
    const leader = await h.join(100, 'Luyện', 'NBH', 'leader');
    const contacts: TestUser[] = [];
    for (const [i, code] of codes.entries()) contacts.push(await h.join(200 + i, names[i]!, code));
    const [hai, quang, duong, hung, ...rest] = contacts as [TestUser, TestUser, TestUser, TestUser, ...TestUser[]];
    h.emu.blockUser(duong.id); // Phú Thọ's only contact has blocked the bot

    await leader.say('/thongbao', 'gõ nội dung');
    const body = 'Gửi các đồng chí kế hoạch thi đua tháng 12, đề nghị triển khai trước ngày 05/12/2026.';
    const preview = await leader.sendFile(
      { kind: 'document', fileId: 'DOC-KH12', fileName: 'ke-hoach-thang-12.pdf', caption: body },
      'Xem lại thông báo',
    );
    expect(preview.text).toContain('(gửi tới 9 đơn vị, 9 người)');
    expect(preview.text).toContain(body);
    expect(preview.text).toContain('📎 Kèm tệp: ke-hoach-thang-12.pdf');
    expect(leader.buttons(preview)).toEqual(['✅ Gửi', '🎯 Chọn đơn vị nhận', '🗑 Bỏ tệp đính kèm', '✖️ Hủy']);

    const sending = h.emu.waitForMessage(leader.id, (m) => m.text.startsWith('Đang gửi thông báo'));
    const tally = await leader.press('✅ Gửi', 'Đã gửi thông báo tới');
    expect((await sending).text).toContain('Sau 24 giờ, bot sẽ tự nhắc lại một lần');
    // The tally names the unit that could not be reached, and why.
    expect(tally.text).toBe(
      'Đã gửi thông báo tới 8/9 người.\nKhông gửi được:\n• Dương (Hội CCB tỉnh Phú Thọ): đã chặn bot hoặc chưa mở bot',
    );
    await leader.waitFor('Không gửi được tin cho đồng chí Dương (Hội CCB tỉnh Phú Thọ)', { includeExisting: true });

    // Each of the 8 gets one message: the document, the text as its caption, and "Đã nhận".
    for (const contact of [hai, quang, hung, ...rest]) {
      const got = guidanceIn(contact, 'DOC-KH12');
      expect(got).toHaveLength(1);
      expect(got[0]!.kind).toBe('document');
      expect(got[0]!.caption).toBe(`${EXAMPLE_HEADING}:\n\n${body}`);
      expect(contact.buttons(got[0]!)).toEqual(['👍 Đã nhận']);
      expect(guidanceIn(contact)).toHaveLength(1);
    }
    expect(guidanceIn(duong)).toEqual([]);
    const stored = await h.db
      .selectFrom('guidance_messages')
      .select(['body', 'attachment_kind', 'attachment_file_id', 'attachment_name'])
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      body,
      attachment_kind: 'document',
      attachment_file_id: 'DOC-KH12',
      attachment_name: 'ke-hoach-thang-12.pdf',
    });

    // Three acknowledge.
    for (const contact of [hai, quang, hung]) await acknowledge(h, contact, guidanceIn(contact, 'DOC-KH12')[0]!);

    const grid = await leader.press('Xem đơn vị nào đã nhận', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('✅ Hội CCB thành phố Hải Phòng: đã nhận 1/1');
    expect(grid.text).toContain('✅ Hội CCB tỉnh Quảng Ninh: đã nhận 1/1');
    expect(grid.text).toContain('✅ Hội CCB tỉnh Hưng Yên: đã nhận 1/1');
    expect(grid.text).toContain('⚠️ Hội CCB tỉnh Phú Thọ: đã nhận 0/1\n   không gửi được: Dương');
    expect(grid.text).toContain('📨 Hội CCB tỉnh Bắc Ninh: đã nhận 0/1\n   chưa bấm «Đã nhận»: Bình');
    expect(grid.text).toContain('📨 Hội CCB tỉnh Ninh Bình: đã nhận 0/1\n   chưa bấm «Đã nhận»: Ninh');
    expect(grid.text.match(/📨/g)).toHaveLength(5);

    // "Gửi lại" reaches the five who have not pressed "Đã nhận" and can be reached: nobody else.
    expect((await leader.press('Gửi lại', 'Đang gửi lại')).text).toBe('Đang gửi lại cho 5 người chưa bấm «Đã nhận»…');
    await leader.waitFor('Đã gửi lại cho 5/5 người chưa xác nhận.');
    for (const contact of rest) expect(guidanceIn(contact, 'DOC-KH12')).toHaveLength(2);
    for (const contact of [hai, quang, hung]) expect(guidanceIn(contact, 'DOC-KH12')).toHaveLength(1);
    expect(guidanceIn(duong)).toEqual([]);

    // "Đã nhận" on the copy sent again counts like the first.
    const [binh] = rest as [TestUser];
    await acknowledge(h, binh, guidanceIn(binh, 'DOC-KH12')[1]!);
    const gridId = leader.findButton('Cập nhật').message.message_id;
    leader.tap('Cập nhật');
    const updated = await h.emu.waitFor(() =>
      h.emu
        .messagesIn(leader.id)
        .find((m) => m.message_id === gridId && m.text.includes('✅ Hội CCB tỉnh Bắc Ninh: đã nhận 1/1')),
    );
    expect(updated.text.match(/📨/g)).toHaveLength(4);
  }, 60_000);

  it('goes to the chosen units only; a photo with a long text comes as the photo, then the text with "Đã nhận"; forged units are refused', async () => {
    h = await startHarness({ now: '2026-11-20T10:00:00+07:00' });
    // A second cluster on the same bot: its units must never be choosable here.
    const config = await loadClusterConfig(FIXTURE_CONFIG);
    const other = await syncClusterConfig(
      h.db,
      {
        ...config,
        cluster: { ...config.cluster, code: 'khac', name: 'Cụm khác', leader: 'XA' },
        units: [{ code: 'XA', name: 'Hội CCB xã khác' }],
        targets: [],
      },
      'test',
    );
    const foreignUnit = (await findUnitByCode(h.db, other.clusterId, 'XA'))!.id;
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await h.join(201, 'Lan', 'HYN');
    const minh = await h.join(202, 'Minh', 'TBH');
    const nga = await h.join(203, 'Nga', 'LEAD');
    const hyn = (await findUnitByCode(h.db, h.clusterId, 'HYN'))!.id;

    await leader.say('/thongbao', 'gõ nội dung');
    let preview = await leader.sendFile({ kind: 'photo', fileId: 'PHOTO-HOP' }, 'Xem lại thông báo');
    expect(preview.text).toContain('(gửi tới 3 đơn vị, 3 người)');
    expect(preview.text).toContain('(chưa có lời nhắn, chỉ gửi tệp)');
    expect(preview.text).toContain('📎 Kèm 1 ảnh.');
    // Typed text joins the photo; too long to be its caption.
    const body =
      `Kết luận hội nghị giao ban cụm: ${'các đơn vị rà soát hội viên, cập nhật danh sách và báo cáo kết quả. '.repeat(16)}`.trim();
    expect(body.length).toBeGreaterThan(1024);
    preview = await leader.say(body, 'Xem lại thông báo');
    expect(preview.text).toContain('Kết luận hội nghị giao ban cụm');
    expect(preview.text).toContain('📎 Kèm 1 ảnh.');

    const list = await leader.press('🎯 Chọn đơn vị nhận', 'Chọn các đơn vị nhận');
    expect(leader.buttons(list)).toEqual([
      '✅ Hội CCB tỉnh Hưng Yên',
      '✅ Hội CCB tỉnh Thái Bình',
      '✅ Hội CCB tỉnh Nam Định',
      '✅ Tất cả',
      '✔️ Xong',
    ]);
    const listNow = () => leader.buttons(leader.messages().find((m) => m.message_id === list.message_id)!);
    const tapInList = async (button: string, expected: string[]) => {
      leader.tap(button);
      await h.emu.waitFor(() => JSON.stringify(listNow()) === JSON.stringify(expected));
    };
    await tapInList('Tất cả', [
      '⬜ Hội CCB tỉnh Hưng Yên',
      '⬜ Hội CCB tỉnh Thái Bình',
      '⬜ Hội CCB tỉnh Nam Định',
      '⬜ Tất cả',
      '✔️ Xong',
    ]);
    expect((await leader.press('Xong', 'chọn ít nhất')).text).toBe('Xin đồng chí chọn ít nhất một đơn vị.');
    await tapInList('Hội CCB tỉnh Hưng Yên', [
      '✅ Hội CCB tỉnh Hưng Yên',
      '⬜ Hội CCB tỉnh Thái Bình',
      '⬜ Hội CCB tỉnh Nam Định',
      '⬜ Tất cả',
      '✔️ Xong',
    ]);

    // Units of another cluster, the cluster itself or no unit at all: refused, the choice unchanged.
    for (const forged of [foreignUnit, h.clusterId, 999_999]) {
      const reply = h.emu.waitForMessage(leader.id, () => true);
      h.emu.pressButton(leader.user, list.message_id, `gd:u:${forged}`);
      expect((await reply).text).toBe(STALE);
    }
    const state = await h.db.selectFrom('conversations').select('state').executeTakeFirstOrThrow();
    expect(state.state).toMatchObject({
      kind: 'guidance_preview',
      unitIds: [hyn],
      file: { kind: 'photo', fileId: 'PHOTO-HOP' },
    });
    expect(listNow()).toEqual([
      '✅ Hội CCB tỉnh Hưng Yên',
      '⬜ Hội CCB tỉnh Thái Bình',
      '⬜ Hội CCB tỉnh Nam Định',
      '⬜ Tất cả',
      '✔️ Xong',
    ]);

    preview = await leader.press('Xong', 'Xem lại thông báo');
    // The list gives way to the choice it made.
    const record = await h.emu.waitFor(() =>
      h.emu.messagesIn(leader.id).find((m) => m.message_id === list.message_id && m.text.startsWith('🎯 Đã chọn')),
    );
    expect(record.text).toBe('🎯 Đã chọn: Hội CCB tỉnh Hưng Yên.');
    expect(leader.buttons(record)).toEqual([]);
    expect(preview.text).toContain('(gửi tới 1 đơn vị, 1 người)');
    expect(preview.text).toContain('🎯 Chỉ gửi tới: Hội CCB tỉnh Hưng Yên.');
    const tally = await leader.press('✅ Gửi', 'Đã gửi thông báo tới');
    expect(tally.text).toBe('Đã gửi thông báo tới 1/1 người.');

    // Lan gets the photo first, then the whole text with "Đã nhận"; the others get nothing.
    const [photo, text] = [
      lan.messages().find((m) => m.file?.name === 'PHOTO-HOP')!,
      guidanceIn(lan).find((m) => m.kind === 'text')!,
    ];
    expect(photo.kind).toBe('photo');
    expect(photo.caption).toBe('📎 Tệp kèm thông báo của Cụm trưởng (nội dung ở tin nhắn tiếp theo).');
    expect(lan.buttons(photo)).toEqual([]);
    expect(text.message_id).toBeGreaterThan(photo.message_id);
    expect(text.text).toBe(`${HEADING}:\n\n${body}`);
    expect(lan.buttons(text)).toEqual(['👍 Đã nhận']);
    for (const user of [minh, nga]) {
      expect(guidanceIn(user)).toEqual([]);
      expect(user.messages().some((m) => m.file)).toBe(false);
    }
    const deliveries = await h.db.selectFrom('guidance_deliveries').select('unit_id').execute();
    expect(deliveries).toEqual([{ unit_id: hyn }]);

    // "Đã nhận" under the text counts; the grid lists the chosen unit only.
    await acknowledge(h, lan, text);
    const grid = await leader.press('Xem đơn vị nào đã nhận', 'Tình hình nhận thông báo');
    expect(grid.text).toBe('<b>Tình hình nhận thông báo</b>\n✅ Hội CCB tỉnh Hưng Yên: đã nhận 1/1');
  });

  it('re-nudges once, after the configured delay, only those who have not acknowledged, never at night', async () => {
    // Sent late on Friday: the 24 hours end on Saturday at 21:10, in the quiet hours.
    h = await startHarness({ now: '2026-11-20T21:10:00+07:00' });
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await h.join(201, 'Lan', 'HYN');
    const minh = await h.join(202, 'Minh', 'TBH');
    const kim = await h.join(203, 'Kim', 'TBH');
    h.emu.blockUser(kim.id);

    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Đề nghị các đơn vị gửi danh sách hội viên tiêu biểu.', 'Xem lại thông báo');
    expect((await leader.press('✅ Gửi', 'Đã gửi thông báo tới')).text).toContain('Đã gửi thông báo tới 2/3 người.');
    await acknowledge(h, lan, guidanceIn(lan)[0]!);
    const renudges = (user: TestUser) => user.messages().filter((m) => m.text.startsWith('🔔 <b>Nhắc lại:</b>'));

    // Before the delay, and after it while it is night: nothing.
    for (const at of ['2026-11-21T20:59:00+07:00', '2026-11-21T21:10:00+07:00', '2026-11-22T06:59:00+07:00']) {
      h.clock.set(at);
      expect((await h.app.dispatchReminders()).renudged).toBe(0);
    }
    expect(renudges(minh)).toEqual([]);

    // In the morning: once, however many passes run at the same moment.
    h.clock.set('2026-11-22T07:00:00+07:00');
    const passes = await Promise.all([h.app.dispatchReminders(), h.app.dispatchReminders()]);
    expect(passes.map((p) => p.renudged).sort()).toEqual([0, 1]);
    const again = await minh.waitFor('Nhắc lại', { includeExisting: true });
    expect(again.text).toBe(
      `🔔 <b>Nhắc lại:</b> xin đồng chí đọc thông báo dưới đây và bấm «Đã nhận».\n\n📢 <b>Thông báo của Cụm trưởng</b> (Hội CCB tỉnh Nam Định):\n\nĐề nghị các đơn vị gửi danh sách hội viên tiêu biểu.`,
    );
    expect(minh.buttons(again)).toEqual(['👍 Đã nhận']);
    const tally = await leader.waitFor('Bot đã tự nhắc lại', { includeExisting: true });
    expect(tally.text).toBe('🔔 Bot đã tự nhắc lại thông báo ngày 20/11/2026 cho 1/1 người chưa bấm «Đã nhận».');
    expect(leader.buttons(tally)).toEqual(['📋 Xem đơn vị nào đã nhận']);

    // Not again on the next passes; Lan (acknowledged) and Kim (unreachable) never got it.
    for (const at of ['2026-11-22T08:00:00+07:00', '2026-11-23T08:00:00+07:00']) {
      h.clock.set(at);
      expect((await h.app.dispatchReminders()).renudged).toBe(0);
    }
    expect(renudges(minh)).toHaveLength(1);
    expect(renudges(lan)).toEqual([]);
    expect(
      h.emu
        .callsOf('sendMessage')
        .filter((c) => c.params.chat_id === kim.id && String(c.params.text).includes('Nhắc lại')),
    ).toEqual([]);
    expect(leader.messages().filter((m) => m.text.includes('Bot đã tự nhắc lại'))).toHaveLength(1);

    // "Đã nhận" under the reminder counts.
    await acknowledge(h, minh, again);
    const grid = await leader.press('Xem đơn vị nào đã nhận', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('📨 Hội CCB tỉnh Thái Bình: đã nhận 1/2\n   không gửi được: Kim');
    expect(grid.text).toContain('✅ Hội CCB tỉnh Hưng Yên: đã nhận 1/1');
  });

  it('re-nudges with the attachment; the delay comes from the config, and 0 turns it off', async () => {
    h = await startHarness({ now: '2026-11-20T09:00:00+07:00' });
    const config = await loadClusterConfig(FIXTURE_CONFIG);
    expect(config.guidance.renudgeAfterHours).toBe(24);
    await syncClusterConfig(h.db, { ...config, guidance: { renudgeAfterHours: 2 } }, 'test');
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await h.join(201, 'Lan', 'HYN');

    await leader.say('/thongbao', 'gõ nội dung');
    await leader.sendFile(
      { kind: 'document', fileId: 'DOC-1', fileName: 'cong-van.pdf', caption: 'Công văn số 12' },
      'Xem lại thông báo',
    );
    await leader.press('✅ Gửi', 'Sau 2 giờ, bot sẽ tự nhắc lại');
    await lan.waitFor((m) => m.file?.name === 'DOC-1', { includeExisting: true });
    await h.app.idle();
    h.clock.set('2026-11-20T11:00:00+07:00');
    expect((await h.app.dispatchReminders()).renudged).toBe(1);
    const again = lan.messages().filter((m) => m.file?.name === 'DOC-1');
    expect(again).toHaveLength(2);
    expect(again[1]!.caption).toContain('🔔 <b>Nhắc lại:</b>');
    expect(again[1]!.caption).toContain('Công văn số 12');
    expect(lan.buttons(again[1]!)).toEqual(['👍 Đã nhận']);

    // Turned off: a message sent now is never re-nudged, nor one sent before that is still due.
    await leader.say('/thongbao', 'gõ nội dung');
    // A file sent by mistake can be removed; with no text left, the bot asks for some.
    await leader.sendFile({ kind: 'document', fileId: 'DOC-SAI', fileName: 'nham.pdf' }, 'Xem lại thông báo');
    expect((await leader.press('🗑 Bỏ tệp đính kèm', 'chưa có nội dung')).text).toBe(
      'Thông báo chưa có nội dung. Xin đồng chí gõ nội dung, hoặc gửi một ảnh hay một tệp.',
    );
    const plain = await leader.say('Lịch họp tuần sau.', 'Xem lại thông báo');
    expect(plain.text).not.toContain('📎');
    expect(leader.buttons(plain)).toEqual(['✅ Gửi', '🎯 Chọn đơn vị nhận', '✖️ Hủy']);
    await syncClusterConfig(h.db, { ...config, guidance: { renudgeAfterHours: 0 } }, 'test');
    await leader.say('Lịch họp tuần sau (sửa).', 'Xem lại thông báo');
    expect((await leader.press('✅ Gửi', 'Đang gửi thông báo')).text).toBe('Đang gửi thông báo…');
    await lan.waitFor('Lịch họp tuần sau', { includeExisting: true });
    expect(
      await h.db
        .selectFrom('guidance_messages')
        .select('renudge_at')
        .where('body', '=', 'Lịch họp tuần sau (sửa).')
        .executeTakeFirstOrThrow(),
    ).toEqual({ renudge_at: null });
    await h.db
      .updateTable('guidance_messages')
      .set({ renudge_at: new Date('2026-11-20T12:00:00+07:00'), renudged_at: null })
      .where('body', '=', 'Công văn số 12')
      .execute();
    h.clock.set('2026-11-23T09:00:00+07:00');
    expect((await h.app.dispatchReminders()).renudged).toBe(0);
    expect(lan.messages().filter((m) => (m.text + (m.caption ?? '')).includes('Nhắc lại'))).toHaveLength(1);
    expect(lan.messages().some((m) => m.file?.name === 'DOC-SAI')).toBe(false);
  });
});
