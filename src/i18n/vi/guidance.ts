/** Guidance from the leader and its acknowledgements. */
import { formatDate, formatDateTime } from '../../domain/dates.js';
import type { UnitAcks } from '../../domain/guidance.js';
import { formatNumber } from '../../domain/numbers.js';
import { esc, oneLine } from './format.js';

export const guidanceTexts = {
  guidance: {
    askBody:
      'Xin đồng chí gõ nội dung thông báo gửi tới các đơn vị (một tin nhắn). Có thể gửi kèm một ảnh hoặc một tệp (văn bản, PDF…).',
    preview: (p: {
      body: string;
      file: { kind: 'photo' | 'document'; fileName: string | null } | undefined;
      units: number;
      people: number;
      unreachable: string[];
      chosen: string[] | undefined;
    }) =>
      [
        `<b>Xem lại thông báo</b> (gửi tới ${p.units} đơn vị, ${p.people} người):`,
        '',
        p.body ? esc(p.body) : '<i>(chưa có lời nhắn, chỉ gửi tệp)</i>',
        p.file ? `\n${fileLine(p.file)}` : undefined,
        p.chosen ? `\n🎯 Chỉ gửi tới: ${p.chosen.map(esc).join(', ')}.` : undefined,
        p.unreachable.length
          ? `\n<i>Chưa có ai đăng ký nhận tin ở: ${p.unreachable.map(esc).join(', ')}.</i>`
          : undefined,
        `\n<i>Gõ lại để sửa nội dung; gửi ${p.file ? 'ảnh hoặc tệp khác để thay tệp' : 'một ảnh hoặc tệp để đính kèm'}.</i>`,
      ]
        .filter((line) => line !== undefined)
        .join('\n'),
    empty: 'Thông báo chưa có nội dung. Xin đồng chí gõ nội dung, hoặc gửi một ảnh hay một tệp.',
    chooseUnits: '🎯 Chọn các đơn vị nhận thông báo (bấm để chọn hoặc bỏ chọn), rồi bấm «✔️ Xong»:',
    noUnitChosen: 'Xin đồng chí chọn ít nhất một đơn vị.',
    noRecipients: 'Chưa có đơn vị nào đăng ký nhận tin, nên chưa gửi được thông báo.',
    noRecipientsChosen: 'Các đơn vị đã chọn chưa có ai đăng ký nhận tin. Xin đồng chí chọn thêm đơn vị.',
    tooLong: (max: number) => `Thông báo dài quá, xin rút gọn dưới ${formatNumber(max)} ký tự.`,
    cancelled: 'Đã hủy, thông báo không được gửi.',
    sending: (renudgeHours: number) =>
      'Đang gửi thông báo…' +
      (renudgeHours > 0
        ? ` Sau ${renudgeHours} giờ, bot sẽ tự nhắc lại một lần những người chưa bấm «Đã nhận» (không nhắc ban đêm).`
        : ''),
    message: (leaderUnit: string, body: string) =>
      `📢 <b>Thông báo của Cụm trưởng</b> (${esc(leaderUnit)})${body ? `:\n\n${esc(body)}` : '.'}`,
    /** Above the file when the text is too long to be its caption: the text with "Đã nhận" follows. */
    fileCaption: '📎 Tệp kèm thông báo của Cụm trưởng (nội dung ở tin nhắn tiếp theo).',
    /** The automatic reminder: the same message, marked as such. */
    renudge: (message: string) =>
      `🔔 <b>Nhắc lại:</b> xin đồng chí đọc thông báo dưới đây và bấm «Đã nhận».\n\n${message}`,
    renudged: (
      sentAt: Date,
      sent: number,
      total: number,
      failures: { unit: string; person: string; reason: string }[],
    ) =>
      [
        `🔔 Bot đã tự nhắc lại thông báo ngày ${formatDate(sentAt)} cho ${sent}/${total} người chưa bấm «Đã nhận».`,
        ...(failures.length
          ? ['Không gửi được:', ...failures.map((f) => `• ${esc(f.person)} (${esc(f.unit)}): ${esc(f.reason)}`)]
          : []),
      ].join('\n'),
    result: (sent: number, total: number, failures: { unit: string; person: string; reason: string }[]) =>
      [
        `Đã gửi thông báo tới ${sent}/${total} người.`,
        ...(failures.length
          ? ['Không gửi được:', ...failures.map((f) => `• ${esc(f.person)} (${esc(f.unit)}): ${esc(f.reason)}`)]
          : []),
      ].join('\n'),
    acknowledged: 'Cảm ơn đồng chí đã xác nhận.',
    grid: (units: UnitAcks[]) =>
      [
        '<b>Tình hình nhận thông báo</b>',
        ...units.map((u) =>
          [
            `${u.acknowledged === u.total ? '✅' : u.failed.length === u.total ? '⚠️' : '📨'} ${esc(u.unit)}: đã nhận ${u.acknowledged}/${u.total}`,
            u.waiting.length ? `   chưa bấm «Đã nhận»: ${u.waiting.map(esc).join(', ')}` : undefined,
            u.sending.length ? `   đang gửi: ${u.sending.map(esc).join(', ')}` : undefined,
            u.failed.length ? `   không gửi được: ${u.failed.map(esc).join(', ')}` : undefined,
          ]
            .filter(Boolean)
            .join('\n'),
        ),
      ].join('\n'),
    /** "🔁 Gửi lại": the same message, marked as a copy of the one sent that day. */
    resendMark: (sentAt: Date, message: string) =>
      `🔁 <b>Gửi lại</b> thông báo ngày ${formatDate(sentAt)}: xin đồng chí đọc và bấm «Đã nhận».\n\n${message}`,
    /** A file came with a caption while typed text was there: the text stays; the caption is quoted so it is not lost. */
    captionNotUsed: (caption: string) =>
      `📎 Đã đính kèm tệp và <b>giữ nguyên nội dung đồng chí đã gõ</b>. Chú thích gửi kèm tệp chưa được dùng:\n<i>${esc(caption)}</i>\nMuốn dùng chú thích làm nội dung, xin gõ lại nội dung đó.`,
    resent: (sent: number, total: number) => `Đã gửi lại cho ${sent}/${total} người chưa xác nhận.`,
    resending: (people: number) => `Đang gửi lại cho ${people} người chưa bấm «Đã nhận»…`,
    unitsChosen: (names: string[] | undefined) =>
      names ? `🎯 Đã chọn: ${names.map(esc).join(', ')}.` : '🎯 Đã chọn: tất cả các đơn vị.',
    nobodyToResend: 'Lúc này không còn ai cần gửi lại: mọi người đã nhận, đang được gửi, hoặc không liên lạc được.',
    historyEmpty: 'Cụm chưa gửi thông báo nào.',
    history: (
      items: {
        at: Date;
        unit: string;
        body: string;
        fileKind: 'photo' | 'document' | null;
        fileName: string | null;
        sharedFrom: string | null;
      }[],
    ) =>
      [
        '🗂 <b>Các thông báo đã gửi gần đây</b>',
        // One line per snippet: long messages are split between lines, each closing its tags.
        ...items.map(
          (g, i) =>
            `\n${i + 1}. ${formatDateTime(g.at)} — ${g.sharedFrom ? `🌟 kinh nghiệm của ${esc(g.sharedFrom)}` : esc(g.unit)}:` +
            (g.body ? `\n<i>${esc(oneLine(g.body, 160))}</i>` : '') +
            (g.fileKind ? `\n${fileLine({ kind: g.fileKind, fileName: g.fileName })}` : ''),
        ),
        '',
        'Bấm số thứ tự để xem đơn vị nào đã nhận.',
      ].join('\n'),
  },
} as const;

/** Names what is attached to guidance. */
function fileLine(file: { kind: 'photo' | 'document'; fileName: string | null }): string {
  return file.kind === 'photo' ? '📎 Kèm 1 ảnh.' : `📎 Kèm tệp: ${esc(file.fileName ?? 'tài liệu')}`;
}
