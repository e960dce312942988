/** Words every feature uses: buttons, the menu and help, refusals, delivery trouble. */
import { formatNumber } from '../../domain/numbers.js';
import { esc, shorten } from './format.js';

export const commonTexts = {
  button: {
    report: '📝 Làm báo cáo',
    resume: '▶️ Tiếp tục báo cáo',
    board: '📊 Tình hình nộp báo cáo',
    summary: '📈 Tổng hợp',
    progress: '📈 Tiến độ chỉ tiêu',
    more: '⏩ Kỳ khác',
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
    tonghop: 'Tổng hợp số liệu, chỉ tiêu của cụm',
    tiendo: 'Tiến độ chỉ tiêu của đơn vị',
    thongbao: 'Gửi thông báo tới các đơn vị',
    huongdan: 'Hướng dẫn sử dụng',
  },

  stranger:
    'Xin chào! Đây là bot báo cáo của cụm thi đua Hội Cựu chiến binh.\n' +
    'Bot chỉ dành cho cán bộ các đơn vị đã được mời. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mời.',

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
      roles.contact
        ? '📝 /baocao — làm báo cáo định kỳ của đơn vị: bot hỏi lần lượt từng câu, đồng chí bấm nút hoặc trả lời bằng số, vài dòng chữ. Câu trả lời được lưu ngay; bấm «⏸ Tạm dừng» để làm tiếp lúc khác.'
        : undefined,
      roles.contact ? '📎 Khi đang làm báo cáo, gửi ảnh hoặc tệp để đính kèm.' : undefined,
      roles.contact
        ? '✏️ Đã gửi mà cần sửa: bấm «✏️ Sửa báo cáo» (được sửa đến hạn nộp; Cụm trưởng được báo).'
        : undefined,
      roles.contact
        ? '🕒 Xin gia hạn — khi đơn vị cần thêm thời gian nộp báo cáo kỳ đang mở: gõ lý do, Cụm trưởng trả lời.'
        : undefined,
      roles.contact && !roles.leader
        ? '📨 Gửi kiến nghị — gửi câu hỏi, kiến nghị tới Cụm trưởng bất cứ lúc nào; ý kiến của Cụm trưởng có nút «💬 Trả lời».'
        : undefined,
      roles.contact && !roles.leader
        ? '📈 /tiendo — xem tiến độ thực hiện chỉ tiêu của đơn vị so với kế hoạch năm và vị trí trong cụm.'
        : undefined,
      '🧵 Trao đổi — xem lại toàn bộ trao đổi giữa đơn vị và Cụm trưởng trong từng kỳ báo cáo.',
      roles.leader
        ? '📈 /tonghop — tổng hợp cả cụm theo tháng, quý, 6 tháng, 9 tháng, năm: số liệu, chỉ tiêu còn thấp, kiến nghị.'
        : undefined,
      roles.leader
        ? '🎯 Chỉ tiêu năm — xem chỉ tiêu đã giao; tải tệp mẫu Excel, điền số rồi gửi lại để giao hoặc sửa chỉ tiêu (xem trước rồi mới lưu).'
        : undefined,
      roles.leader ? '📊 /trangthai — xem đơn vị nào đã nộp, nộp muộn hay chưa nộp.' : undefined,
      roles.leader
        ? '🗂 Xem báo cáo — xem lại báo cáo của từng đơn vị theo kỳ, kể cả những gì đơn vị đã sửa.'
        : undefined,
      roles.leader
        ? '🌟 Chia sẻ kinh nghiệm — dưới một báo cáo, gửi cách làm hay của đơn vị đó tới các đơn vị khác.'
        : undefined,
      roles.leader
        ? '📢 /thongbao — gửi thông báo, chỉ đạo (có thể kèm ảnh hoặc tệp) tới tất cả hoặc một số đơn vị.'
        : undefined,
      roles.leader ? '➕ Mời cán bộ đơn vị — tạo đường dẫn mời (dùng một lần) để gửi cho cán bộ mới.' : undefined,
      roles.leader
        ? '👥 Cán bộ các đơn vị — xem ai đang nhận tin của từng đơn vị; cho thôi một người (nghỉ hưu, chuyển công tác).'
        : undefined,
      roles.leader
        ? '🔁 Chuyển giao cụm trưởng — khi hết nhiệm kỳ, chuyển vai trò Cụm trưởng cho đơn vị khác (có bước xác nhận).'
        : undefined,
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
    message:
      'Bot vừa khởi động lại khi đang xử lý tin nhắn hoặc nút bấm trước của đồng chí, nên việc đó có thể chưa xong. Xin đồng chí kiểm tra lại và làm lại nếu cần.',
  },
  dismissed: 'Đã hủy.',

  /** Messages that are not read as the person's own typing: edits, forwards. */
  input: {
    editNotTaken: (inReport: boolean) =>
      '✏️ Bot không nhận nội dung sửa của tin nhắn đã gửi, nên chưa có gì thay đổi.' +
      (inReport
        ? ' Muốn đổi một câu trả lời, xin bấm «↩️ Quay lại» hoặc «✏️ Sửa một câu» (ở bước kiểm tra lại); đang ở câu nào thì cứ gõ câu trả lời mới.'
        : ' Nếu cần, xin gửi lại thành tin nhắn mới.'),
    forwardedNotTaken:
      'Đây là tin nhắn chuyển tiếp (hoặc gửi qua bot khác) nên bot chưa lấy làm nội dung. Xin đồng chí tự gõ, hoặc sao chép rồi dán nội dung vào tin nhắn mới.',
  },

  /** Text typed in answer to a prompt (a comment, a proposal, a reply) that cannot be taken. */
  messageText: {
    empty: 'Tin nhắn chưa có nội dung. Xin đồng chí gõ lại:',
    tooLong: (length: number, max: number) =>
      `Nội dung dài ${formatNumber(length)} ký tự, quá mức ${formatNumber(max)} ký tự. Xin đồng chí rút gọn rồi gửi lại (chưa gửi gì).`,
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
  tooFast:
    'Đồng chí gửi nhanh quá. Bot vẫn ghi nhận các tin, nhưng tạm thời chưa trả lời; xin chờ vài giây rồi gửi tiếp.',
} as const;
