/** Invites, the units' people, and the leader's rotation. */
import { formatDate } from '../../domain/dates.js';
import { esc } from './format.js';

export const peopleTexts = {
  invite: {
    unknown: 'Đường dẫn mời không đúng. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới.',
    expired: 'Đường dẫn mời đã hết hạn. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới.',
    used: 'Đường dẫn mời này đã được người khác sử dụng. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới.',
    revoked:
      'Đường dẫn mời này đã được thay bằng đường dẫn mới. Xin đồng chí liên hệ Cụm trưởng để nhận đường dẫn mới nhất.',
    /** Under a new link made in chat: other links of the unit nobody has used yet still work. */
    othersStillValid: (count: number) =>
      `Lưu ý: đơn vị còn ${count} đường dẫn mời khác chưa ai dùng, vẫn dùng được (mỗi đường dẫn cho một người).`,
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
    list: (
      unit: string,
      people: { fullName: string; username: string | null; leader: boolean; since: Date; reachable: boolean }[],
    ) =>
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
    notYourself:
      'Đồng chí không thể tự cho mình thôi. Nếu đồng chí thôi giữ vai trò Cụm trưởng, xin chuyển giao trước («🔁 Chuyển giao cụm trưởng»).',
  },

  rotation: {
    chooseUnit: (cluster: string) => `Chuyển giao vai trò Cụm trưởng ${esc(cluster)} cho đơn vị nào?`,
    noOtherUnit:
      'Chưa có đơn vị nào khác có cán bộ tham gia bot để nhận chuyển giao. Xin mời cán bộ đơn vị đó tham gia trước.',
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
    already: (to: string | undefined) =>
      to ? `Vai trò Cụm trưởng đã được chuyển giao cho ${esc(to)}.` : 'Vai trò Cụm trưởng đã được chuyển giao.',
    formerNotice: (p: { cluster: string; to: string; by?: string }) =>
      `🔁 ${p.by ? `Đồng chí ${esc(p.by)} đã chuyển giao` : 'Đã chuyển giao'} vai trò Cụm trưởng ${esc(p.cluster)} cho <b>${esc(p.to)}</b>.\n` +
      'Từ nay đồng chí không còn các chức năng của Cụm trưởng; đồng chí vẫn làm báo cáo cho đơn vị mình như trước.',
    newNotice: (p: { cluster: string; to: string; from?: string }) =>
      `🔁 Từ nay <b>${esc(p.to)}</b> giữ vai trò Cụm trưởng ${esc(p.cluster)}${p.from ? ` (nhận chuyển giao từ ${esc(p.from)})` : ''}.\n` +
      'Đồng chí có thể xem tình hình nộp báo cáo, gửi thông báo, đánh giá báo cáo và xem các báo cáo, thông báo trước đây của cụm bằng các nút bên dưới. Đồng chí vẫn làm báo cáo cho đơn vị mình.',
    othersNotice: (p: { cluster: string; to: string; from?: string }) =>
      `🔁 Từ nay <b>${esc(p.to)}</b> giữ vai trò Cụm trưởng ${esc(p.cluster)}${p.from ? ` (thay ${esc(p.from)})` : ''}. Báo cáo, kiến nghị của đơn vị từ nay gửi tới Cụm trưởng mới qua bot như trước.`,
    pendingRequests: (count: number) =>
      `Có ${count} đề nghị gia hạn của các đơn vị chưa được trả lời, xin đồng chí xem và trả lời:`,
  },
} as const;
