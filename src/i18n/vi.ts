/**
 * Every word the bot shows, in one place. Vietnamese, short and polite; messages use
 * Telegram HTML, so anything that comes from people or config goes through `esc`.
 */
import { formatDate, formatDateTime, formatIsoDate } from '../domain/dates.js';
import { formatNumber } from '../domain/numbers.js';
import { fieldUnit, type AnswerProblem, type AnswerValue } from '../domain/form.js';
import type { Board, BoardState } from '../domain/board.js';
import type { FieldDefinition } from '../domain/template.js';
import type { AnswerWarning } from '../domain/plausibility.js';

export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * The part of a report's name that says which period: "11/2026", "IV/2026", "đầu năm 2026",
 * "2026", or nothing for a one-off; the template title names the kind ("Báo cáo quý").
 */
export const periodShortLabel = (key: string): string => {
  const [year, part] = key.split('-');
  if (key === 'once') return '';
  if (part === undefined) return year!;
  if (part.startsWith('Q')) return `${ROMAN[Number(part[1]) - 1]}/${year}`;
  if (part.startsWith('H')) return `${part === 'H1' ? 'đầu' : 'cuối'} năm ${year}`;
  return `${Number(part)}/${year}`;
};

/** A period on its own: "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026". */
export const periodLabel = (key: string): string => {
  const [year, part] = key.split('-');
  if (key === 'once') return 'Đợt báo cáo đột xuất';
  if (part === undefined) return `Năm ${year}`;
  if (part.startsWith('Q')) return `Quý ${periodShortLabel(key)}`;
  if (part.startsWith('H')) return `6 tháng ${periodShortLabel(key)}`;
  return `Tháng ${periodShortLabel(key)}`;
};

/** "Báo cáo tháng 11/2026", "Báo cáo quý IV/2026", "Báo cáo 6 tháng đầu năm 2026". */
export const reportName = (templateTitle: string, periodKey: string) => `${templateTitle} ${periodShortLabel(periodKey)}`.trim();

export const vi = {
  button: {
    report: '📝 Làm báo cáo',
    resume: '▶️ Tiếp tục báo cáo',
    board: '📊 Tình hình nộp báo cáo',
    guidance: '📢 Gửi thông báo',
    invite: '➕ Mời cán bộ đơn vị',
    people: '👥 Cán bộ các đơn vị',
    help: '❓ Hướng dẫn',
    skip: '⏭ Bỏ qua',
    keep: '✅ Giữ nguyên',
    submit: '✅ Gửi báo cáo',
    edit: '✏️ Sửa một câu',
    send: '✅ Gửi',
    cancel: '✖️ Hủy',
    received: '👍 Đã nhận',
    acknowledged: '✅ Đã xác nhận',
    ackGrid: '📋 Xem đơn vị nào đã nhận',
    resend: '🔁 Gửi lại cho người chưa bấm «Đã nhận»',
    view: '📄 Xem báo cáo',
    yes: 'Có',
    no: 'Không',
    done: '✔️ Xong',
    finish: '✔️ Xong, lưu thay đổi',
    amend: '✏️ Sửa báo cáo',
    history: '🗂 Báo cáo đã gửi',
    pause: '⏸ Tạm dừng',
    samePrevious: (value: string) => `↩️ Như kỳ trước (${value})`,
    confirmValue: '✅ Đúng',
    retype: '✏️ Nhập lại',
    back: '↩️ Quay lại',
    refresh: '🔄 Cập nhật',
    nudge: '🔔 Nhắc ngay các đơn vị chưa nộp',
    adjust: '🕒 Gia hạn / miễn nộp',
    askExtension: '🕒 Xin gia hạn',
    accept: '✅ Đạt',
    sendBack: '↩️ Trả lại',
    comment: '💬 Góp ý',
    primary: '🔔 Tôi nhận nhắc sớm cho đơn vị',
    closeEarly: '⏹ Đóng kỳ sớm',
    openNext: '⏭ Mở sớm kỳ sau',
    rotate: '🔁 Chuyển giao cụm trưởng',
    confirmRotation: '✅ Xác nhận chuyển giao',
    guidanceHistory: '🗂 Các thông báo đã gửi',
    reply: '💬 Trả lời',
    propose: '📨 Gửi kiến nghị',
    threads: '🧵 Trao đổi',
    viewThread: '🧵 Xem trao đổi',
    wholeReport: '📄 Cả báo cáo',
    writeToLeader: '✍️ Viết cho Cụm trưởng',
    writeToUnit: '✍️ Viết cho đơn vị',
    browse: '🗂 Xem báo cáo',
    backToPeriods: '◀️ Các kỳ báo cáo',
    backToUnits: '◀️ Các đơn vị',
    newerPeriods: '🔼 Các kỳ mới hơn',
    olderPeriods: '🔽 Các kỳ cũ hơn',
    share: '🌟 Chia sẻ kinh nghiệm',
    shareSend: '✅ Gửi tới các đơn vị',
    pickUnits: '🎯 Chọn đơn vị nhận',
    removeFile: '🗑 Bỏ tệp đính kèm',
    /** A colleague changed the answer meanwhile: keep their value, or write one's own (plain text). */
    keepTheirs: (who: string, value: string) => `↩️ Giữ giá trị của ${shorten(who, 30)} (${shorten(value, 24)})`,
    useMine: (value: string) => `✍️ Dùng giá trị của tôi (${shorten(value, 24)})`,
    removeThisFile: '🗑 Gỡ tệp này',
    removeAlbum: '🗑 Gỡ cả album này',
    removeFiles: '🗑 Gỡ tệp đính kèm',
    /** One file in the list of files to remove (plain text). */
    removeOneFile: (index: number, name: string) => `🗑 ${index}. ${shorten(name, 40)}`,
    /** A unit in the list of recipients: ticked or not. */
    unitChoice: (name: string, chosen: boolean) => `${chosen ? '✅' : '⬜'} ${name}`,
    allUnits: (chosen: boolean) => `${chosen ? '✅' : '⬜'} Tất cả`,
  },

  commands: {
    baocao: 'Làm báo cáo',
    trangthai: 'Tình hình nộp báo cáo',
    thongbao: 'Gửi thông báo tới các đơn vị',
    huongdan: 'Hướng dẫn sử dụng',
  },

  stranger:
    'Xin chào! Đây là bot báo cáo của cụm thi đua Hội Cựu chiến binh.\n' +
    'Bot chỉ dành cho cán bộ các đơn vị đã được mời. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mời.',

  invite: {
    unknown: 'Đường dẫn mời không đúng. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới.',
    expired: 'Đường dẫn mời đã hết hạn. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới.',
    used: 'Đường dẫn mời này đã được người khác sử dụng. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới.',
    revoked: 'Đường dẫn mời này đã được thay bằng đường dẫn mới. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới nhất.',
    /** Under a new link made in chat: other links of the unit nobody has used yet still work. */
    othersStillValid: (count: number) => `Lưu ý: đơn vị còn ${count} đường dẫn mời khác chưa ai dùng, vẫn dùng được (mỗi đường dẫn cho một người).`,
    otherUnit: (unit: string) =>
      `Đồng chí đã là cán bộ báo cáo của ${esc(unit)}; mỗi người báo cáo cho một đơn vị. Đường dẫn này chưa bị dùng, xin chuyển lại cho đúng người, hoặc liên hệ Cụm trưởng.`,
    chooseUnit: 'Mời cán bộ của đơn vị nào? Bot sẽ tạo một đường dẫn để đồng chí gửi cho họ.',
    created: (unit: string, link: string, expires: Date) =>
      `Đường dẫn mời cán bộ báo cáo của <b>${esc(unit)}</b>:\n${esc(link)}\n\n` +
      `Xin gửi đường dẫn này cho đúng một đồng chí (qua Zalo, tin nhắn...). Đường dẫn dùng được một lần, hết hạn ngày ${formatDate(expires)}.`,
  },

  people: {
    chooseUnit: 'Xem cán bộ của đơn vị nào? (trong ngoặc là số người đang nhận tin)',
    /** Plain text (a button). */
    unitButton: (unit: string, people: number) => `${unit} (${people})`,
    list: (unit: string, people: { fullName: string; username: string | null; leader: boolean; since: Date; reachable: boolean }[]) =>
      people.length
        ? [
            `👥 <b>Cán bộ của ${esc(unit)}</b>`,
            ...people.map(
              (p, i) =>
                `${i + 1}. ${esc(p.fullName)}${p.username ? ` (@${esc(p.username)})` : ''} — ${p.leader ? 'Cụm trưởng' : 'cán bộ báo cáo'}, từ ${formatDate(p.since)}` +
                (p.reachable ? '' : ' ⚠️ không liên lạc được'),
            ),
            '',
            'Khi một đồng chí nghỉ hưu hoặc chuyển công tác, bấm tên để cho thôi nhận tin.',
          ].join('\n')
        : `👥 ${esc(unit)} chưa có ai đăng ký nhận tin. Xin mời cán bộ bằng nút «➕ Mời cán bộ đơn vị».`,
    /** Plain text (a button). */
    removeButton: (name: string) => `🚫 Cho thôi: ${name}`,
    confirm: (name: string, unit: string) =>
      [
        `Cho đồng chí <b>${esc(name)}</b> thôi làm cán bộ của ${esc(unit)}?`,
        '',
        'Sau khi xác nhận:',
        '• Bot không gửi tin gì cho đồng chí ấy nữa, kể cả tin đang chờ gửi; đồng chí ấy không dùng được bot cho đơn vị này.',
        '• Báo cáo, ý kiến đồng chí ấy đã gửi vẫn được giữ nguyên.',
        '• Muốn mời lại, xin tạo đường dẫn mời mới.',
      ].join('\n'),
    confirmButton: '✅ Xác nhận cho thôi',
    removed: (name: string, unit: string, left: number) =>
      `Đã cho đồng chí ${esc(name)} thôi làm cán bộ của ${esc(unit)}.` +
      (left === 0 ? ' Đơn vị hiện không còn ai nhận tin; xin mời cán bộ mới bằng nút «➕ Mời cán bộ đơn vị».' : ''),
    notMember: 'Đồng chí này không còn trong danh sách cán bộ của đơn vị.',
    notYourself: 'Đồng chí không thể tự cho mình thôi. Nếu đồng chí thôi giữ vai trò Cụm trưởng, xin chuyển giao trước («🔁 Chuyển giao cụm trưởng»).',
  },

  welcomeContact: (name: string, unit: string, cluster: string) =>
    `Xin chào đồng chí <b>${esc(name)}</b>!\n` +
    `Đồng chí đã được ghi nhận là cán bộ báo cáo của <b>${esc(unit)}</b> (${esc(cluster)}).\n\n` +
    'Bot sẽ nhắc đồng chí trước hạn nộp báo cáo. Khi muốn báo cáo, xin bấm nút «📝 Làm báo cáo» bên dưới.',

  welcomeLeader: (name: string, unit: string, cluster: string) =>
    `Xin chào đồng chí <b>${esc(name)}</b>!\n` +
    `Đồng chí đã được ghi nhận là Cụm trưởng ${esc(cluster)} (<b>${esc(unit)}</b>).\n\n` +
    'Đồng chí có thể xem tình hình nộp báo cáo của các đơn vị và gửi thông báo, chỉ đạo tới tất cả các đơn vị bằng các nút bên dưới.',

  welcomeBack: (name: string) => `Xin chào đồng chí <b>${esc(name)}</b>! Đồng chí cần làm gì hôm nay?`,

  menu: 'Xin đồng chí chọn việc cần làm:',

  help: (roles: { contact: boolean; leader: boolean }) =>
    [
      '<b>Hướng dẫn sử dụng</b>',
      roles.contact ? '📝 /baocao — làm báo cáo định kỳ của đơn vị: bot hỏi lần lượt từng câu, đồng chí bấm nút hoặc trả lời bằng số, vài dòng chữ. Câu trả lời được lưu ngay; bấm «⏸ Tạm dừng» để làm tiếp lúc khác.' : undefined,
      roles.contact ? '📎 Khi đang làm báo cáo, gửi ảnh hoặc tệp để đính kèm.' : undefined,
      roles.contact ? '✏️ Đã gửi mà cần sửa: bấm «✏️ Sửa báo cáo» (được sửa đến hạn nộp; Cụm trưởng được báo).' : undefined,
      roles.contact ? '🕒 Xin gia hạn — khi đơn vị cần thêm thời gian nộp báo cáo kỳ đang mở: gõ lý do, Cụm trưởng trả lời.' : undefined,
      roles.contact && !roles.leader ? '📨 Gửi kiến nghị — gửi câu hỏi, kiến nghị tới Cụm trưởng bất cứ lúc nào; ý kiến của Cụm trưởng có nút «💬 Trả lời».' : undefined,
      '🧵 Trao đổi — xem lại toàn bộ trao đổi giữa đơn vị và Cụm trưởng trong từng kỳ báo cáo.',
      roles.leader ? '📊 /trangthai — xem đơn vị nào đã nộp, nộp muộn hay chưa nộp.' : undefined,
      roles.leader ? '🗂 Xem báo cáo — xem lại báo cáo của từng đơn vị theo kỳ, kể cả những gì đơn vị đã sửa.' : undefined,
      roles.leader ? '🌟 Chia sẻ kinh nghiệm — dưới một báo cáo, gửi cách làm hay của đơn vị đó tới các đơn vị khác.' : undefined,
      roles.leader ? '📢 /thongbao — gửi thông báo, chỉ đạo (có thể kèm ảnh hoặc tệp) tới tất cả hoặc một số đơn vị.' : undefined,
      roles.leader ? '➕ Mời cán bộ đơn vị — tạo đường dẫn mời (dùng một lần) để gửi cho cán bộ mới.' : undefined,
      roles.leader ? '👥 Cán bộ các đơn vị — xem ai đang nhận tin của từng đơn vị; cho thôi một người (nghỉ hưu, chuyển công tác).' : undefined,
      roles.leader ? '🔁 Chuyển giao cụm trưởng — khi hết nhiệm kỳ, chuyển vai trò Cụm trưởng cho đơn vị khác (có bước xác nhận).' : undefined,
      'Số viết theo kiểu Việt Nam: 1.500 là một nghìn năm trăm, 2,5 là hai phẩy năm.',
      roles.leader ? undefined : 'Cần hỗ trợ, xin liên hệ Cụm trưởng.',
    ]
      .filter(Boolean)
      .join('\n'),

  primaryTaken: (unit: string) =>
    `Từ nay đồng chí nhận các lần nhắc sớm (mở kỳ, trước hạn) của ${esc(unit)}. Các đồng chí khác của đơn vị nhận nhắc từ ngày hạn nộp.`,

  notAllowed: 'Xin lỗi, chức năng này chỉ dành cho Cụm trưởng.',
  notAContact: 'Xin lỗi, đồng chí chưa được ghi nhận là cán bộ báo cáo của đơn vị nào.',
  sorry: 'Xin lỗi, bot gặp sự cố khi xử lý yêu cầu. Xin đồng chí thử lại sau ít phút.',
  staleButton: 'Nút này đã cũ. Xin dùng tin nhắn mới nhất.',
  /** A message or tap the bot was handling when it restarted: not run twice, so maybe not done. */
  interrupted: {
    tap: 'Bot vừa khởi động lại. Xin đồng chí kiểm tra rồi bấm lại nếu cần.',
    message: 'Bot vừa khởi động lại khi đang xử lý tin nhắn hoặc nút bấm trước của đồng chí, nên việc đó có thể chưa xong. Xin đồng chí kiểm tra lại và làm lại nếu cần.',
  },
  dismissed: 'Đã hủy.',

  report: {
    noOpenPeriod: 'Hiện chưa có kỳ báo cáo nào đang mở.',
    /** A tick on a multiple-choice question whose message Telegram did not send along: the choice so far, with the buttons anew. */
    ticked: (label: string, chosen: string[]) =>
      `<b>${esc(label)}</b>\n${chosen.length ? `Đã chọn: ${chosen.map(esc).join('; ')}` : 'Chưa chọn mục nào.'}`,
    periodClosed: 'Kỳ báo cáo này đã kết thúc, không nhận báo cáo nữa.',
    choosePeriod: 'Xin chọn báo cáo cần làm:',
    alreadySubmitted: (name: string, at: Date) => `${esc(name)} đã được gửi lúc ${formatDateTime(at)}. Cảm ơn đồng chí!`,
    resumed: 'Đồng chí đang làm dở báo cáo này, xin tiếp tục:',
    resumeOffer: 'Đồng chí đang làm dở báo cáo. Xin bấm «▶️ Tiếp tục báo cáo» để làm tiếp từ câu đang dừng.',
    started: (name: string, unit: string, deadline: Date, late: boolean) =>
      `📝 <b>${esc(name)}</b> — ${esc(unit)}\nHạn nộp: ${formatDateTime(deadline)}.` +
      (late ? ' Đã quá hạn: báo cáo vẫn được nhận và ghi là nộp muộn, và sau khi gửi sẽ không sửa được nữa.' : '') +
      `\nBot sẽ hỏi lần lượt từng câu; câu trả lời được lưu ngay.`,
    question: (p: { position: number; total: number; section: string; field: FieldDefinition; current?: string; previous?: string; target?: { year: number; target: string; reported: string } }) =>
      [
        `<i>Câu ${p.position}/${p.total} · ${esc(p.section)}</i>`,
        '',
        `<b>${esc(p.field.label)}</b>${'unit' in p.field && p.field.unit ? ` (${esc(p.field.unit)})` : ''}${p.field.required ? '' : ' <i>(không bắt buộc)</i>'}`,
        p.current !== undefined ? `Hiện tại: ${esc(p.current)}` : undefined,
        p.previous !== undefined ? `Kỳ trước: ${esc(p.previous)}` : undefined,
        p.target ? `Chỉ tiêu năm ${p.target.year}: ${esc(p.target.target)} · các kỳ trước đã đạt: ${esc(p.target.reported)}` : undefined,
        // The template's own help replaces the generic hint, so a question never gives two examples.
        p.field.help ? `<i>${esc(p.field.help)}</i>` : answerHint(p.field),
      ]
        .filter((line) => line !== undefined)
        .join('\n'),
    problem: (problem: AnswerProblem, field: FieldDefinition) =>
      `⚠️ ${problemText(problem)}\n${answerHint(field)}${problem.code === 'empty' && !field.required ? '\nNếu không có gì để ghi, xin bấm «⏭ Bỏ qua».' : ''}`,
    /** An answer that is possible but unusual, or came in a forwarded message: asked before it is stored. */
    confirm: (p: { reason: AnswerWarning | { code: 'forwarded' }; label: string; value: string; field: FieldDefinition; today: Date }) =>
      [
        `❓ ${confirmReason(p.reason, p.value, p.field, p.today)}`,
        `Có phải đồng chí muốn ghi <b>${esc(p.value)}</b> cho câu «${esc(p.label)}» không?`,
        '<i>Nếu đúng, xin bấm «✅ Đúng». Nếu nhầm, bấm «✏️ Nhập lại» hoặc gõ lại câu trả lời.</i>',
      ].join('\n'),
    review: (name: string, unit: string, sections: { title: string; lines: { label: string; value: string }[] }[], attachments: string[], amending: boolean) =>
      [
        `<b>Xin kiểm tra lại ${esc(name)}</b> — ${esc(unit)}`,
        ...answerLines(sections),
        ...(attachments.length ? ['', vi.report.attachments(attachments)] : []),
        '',
        amending ? 'Sửa xong, xin bấm «✔️ Xong, lưu thay đổi».' : 'Nếu đúng, xin bấm «✅ Gửi báo cáo». Có thể gửi kèm ảnh hoặc tệp trước khi gửi.',
      ].join('\n'),
    skipped: '(bỏ qua)',
    noneChosen: '(không chọn ý nào)',
    photo: 'ảnh',
    document: 'tệp',
    attachments: (names: string[]) => `📎 Tệp đính kèm: ${names.map(esc).join(', ')}`,
    attached: (file: string, name: string) => `📎 Đã đính kèm ${esc(file)} vào ${esc(name)}.`,
    /** The one reply to an album, updated as its files arrive. */
    attachedAlbum: (count: number, photos: boolean, name: string) => `📎 Đã đính kèm ${count} ${photos ? 'ảnh' : 'tệp'} (gửi cùng một lượt) vào ${esc(name)}.`,
    /** A file's name with what the person wrote with it (plain text; escaped where shown). */
    withCaption: (file: string, caption: string) => `${file} («${oneLine(caption, 80)}»)`,
    chooseFileToRemove: 'Xin chọn tệp cần gỡ khỏi báo cáo:',
    noFiles: 'Báo cáo chưa có tệp đính kèm nào.',
    filesRemoved: (names: string[]) => `🗑 Đã gỡ khỏi báo cáo: ${names.map(esc).join(', ')}.`,
    fileAlreadyRemoved: 'Tệp này đã được gỡ khỏi báo cáo rồi.',
    /** A file added to or removed from a sent report, in the list of changes. */
    filesLabel: 'Tệp đính kèm',
    noFile: '(chưa có)',
    fileGone: '(đã gỡ)',
    /** The caption of a report's file as sent to whoever opens the report: whose and which report. */
    fileCaption: (unit: string, name: string, index: number, total: number, caption?: string) =>
      `📎 <b>${esc(unit)}</b> · ${esc(name)} · tệp ${index}/${total}${caption ? `\n${esc(caption)}` : ''}`,
    conflict: (p: { label: string; who: string; theirs: string; mine: string; amending: boolean }) =>
      `⚠️ Câu «${esc(p.label)}» vừa được đồng chí ${esc(p.who)} ${p.amending ? 'sửa' : 'trả lời'}: ${esc(p.theirs)}\n` +
      `Đồng chí nhập: ${esc(p.mine)}\nGiá trị của đồng chí chưa được lưu. Xin chọn giá trị giữ lại:`,
    /** After «Xong»: a colleague changed again an answer this person had corrected. */
    overwrittenSince: (items: { label: string; value: string; by: string }[]) =>
      `Lưu ý: sau khi đồng chí sửa, ${items.map((i) => `câu «${esc(i.label)}» đã được đồng chí ${esc(i.by)} sửa thành ${esc(i.value)}`).join('; ')}.`,
    /** After «Xong» by someone who changed nothing, while colleagues' changes were waiting. */
    othersAnnounced: (who: string[]) => `Đồng chí chưa sửa câu nào. Các thay đổi của đồng chí ${who.map(esc).join(', ')} đã được lưu và nay đã báo Cụm trưởng.`,
    /** To the unit's other contacts: a colleague sent the unit's report. */
    coContactSubmitted: (who: string, unit: string, name: string, at: Date, late: boolean) =>
      `📤 Đồng chí ${esc(who)} đã gửi ${esc(name)} của ${esc(unit)} lúc ${formatDateTime(at)}${late ? ' (nộp muộn)' : ''}.`,
    /** To the unit's other contacts: a colleague told the leader of corrections to the unit's report. */
    coContactChanged: (who: string, name: string, changes: { label: string; from: string; to: string; at: Date; by: string }[]) =>
      [`✏️ Đồng chí ${esc(who)} đã báo Cụm trưởng các thay đổi trong ${esc(name)} của đơn vị:`, ...changes.map((c) => `• ${esc(c.label)}: ${esc(c.from)} → ${esc(c.to)} (${esc(c.by)}, ${formatDateTime(c.at)})`)].join('\n'),
    attachFirst: 'Xin mở báo cáo (bấm «📝 Làm báo cáo») rồi gửi ảnh hoặc tệp để đính kèm.',
    readOnly: (name: string, at: Date, accepted = false) =>
      `${esc(name)} đã gửi lúc ${formatDateTime(at)}. ` +
      (accepted ? 'Cụm trưởng đã đánh giá Đạt nên báo cáo không sửa nữa.' : 'Đã quá hạn nộp nên báo cáo không sửa được nữa; nếu cần bổ sung, xin đồng chí liên hệ Cụm trưởng.'),
    amendIntro: 'Xin chọn câu cần sửa. Mỗi thay đổi được ghi lại; sửa xong xin bấm «✔️ Xong, lưu thay đổi» để báo Cụm trưởng.',
    amended: 'Đã lưu các thay đổi và đang gửi báo Cụm trưởng. Nếu không báo được, bot sẽ nhắn lại đồng chí.',
    /** ✔️ Xong when a colleague's ✔️ Xong already sent this person's changes to the leader. */
    amendedSentWithColleague: 'Đã lưu các thay đổi. Các thay đổi này đã được gửi báo Cụm trưởng cùng với thay đổi của đồng chí cùng đơn vị.',
    /** To the contact when no leader received the notice of their changes. */
    changesNotTold: (name: string, reason: string) =>
      `⚠️ Chưa báo được Cụm trưởng về các thay đổi của ${esc(name)}: ${esc(reason)}.\n` +
      'Các thay đổi vẫn được lưu và sẽ được báo lại khi đồng chí bấm «✔️ Xong, lưu thay đổi» lần sau; nếu cần gấp, xin báo trực tiếp Cụm trưởng.',
    noChanges: 'Không có thay đổi nào.',
    changedNotice: (unit: string, name: string, changes: { label: string; from: string; to: string; at: Date; by: string }[]) =>
      [`✏️ ${esc(unit)} đã sửa ${esc(name)}:`, ...changes.map((c) => `• ${esc(c.label)}: ${esc(c.from)} → ${esc(c.to)} (${esc(c.by)}, ${formatDateTime(c.at)})`)].join('\n'),
    historyTitle: 'Các báo cáo đơn vị đã gửi (bấm để xem):',
    historyEmpty: 'Đơn vị chưa gửi báo cáo nào.',
    paused: 'Đã tạm dừng. Các câu trả lời đã được lưu; khi muốn làm tiếp, xin bấm «▶️ Tiếp tục báo cáo».',
    chooseAtLeastOne: 'Xin chọn ít nhất một ý.',
    missingRequired: (labels: string[]) => `Còn câu bắt buộc chưa trả lời: ${labels.map(esc).join('; ')}.`,
    chooseFieldToEdit: 'Xin chọn câu cần sửa:',
    submitted: (name: string, unit: string, at: Date, late: boolean) =>
      `✅ Đã gửi <b>${esc(name)}</b> của ${esc(unit)} lúc ${formatDateTime(at)}${late ? ' (nộp muộn)' : ' (đúng hạn)'}.\nCảm ơn đồng chí!`,
    leaderNotice: (unit: string, name: string, at: Date, late: boolean) =>
      `📥 ${esc(unit)} đã gửi ${esc(name)} lúc ${formatDateTime(at)}${late ? ' (nộp muộn)' : ''}.`,
    sharedDraft: (name: string, who: string) =>
      `${esc(name)} của đơn vị đang được đồng chí ${esc(who)} soạn dở. Các câu trả lời được lưu chung cho đơn vị; đồng chí có thể làm tiếp:`,
    view: (p: {
      name: string;
      unit: string;
      submittedAt: Date;
      late: boolean;
      by: string;
      sections: { title: string; lines: { label: string; value: string }[] }[];
      attachments: string[];
      revisions: { label: string; from: string; to: string; at: Date; by: string }[];
      review: 'accepted' | 'returned' | null;
    }) =>
      [
        `📄 <b>${esc(p.name)}</b> — ${esc(p.unit)}`,
        `Gửi lúc ${formatDateTime(p.submittedAt)}${p.late ? ' (nộp muộn)' : ' (đúng hạn)'}${p.by ? `, người gửi: ${esc(p.by)}` : ''}`,
        ...(p.review === 'accepted' ? ['✅ Cụm trưởng đã đánh giá: Đạt'] : p.review === 'returned' ? ['↩️ Cụm trưởng đã trả lại để sửa; đơn vị chưa sửa xong'] : []),
        ...answerLines(p.sections),
        ...(p.attachments.length ? ['', vi.report.attachments(p.attachments)] : []),
        ...(p.revisions.length
          ? ['', '<b>Đã sửa sau khi gửi</b>', ...p.revisions.map((r) => `• ${esc(r.label)}: ${esc(r.from)} → ${esc(r.to)} (${formatDateTime(r.at)}, ${esc(r.by)})`)]
          : []),
      ].join('\n'),
  },

  board: {
    viewHint: 'Bấm tên đơn vị để xem báo cáo đã nộp.',
    /** After the name of a unit since taken out of the cluster's list (plain text). */
    removedSuffix: ' (đã rời cụm)',
    title: (name: string, deadline: Date) => `📊 <b>${esc(name)}</b>\nHạn nộp: ${formatDateTime(deadline)}`,
    summary: (b: Board) => `Đã nộp ${b.submitted}/${b.total} đơn vị.`,
    row: (row: { state: BoardState; unit: string; submittedAt?: Date; overdue: boolean; reachable: boolean; extendedTo?: Date }) => {
      const name = esc(row.unit);
      const extended = row.extendedTo ? ` (gia hạn đến ${formatDateTime(row.extendedTo)})` : '';
      const note = `${row.overdue ? ', đã quá hạn' : ''}${extended}${row.reachable ? '' : ' (chưa có ai đăng ký nhận tin)'}`;
      switch (row.state) {
        case 'on_time':
          return `✅ ${name} — nộp ${formatDateTime(row.submittedAt!)}`;
        case 'late':
          return `🕘 ${name} — nộp muộn ${formatDateTime(row.submittedAt!)}`;
        case 'drafting':
          return `✏️ ${name} — đang soạn${note}`;
        case 'missing':
          return `❌ ${name} — chưa nộp${note}`;
        case 'excused':
          return `➖ ${name} — được miễn kỳ này`;
      }
    },
  },

  browse: {
    noPeriods: 'Chưa có kỳ báo cáo nào.',
    periods: (page: number, pages: number) => `🗂 <b>Xem báo cáo</b>\nXin chọn kỳ báo cáo${pages > 1 ? ` (trang ${page + 1}/${pages})` : ''}:`,
    periodButton: (label: string, submitted: number, total: number) => `${label} — đã nộp ${submitted}/${total}`,
    units: (name: string, deadline: Date, submitted: number, total: number, states: BoardState[]) =>
      [
        `🗂 <b>${esc(name)}</b>`,
        `Hạn nộp: ${formatDateTime(deadline)}`,
        `Đã nộp ${submitted}/${total} đơn vị.`,
        BOARD_STATES.filter((state) => states.includes(state))
          .map((state) => `${STATE_MARK[state]} ${STATE_WORD[state]}`)
          .join(' · '),
        'Bấm tên đơn vị để xem báo cáo.',
      ].join('\n'),
    unitButton: (state: BoardState, unit: string) => `${STATE_MARK[state]} ${unit}`,
    /** Shown as an alert (plain text, no HTML) when the tapped unit has no report to open. */
    noReport: (state: BoardState, unit: string, name: string) =>
      state === 'excused' ? `${unit} được miễn nộp ${name}.` : state === 'drafting' ? `${unit} đang soạn ${name}, chưa gửi.` : `${unit} chưa nộp ${name}.`,
  },

  share: {
    chooseField: 'Chia sẻ câu trả lời nào của đơn vị tới các đơn vị khác?',
    nothing: 'Báo cáo này không có câu trả lời bằng chữ để chia sẻ.',
    message: (p: { leaderUnit: string; unit: string; name: string; label: string; text: string; note?: string | null }) =>
      [
        `🌟 <b>Trao đổi kinh nghiệm</b> — Cụm trưởng (${esc(p.leaderUnit)}) chia sẻ:`,
        '',
        `Kinh nghiệm hay của <b>${esc(p.unit)}</b>: ${esc(p.text)}`,
        `<i>(Theo ${esc(p.name)}, mục «${esc(p.label)}».)</i>`,
        ...(p.note ? ['', `💬 Lời nhắn của Cụm trưởng: ${esc(p.note)}`] : []),
      ].join('\n'),
    preview: (message: string, units: number, people: number, hasNote: boolean) =>
      `<b>Xem lại trước khi chia sẻ</b> (gửi tới ${units} đơn vị khác, ${people} người):\n\n${message}\n\n` +
      (hasNote
        ? '<i>Muốn sửa lời nhắn, xin gõ lại. Nếu đúng, xin bấm «✅ Gửi tới các đơn vị».</i>'
        : '<i>Đồng chí có thể gõ thêm một lời nhắn ngắn (không bắt buộc). Nếu đúng, xin bấm «✅ Gửi tới các đơn vị».</i>'),
    noteTooLong: (max: number) => `Lời nhắn dài quá, xin rút gọn dưới ${formatNumber(max)} ký tự.`,
    noRecipients: 'Các đơn vị khác chưa có ai đăng ký nhận tin, nên chưa chia sẻ được.',
    cancelled: 'Đã hủy, chưa chia sẻ gì.',
    sending: 'Đang gửi tới các đơn vị…',
    result: (sent: number, total: number, failures: { unit: string; person: string; reason: string }[]) =>
      [
        `Đã chia sẻ kinh nghiệm tới ${sent}/${total} người.`,
        ...(failures.length ? ['Không gửi được:', ...failures.map((f) => `• ${esc(f.person)} (${esc(f.unit)}): ${esc(f.reason)}`)] : []),
      ].join('\n'),
  },

  reminder: (p: { person: string; unit: string; name: string; deadline: Date; now: Date }) => {
    const due = formatDateTime(p.deadline);
    const when =
      p.now.getTime() > p.deadline.getTime()
        ? `Đã quá hạn nộp (${due}). Xin đồng chí gửi sớm.`
        : formatDate(p.now) === formatDate(p.deadline)
          ? `Hôm nay là hạn nộp (${due}).`
          : `Hạn nộp: ${due}.`;
    return `🔔 Kính gửi đồng chí ${esc(p.person)},\n${esc(p.unit)} chưa gửi <b>${esc(p.name)}</b>.\n${when}`;
  },

  nudge: {
    sent: (r: { units: number; people: number; unreachable?: string[] }) =>
      `Đã nhắc ${r.units} đơn vị chưa nộp (${r.people} người).` + (r.unreachable?.length ? `\n${vi.nudge.unreachable(r.unreachable)}` : ''),
    /** Units still owing the report that the bot cannot reach at all. */
    unreachable: (units: string[]) => `⚠️ Không nhắc được (chưa có ai đăng ký nhận tin, hoặc không liên lạc được): ${units.map(esc).join(', ')}.`,
    nobody: (units: string[]) => `Không nhắc được đơn vị nào.\n${vi.nudge.unreachable(units)}`,
    quiet: () => 'Bây giờ là giờ nghỉ, bot không nhắc các đơn vị lúc này. Xin thử lại sau 07:00.',
    already: (r: { nextAt: Date }) => `Các đơn vị đã được nhắc trong giờ này. Có thể nhắc lại từ ${formatDateTime(r.nextAt)}.`,
    nothing: () => 'Không còn đơn vị nào cần nhắc.',
  },

  adjust: {
    chooseUnit: 'Gia hạn hoặc miễn nộp cho đơn vị nào?',
    allOwing: 'Tất cả đơn vị chưa nộp',
    chooseAction: 'Xin chọn:',
    extend: (days: number) => `Gia hạn thêm ${days} ngày`,
    excuse: 'Miễn nộp kỳ này',
    askReason: 'Xin gõ lý do (bot sẽ báo cho đơn vị):',
    cancelled: 'Đã hủy, không thay đổi gì.',
    done: (units: string[], excused: boolean) => `Đã ${excused ? 'miễn nộp' : 'gia hạn'} cho: ${units.map(esc).join(', ')}. Các đơn vị đã được báo.`,
    extendedNotice: (name: string, deadline: Date, reason: string, capped = false) =>
      `🕒 Cụm trưởng đã gia hạn nộp <b>${esc(name)}</b> cho đơn vị đến ${formatDateTime(deadline)}.` +
      (capped ? ' Đây là lúc kỳ báo cáo kết thúc, nên không gia hạn thêm được.' : '') +
      `\nLý do: ${esc(reason)}`,
    /** To the leader: each unit's new deadline; one cut at the period's end says so. */
    extendedDone: (units: { unit: string; until: Date; capped: boolean }[]) =>
      [
        'Đã gia hạn cho:',
        ...units.map((u) => `• ${esc(u.unit)}: đến ${formatDateTime(u.until)}${u.capped ? ' (chỉ gia hạn được đến lúc kỳ báo cáo kết thúc)' : ''}`),
        'Các đơn vị đã được báo.',
      ].join('\n'),
    excusedNotice: (unit: string, name: string, reason: string) => `➖ Cụm trưởng cho ${esc(unit)} miễn nộp <b>${esc(name)}</b>.\nLý do: ${esc(reason)}`,
  },

  feedback: {
    askReason: 'Xin gõ lý do trả lại báo cáo (đơn vị sẽ nhận được):',
    askComment: 'Xin gõ ý kiến của đồng chí về báo cáo này (đơn vị sẽ nhận được):',
    chooseTarget: 'Đồng chí góp ý về cả báo cáo hay về một câu? Xin bấm chọn:',
    /** A button naming an answered question and the unit's answer (plain text, not HTML). */
    fieldButton: (label: string, value: string) => `${shorten(label, 40)}: ${shorten(value, 20)}`,
    askFieldComment: (label: string, value: string) =>
      `Xin gõ ý kiến của đồng chí về câu «${esc(label)}» (đơn vị trả lời: ${esc(oneLine(value, 200))}); đơn vị sẽ nhận được ý kiến này.`,
    sent: (kind: 'comment' | 'accept' | 'return', unit: string, fieldLabel?: string) =>
      kind === 'accept'
        ? `Đã ghi nhận báo cáo của ${esc(unit)} là Đạt và báo cho đơn vị.`
        : kind === 'return'
          ? `Đã trả lại báo cáo cho ${esc(unit)}.`
          : `Đã gửi ý kiến${fieldLabel ? ` về câu «${esc(fieldLabel)}»` : ''} tới ${esc(unit)}.`,
    notice: (kind: 'comment' | 'accept' | 'return', name: string, leaderUnit: string, body: string, field?: { label: string; value: string }) =>
      kind === 'accept'
        ? `✅ Cụm trưởng (${esc(leaderUnit)}) đã đánh giá <b>${esc(name)}</b> của đơn vị là <b>Đạt</b>. Cảm ơn đồng chí!`
        : kind === 'return'
          ? `↩️ Cụm trưởng (${esc(leaderUnit)}) đề nghị sửa lại <b>${esc(name)}</b>.\nLý do: ${esc(body)}\nXin bấm «✏️ Sửa báo cáo».`
          : field
            ? `💬 Ý kiến của Cụm trưởng (${esc(leaderUnit)}) về <b>${esc(name)}</b>, câu «${esc(field.label)}»\n` +
              `<i>Đơn vị đã trả lời: ${esc(oneLine(field.value, 300))}</i>\n${esc(body)}`
            : `💬 Ý kiến của Cụm trưởng (${esc(leaderUnit)}) về <b>${esc(name)}</b>:\n${esc(body)}`,
    cancelled: 'Đã hủy, chưa gửi gì tới đơn vị.',
    alreadyAccepted: 'Báo cáo này đã được đánh giá rồi.',
    alreadyAcknowledged: 'Đồng chí đã xác nhận ý kiến này rồi.',
    /** Under a report, for the leader: each piece of feedback and who pressed "Đã nhận". */
    acks: (items: { kind: 'comment' | 'accept' | 'return'; body: string; at: Date; acknowledgedBy: string[] }[]) =>
      [
        '<b>Ý kiến của Cụm trưởng</b>',
        ...items.map((f) => {
          const what = f.kind === 'accept' ? '✅ Đạt' : f.kind === 'return' ? `↩️ Trả lại: ${esc(oneLine(f.body, 80))}` : `💬 ${esc(oneLine(f.body, 80))}`;
          const who = f.acknowledgedBy.length ? `👍 đã nhận: ${f.acknowledgedBy.map(esc).join(', ')}` : 'chưa ai bấm «Đã nhận»';
          return `• ${formatDateTime(f.at)} ${what} — ${who}`;
        }),
      ].join('\n'),
  },

  /** Messages that are not read as the person's own typing: edits, forwards. */
  input: {
    editNotTaken: (inReport: boolean) =>
      '✏️ Bot không nhận nội dung sửa của tin nhắn đã gửi, nên chưa có gì thay đổi.' +
      (inReport
        ? ' Muốn đổi một câu trả lời, xin bấm «↩️ Quay lại» hoặc «✏️ Sửa một câu» (ở bước kiểm tra lại); đang ở câu nào thì cứ gõ câu trả lời mới.'
        : ' Nếu cần, xin gửi lại thành tin nhắn mới.'),
    forwardedNotTaken: 'Đây là tin nhắn chuyển tiếp (hoặc gửi qua bot khác) nên bot chưa lấy làm nội dung. Xin đồng chí tự gõ, hoặc sao chép rồi dán nội dung vào tin nhắn mới.',
  },

  /** Text typed in answer to a prompt (a comment, a proposal, a reply) that cannot be taken. */
  messageText: {
    empty: 'Tin nhắn chưa có nội dung. Xin đồng chí gõ lại:',
    tooLong: (length: number, max: number) =>
      `Nội dung dài ${formatNumber(length)} ký tự, quá mức ${formatNumber(max)} ký tự. Xin đồng chí rút gọn rồi gửi lại (chưa gửi gì).`,
  },

  thread: {
    choosePeriod: 'Xin chọn kỳ báo cáo:',
    chooseUnit: (name: string) => `🧵 Trao đổi về ${esc(name)}. Xin chọn đơn vị (trong ngoặc là số tin):`,
    /** Plain text (a button). */
    unitButton: (unit: string, entries: number) => (entries ? `${unit} (${entries})` : unit),
    askProposal: (name: string) => `📨 Xin gõ câu hỏi hoặc kiến nghị của đơn vị gửi Cụm trưởng (về ${esc(name)}), trong một tin nhắn:`,
    askReply: (quote: string) => `Xin gõ ý kiến trả lời Cụm trưởng, trong một tin nhắn:\n${quoteLine(quote)}`,
    askToUnit: (unit: string, quote?: string) => `Xin gõ nội dung gửi ${esc(unit)}, trong một tin nhắn:${quote ? `\n${quoteLine(quote)}` : ''}`,
    sentToLeader: 'Đã gửi tới Cụm trưởng. Bot sẽ báo khi có trả lời.',
    sentToUnit: (unit: string) => `Đã gửi tới ${esc(unit)}.`,
    cancelled: 'Đã hủy, chưa gửi gì.',
    notYours: 'Xin lỗi, đồng chí chỉ xem và viết được trao đổi giữa đơn vị mình và Cụm trưởng.',
    toLeader: (p: { unit: string; person: string; name: string; body: string; quote?: string | undefined }) =>
      p.quote
        ? `💬 ${esc(p.unit)} (đồng chí ${esc(p.person)}) trả lời về <b>${esc(p.name)}</b>:\n${quoteLine(p.quote)}\n${esc(p.body)}`
        : `📨 Kiến nghị của ${esc(p.unit)} (đồng chí ${esc(p.person)}) về <b>${esc(p.name)}</b>:\n${esc(p.body)}`,
    toUnit: (p: { leaderUnit: string; name: string; body: string; quote?: string | undefined }) =>
      p.quote
        ? `💬 Cụm trưởng (${esc(p.leaderUnit)}) trả lời về <b>${esc(p.name)}</b>:\n${quoteLine(p.quote)}\n${esc(p.body)}`
        : `💬 Cụm trưởng (${esc(p.leaderUnit)}) gửi đơn vị, về <b>${esc(p.name)}</b>:\n${esc(p.body)}`,
    /** What a reply answers, quoted on one line: the leader's feedback, or an earlier message. */
    quoteFeedback: (kind: 'comment' | 'accept' | 'return', body: string, fieldLabel?: string) =>
      kind === 'accept' ? 'Báo cáo được đánh giá Đạt' : kind === 'return' ? `Trả lại báo cáo: ${body}` : fieldLabel ? `Góp ý về câu «${fieldLabel}»: ${body}` : `Góp ý: ${body}`,
    title: (unit: string, name: string) => `🧵 <b>Trao đổi giữa ${esc(unit)} và Cụm trưởng</b>\nVề ${esc(name)}`,
    empty: 'Chưa có trao đổi nào. Xin bấm nút bên dưới để viết.',
    entry: (e: {
      at: Date;
      who: string;
      author: string;
      kind: 'message' | 'comment' | 'accept' | 'return';
      body: string;
      field?: { label: string; value: string } | undefined;
    }) => {
      const head = `<i>${formatDateTime(e.at)}</i> · <b>${esc(e.who)}</b> (${esc(e.author)})`;
      const body = esc(e.body);
      switch (e.kind) {
        case 'message':
          return `${head}:\n${body}`;
        case 'comment':
          return e.field
            ? `${head} 💬 góp ý về câu «${esc(e.field.label)}» (đơn vị trả lời: ${esc(oneLine(e.field.value, 200))}):\n${body}`
            : `${head} 💬 góp ý về báo cáo:\n${body}`;
        case 'accept':
          return `${head} ✅ đánh giá báo cáo: <b>Đạt</b>`;
        case 'return':
          return `${head} ↩️ trả lại báo cáo. Lý do:\n${body}`;
      }
    },
    leaderSide: 'Cụm trưởng',
  },

  periodControl: {
    close: '⏹ Xác nhận đóng kỳ',
    confirmClose: (name: string) => `Đóng ${esc(name)} ngay bây giờ? Sau khi đóng, các đơn vị không nộp hay sửa báo cáo kỳ này được nữa.`,
    closed: (name: string) => `Đã đóng ${esc(name)}.`,
    closedNotice: (name: string) => `⏹ Cụm trưởng đã đóng ${esc(name)}. Kỳ này không nhận báo cáo nữa.`,
    opened: (name: string) => `Đã mở ${esc(name)}. Các đơn vị đã được báo.`,
    alreadyOpen: 'Kỳ sau đã được mở rồi.',
    open: '⏭ Xác nhận mở kỳ sau',
    confirmOpen: (next: string | undefined) =>
      `Mở ${next ? esc(next) : 'kỳ báo cáo sau'} ngay bây giờ? Tất cả các đơn vị sẽ được báo và có thể bắt đầu làm báo cáo kỳ đó.`,
    openedNotice: (name: string, deadline: Date) => `⏭ Cụm trưởng đã mở ${esc(name)}. Hạn nộp: ${formatDateTime(deadline)}.`,
  },

  extension: {
    askReason: 'Xin gõ lý do xin gia hạn (bot sẽ gửi tới Cụm trưởng):',
    sent: 'Đã gửi đề nghị gia hạn tới Cụm trưởng. Bot sẽ báo khi có trả lời.',
    request: (unit: string, person: string, name: string, reason: string) =>
      `🕒 ${esc(unit)} (đồng chí ${esc(person)}) xin gia hạn nộp <b>${esc(name)}</b>.\nLý do: ${esc(reason)}`,
    decline: '✖️ Không đồng ý',
    declined: (name: string) => `Cụm trưởng chưa đồng ý gia hạn nộp ${esc(name)}. Xin đồng chí cố gắng gửi đúng hạn.`,
    declinedLeader: (unit: string) => `Đã trả lời ${esc(unit)}: không gia hạn.`,
    approvedReason: (reason: string) => `theo đề nghị của đơn vị (${reason})`,
    alreadyDecided: 'Đề nghị này đã được trả lời.',
    periodEnded: 'Kỳ báo cáo của đề nghị này đã kết thúc, không gia hạn được nữa.',
    waiting: (at: Date) => `Đơn vị đã xin gia hạn lúc ${formatDateTime(at)}, đang chờ Cụm trưởng trả lời. Bot sẽ báo khi có trả lời.`,
    nothingOwed: 'Hiện đơn vị không còn báo cáo nào phải nộp trong kỳ đang mở, nên không cần xin gia hạn.',
    choosePeriod: 'Xin gia hạn cho báo cáo nào?',
    cancelled: 'Đã hủy, không gửi đề nghị gia hạn.',
    notNeeded: 'Đơn vị đã gửi báo cáo kỳ này, không cần gia hạn.',
  },

  leaderNote: (name: string, deadline: Date, units: string[], unreachable: string[] = []) =>
    `⏰ Đã quá hạn nộp ${esc(name)} (${formatDateTime(deadline)}), còn ${units.length} đơn vị chưa nộp:\n${units.map((u) => `• ${esc(u)}`).join('\n')}\n` +
    (unreachable.length === 0
      ? 'Bot đã nhắc các đơn vị này.'
      : unreachable.length === units.length
        ? vi.nudge.unreachable(unreachable)
        : `${vi.nudge.unreachable(unreachable)}\nBot đã nhắc các đơn vị còn lại.`),

  digest: (name: string, deadline: Date, missing: string[], late: string[], total: number, extended: { unit: string; until: Date }[] = []) =>
    [
      `📋 <b>Tổng hợp ${esc(name)}</b> — hạn nộp ${formatDateTime(deadline)}`,
      `Đã nộp ${total - missing.length - extended.length}/${total} đơn vị.`,
      missing.length ? `Chưa nộp:\n${missing.map((u) => `• ${esc(u)}`).join('\n')}` : extended.length ? undefined : 'Tất cả các đơn vị đã nộp.',
      extended.length ? `Được gia hạn:\n${extended.map((e) => `• ${esc(e.unit)} (đến ${formatDateTime(e.until)})`).join('\n')}` : undefined,
      late.length ? `Nộp muộn:\n${late.map((u) => `• ${esc(u)}`).join('\n')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),

  guidance: {
    askBody: 'Xin đồng chí gõ nội dung thông báo gửi tới các đơn vị (một tin nhắn). Có thể gửi kèm một ảnh hoặc một tệp (văn bản, PDF…).',
    preview: (p: { body: string; file: { kind: 'photo' | 'document'; fileName: string | null } | undefined; units: number; people: number; unreachable: string[]; chosen: string[] | undefined }) =>
      [
        `<b>Xem lại thông báo</b> (gửi tới ${p.units} đơn vị, ${p.people} người):`,
        '',
        p.body ? esc(p.body) : '<i>(chưa có lời nhắn, chỉ gửi tệp)</i>',
        p.file ? `\n${fileLine(p.file)}` : undefined,
        p.chosen ? `\n🎯 Chỉ gửi tới: ${p.chosen.map(esc).join(', ')}.` : undefined,
        p.unreachable.length ? `\n<i>Chưa có ai đăng ký nhận tin ở: ${p.unreachable.map(esc).join(', ')}.</i>` : undefined,
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
      'Đang gửi thông báo…' + (renudgeHours > 0 ? ` Sau ${renudgeHours} giờ, bot sẽ tự nhắc lại một lần những người chưa bấm «Đã nhận» (không nhắc ban đêm).` : ''),
    message: (leaderUnit: string, body: string) => `📢 <b>Thông báo của Cụm trưởng</b> (${esc(leaderUnit)})${body ? `:\n\n${esc(body)}` : '.'}`,
    /** Above the file when the text is too long to be its caption: the text with "Đã nhận" follows. */
    fileCaption: '📎 Tệp kèm thông báo của Cụm trưởng (nội dung ở tin nhắn tiếp theo).',
    /** The automatic reminder: the same message, marked as such. */
    renudge: (message: string) => `🔔 <b>Nhắc lại:</b> xin đồng chí đọc thông báo dưới đây và bấm «Đã nhận».\n\n${message}`,
    renudged: (sentAt: Date, sent: number, total: number, failures: { unit: string; person: string; reason: string }[]) =>
      [
        `🔔 Bot đã tự nhắc lại thông báo ngày ${formatDate(sentAt)} cho ${sent}/${total} người chưa bấm «Đã nhận».`,
        ...(failures.length ? ['Không gửi được:', ...failures.map((f) => `• ${esc(f.person)} (${esc(f.unit)}): ${esc(f.reason)}`)] : []),
      ].join('\n'),
    result: (sent: number, total: number, failures: { unit: string; person: string; reason: string }[]) =>
      [
        `Đã gửi thông báo tới ${sent}/${total} người.`,
        ...(failures.length ? ['Không gửi được:', ...failures.map((f) => `• ${esc(f.person)} (${esc(f.unit)}): ${esc(f.reason)}`)] : []),
      ].join('\n'),
    acknowledged: 'Cảm ơn đồng chí đã xác nhận.',
    grid: (units: { unit: string; acknowledged: number; total: number; waiting: string[]; sending: string[]; failed: string[] }[]) =>
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
    resendMark: (sentAt: Date, message: string) => `🔁 <b>Gửi lại</b> thông báo ngày ${formatDate(sentAt)}: xin đồng chí đọc và bấm «Đã nhận».\n\n${message}`,
    /** A file came with a caption while typed text was there: the text stays; the caption is quoted so it is not lost. */
    captionNotUsed: (caption: string) =>
      `📎 Đã đính kèm tệp và <b>giữ nguyên nội dung đồng chí đã gõ</b>. Chú thích gửi kèm tệp chưa được dùng:\n<i>${esc(caption)}</i>\nMuốn dùng chú thích làm nội dung, xin gõ lại nội dung đó.`,
    resent: (sent: number, total: number) => `Đã gửi lại cho ${sent}/${total} người chưa xác nhận.`,
    resending: (people: number) => `Đang gửi lại cho ${people} người chưa bấm «Đã nhận»…`,
    unitsChosen: (names: string[] | undefined) => (names ? `🎯 Đã chọn: ${names.map(esc).join(', ')}.` : '🎯 Đã chọn: tất cả các đơn vị.'),
    nobodyToResend: 'Lúc này không còn ai cần gửi lại: mọi người đã nhận, đang được gửi, hoặc không liên lạc được.',
    historyEmpty: 'Cụm chưa gửi thông báo nào.',
    history: (items: { at: Date; unit: string; body: string; fileKind: 'photo' | 'document' | null; fileName: string | null; sharedFrom: string | null }[]) =>
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

  rotation: {
    chooseUnit: (cluster: string) => `Chuyển giao vai trò Cụm trưởng ${esc(cluster)} cho đơn vị nào?`,
    noOtherUnit: 'Chưa có đơn vị nào khác có cán bộ tham gia bot để nhận chuyển giao. Xin mời cán bộ đơn vị đó tham gia trước.',
    confirm: (p: { cluster: string; from: string; to: string }) =>
      [
        `🔁 Chuyển giao vai trò Cụm trưởng ${esc(p.cluster)} cho <b>${esc(p.to)}</b>?`,
        '',
        'Sau khi xác nhận:',
        `• Cán bộ của ${esc(p.to)} nhận các chức năng của Cụm trưởng: xem tình hình nộp báo cáo, gửi thông báo, đánh giá báo cáo, và xem các báo cáo, thông báo trước đây của cụm.`,
        `• Cán bộ của ${esc(p.from)}, kể cả đồng chí, không còn các chức năng đó; vẫn làm báo cáo cho đơn vị mình như các đơn vị khác.`,
        '• Bot báo tin cho cán bộ của hai đơn vị, và báo ngắn cho các đơn vị khác biết Cụm trưởng mới.',
      ].join('\n'),
    cancelled: 'Đã hủy, vai trò Cụm trưởng không thay đổi.',
    done: (cluster: string, to: string) =>
      `✅ Đã chuyển giao vai trò Cụm trưởng ${esc(cluster)} cho <b>${esc(to)}</b>. Đồng chí vẫn làm báo cáo cho đơn vị mình. Cảm ơn đồng chí!`,
    already: (to: string | undefined) => (to ? `Vai trò Cụm trưởng đã được chuyển giao cho ${esc(to)}.` : 'Vai trò Cụm trưởng đã được chuyển giao.'),
    formerNotice: (p: { cluster: string; to: string; by?: string }) =>
      `🔁 ${p.by ? `Đồng chí ${esc(p.by)} đã chuyển giao` : 'Đã chuyển giao'} vai trò Cụm trưởng ${esc(p.cluster)} cho <b>${esc(p.to)}</b>.\n` +
      'Từ nay đồng chí không còn các chức năng của Cụm trưởng; đồng chí vẫn làm báo cáo cho đơn vị mình như trước.',
    newNotice: (p: { cluster: string; to: string; from?: string }) =>
      `🔁 Từ nay <b>${esc(p.to)}</b> giữ vai trò Cụm trưởng ${esc(p.cluster)}${p.from ? ` (nhận chuyển giao từ ${esc(p.from)})` : ''}.\n` +
      'Đồng chí có thể xem tình hình nộp báo cáo, gửi thông báo, đánh giá báo cáo và xem các báo cáo, thông báo trước đây của cụm bằng các nút bên dưới. Đồng chí vẫn làm báo cáo cho đơn vị mình.',
    othersNotice: (p: { cluster: string; to: string; from?: string }) =>
      `🔁 Từ nay <b>${esc(p.to)}</b> giữ vai trò Cụm trưởng ${esc(p.cluster)}${p.from ? ` (thay ${esc(p.from)})` : ''}. Báo cáo, kiến nghị của đơn vị từ nay gửi tới Cụm trưởng mới qua bot như trước.`,
    pendingRequests: (count: number) => `Có ${count} đề nghị gia hạn của các đơn vị chưa được trả lời, xin đồng chí xem và trả lời:`,
  },

  deliveryFailure: {
    blocked: 'đã chặn bot hoặc chưa mở bot',
    not_found: 'không tìm thấy cuộc trò chuyện',
    deleted: 'tài khoản Telegram đã bị xoá',
    unreachable: 'không liên lạc được từ lần gửi trước',
    uncertain: 'Telegram không trả lời, có thể đã nhận',
    rejected: 'Telegram từ chối tin nhắn này, chưa gửi được',
    expired: 'quá giờ gửi (bot không gửi ban đêm), chưa gửi',
    other: 'lỗi đường truyền, chưa gửi được',
  },

  /** To the leader when someone can no longer be reached by the bot. */
  unreachableNotice: (person: string, unit: string, reason: string) =>
    `⚠️ Không gửi được tin cho đồng chí ${esc(person)} (${esc(unit)}): ${esc(reason)}. Xin nhắc đồng chí ấy mở lại bot và bấm «Bắt đầu».`,
  /** To the leader when Telegram says someone's account was deleted ("user is deactivated"). */
  deletedAccountNotice: (person: string, unit: string) =>
    `⚠️ Tài khoản Telegram của đồng chí ${esc(person)} (${esc(unit)}) đã bị xoá, bot không gửi tin được nữa. Nếu đơn vị cần người khác nhận tin, xin mời người đó tham gia bot.`,
  /** Once, to someone sending many messages in a few seconds: the next ones are kept but not answered. */
  tooFast: 'Đồng chí gửi nhanh quá. Bot vẫn ghi nhận các tin, nhưng tạm thời chưa trả lời; xin chờ vài giây rồi gửi tiếp.',
} as const;

/** Names what is attached to guidance. */
function fileLine(file: { kind: 'photo' | 'document'; fileName: string | null }): string {
  return file.kind === 'photo' ? '📎 Kèm 1 ảnh.' : `📎 Kèm tệp: ${esc(file.fileName ?? 'tài liệu')}`;
}

/** Text cut to a length, with an ellipsis when cut. */
function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** What a reply answers, on one line of its own. */
function quoteLine(text: string): string {
  return `↪️ <i>${esc(oneLine(text, 200))}</i>`;
}

/** A quote kept on one line, so each line of a message still closes its own tags. */
function oneLine(text: string, max: number): string {
  return shorten(text.replace(/\s+/g, ' ').trim(), max);
}
/** The marks of the board, also on the browse buttons; listed in this order in the legend. */
const BOARD_STATES: BoardState[] = ['on_time', 'late', 'drafting', 'missing', 'excused'];
const STATE_MARK: Record<BoardState, string> = { on_time: '✅', late: '🕘', drafting: '✏️', missing: '❌', excused: '➖' };
const STATE_WORD: Record<BoardState, string> = { on_time: 'đúng hạn', late: 'nộp muộn', drafting: 'đang soạn', missing: 'chưa nộp', excused: 'được miễn' };

function answerLines(sections: { title: string; lines: { label: string; value: string }[] }[]): string[] {
  return sections.flatMap((s) => ['', `<b>${esc(s.title)}</b>`, ...s.lines.map((l) => `• ${esc(l.label)}: ${esc(l.value)}`)]);
}

/** An answer as people read it: "1.500 người", "25 %", "Có", "06/12/2026", "A; B". */
export function formatAnswer(value: AnswerValue | undefined, field: FieldDefinition): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    const unit = fieldUnit(field);
    return unit === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
  }
  if (typeof value === 'boolean') return value ? vi.button.yes : vi.button.no;
  if (Array.isArray(value)) return value.length ? value.join('; ') : vi.report.noneChosen;
  return field.type === 'date' ? formatIsoDate(value) : value;
}

function answerHint(field: FieldDefinition): string {
  switch (field.type) {
    case 'integer':
      return 'Xin nhập một số nguyên, ví dụ: 12 hoặc 1.500';
    case 'decimal':
      return 'Xin nhập một số, ví dụ: 1.500 hoặc 2,5';
    case 'percent':
      return 'Xin nhập tỷ lệ phần trăm, ví dụ: 15 hoặc 12,5%';
    case 'text':
    case 'long_text':
      return `Xin gõ câu trả lời (tối đa ${formatNumber(field.maxLength)} ký tự).`;
    case 'choice':
      return 'Xin bấm chọn một ý bên dưới.';
    case 'multi_choice':
      return 'Xin bấm chọn các ý phù hợp (có thể chọn nhiều), rồi bấm «Xong».';
    case 'yes_no':
      return 'Xin bấm «Có» hoặc «Không».';
    case 'date':
      return 'Xin nhập ngày theo dạng ngày/tháng/năm, ví dụ: 06/12/2026 hoặc 6/12';
  }
}

function confirmReason(reason: AnswerWarning | { code: 'forwarded' }, value: string, field: FieldDefinition, today: Date): string {
  switch (reason.code) {
    case 'forwarded':
      return 'Đây là tin nhắn chuyển tiếp (hoặc gửi qua bot khác), có thể không phải câu trả lời của đồng chí.';
    case 'above_year_target':
      return `${esc(value)} lớn hơn cả chỉ tiêu năm ${reason.year} (${esc(formatAnswer(reason.target, field)!)}).`;
    case 'jump':
      return `${esc(value)} gấp ${formatNumber(reason.factor)} lần kỳ trước (${esc(formatAnswer(reason.previous, field)!)}).`;
    case 'drop':
      return `${esc(value)} nhỏ hơn rất nhiều so với kỳ trước (${esc(formatAnswer(reason.previous, field)!)}).`;
    case 'future_date':
      return `Ngày ${esc(value)} chưa tới (hôm nay là ${formatDate(today)}).`;
  }
}

function problemText(problem: AnswerProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Chưa có câu trả lời.';
    case 'not_a_number':
      return 'Câu này cần một con số.';
    case 'not_integer':
      return 'Câu này cần số nguyên (không có phần lẻ).';
    case 'ambiguous':
      return `Chưa rõ đồng chí muốn ghi ${formatNumber(problem.candidates[0])} hay ${formatNumber(problem.candidates[1])}. Xin bấm chọn số đúng, hoặc ghi lại.`;
    case 'below_min':
      return `Số phải từ ${formatNumber(problem.min)} trở lên.${problem.max !== undefined ? ` Xin nhập số từ ${formatNumber(problem.min)} đến ${formatNumber(problem.max)}.` : ''}`;
    case 'above_max':
      return `Số không được lớn hơn ${formatNumber(problem.max)}.${problem.min !== undefined ? ` Xin nhập số từ ${formatNumber(problem.min)} đến ${formatNumber(problem.max)}.` : ''}`;
    case 'too_large':
      return `Số quá lớn. Xin nhập số từ ${formatNumber(problem.min)} đến ${formatNumber(problem.max)}.`;
    case 'too_long':
      return `Câu trả lời dài ${formatNumber(problem.length)} ký tự, quá mức ${formatNumber(problem.maxLength)} ký tự. Xin rút gọn.`;
    case 'not_a_date':
      return 'Chưa đúng ngày.';
    case 'not_an_option':
      return `Xin chọn bằng nút, hoặc gõ số thứ tự từ 1 đến ${problem.count}.`;
    case 'not_yes_no':
      return 'Câu này chỉ cần trả lời Có hoặc Không.';
  }
}
