/** The board, browsing, reminders and nudges, extensions, excuses, closing a period. */
import { formatDate, formatDateTime } from '../../domain/dates.js';
import type { Board, BoardState } from '../../domain/board.js';
import { esc } from './format.js';

export const periodTexts = {
  board: {
    viewHint: 'Bấm tên đơn vị để xem báo cáo đã nộp.',
    /** After the name of a unit since taken out of the cluster's list (plain text). */
    removedSuffix: ' (đã rời cụm)',
    title: (name: string, deadline: Date) => `📊 <b>${esc(name)}</b>\nHạn nộp: ${formatDateTime(deadline)}`,
    summary: (b: Board) => `Đã nộp ${b.submitted}/${b.total} đơn vị.`,
    row: (row: {
      state: BoardState;
      unit: string;
      submittedAt?: Date;
      overdue: boolean;
      reachable: boolean;
      extendedTo?: Date;
    }) => {
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
    periods: (page: number, pages: number) =>
      `🗂 <b>Xem báo cáo</b>\nXin chọn kỳ báo cáo${pages > 1 ? ` (trang ${page + 1}/${pages})` : ''}:`,
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
      state === 'excused'
        ? `${unit} được miễn nộp ${name}.`
        : state === 'drafting'
          ? `${unit} đang soạn ${name}, chưa gửi.`
          : `${unit} chưa nộp ${name}.`,
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
      `Đã nhắc ${r.units} đơn vị chưa nộp (${r.people} người).` +
      (r.unreachable?.length ? `\n${periodTexts.nudge.unreachable(r.unreachable)}` : ''),
    /** Units still owing the report that the bot cannot reach at all. */
    unreachable: (units: string[]) =>
      `⚠️ Không nhắc được (chưa có ai đăng ký nhận tin, hoặc không liên lạc được): ${units.map(esc).join(', ')}.`,
    nobody: (units: string[]) => `Không nhắc được đơn vị nào.\n${periodTexts.nudge.unreachable(units)}`,
    quiet: () => 'Bây giờ là giờ nghỉ, bot không nhắc các đơn vị lúc này. Xin thử lại sau 07:00.',
    already: (r: { nextAt: Date }) =>
      `Các đơn vị đã được nhắc trong giờ này. Có thể nhắc lại từ ${formatDateTime(r.nextAt)}.`,
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
    done: (units: string[], excused: boolean) =>
      `Đã ${excused ? 'miễn nộp' : 'gia hạn'} cho: ${units.map(esc).join(', ')}. Các đơn vị đã được báo.`,
    extendedNotice: (name: string, deadline: Date, reason: string, capped = false) =>
      `🕒 Cụm trưởng đã gia hạn nộp <b>${esc(name)}</b> cho đơn vị đến ${formatDateTime(deadline)}.` +
      (capped ? ' Đây là lúc kỳ báo cáo kết thúc, nên không gia hạn thêm được.' : '') +
      `\nLý do: ${esc(reason)}`,
    /** To the leader: each unit's new deadline; one cut at the period's end says so. */
    extendedDone: (units: { unit: string; until: Date; capped: boolean }[]) =>
      [
        'Đã gia hạn cho:',
        ...units.map(
          (u) =>
            `• ${esc(u.unit)}: đến ${formatDateTime(u.until)}${u.capped ? ' (chỉ gia hạn được đến lúc kỳ báo cáo kết thúc)' : ''}`,
        ),
        'Các đơn vị đã được báo.',
      ].join('\n'),
    excusedNotice: (unit: string, name: string, reason: string) =>
      `➖ Cụm trưởng cho ${esc(unit)} miễn nộp <b>${esc(name)}</b>.\nLý do: ${esc(reason)}`,
  },

  periodControl: {
    close: '⏹ Xác nhận đóng kỳ',
    confirmClose: (name: string) =>
      `Đóng ${esc(name)} ngay bây giờ? Sau khi đóng, các đơn vị không nộp hay sửa báo cáo kỳ này được nữa.`,
    closed: (name: string) => `Đã đóng ${esc(name)}.`,
    closedNotice: (name: string) => `⏹ Cụm trưởng đã đóng ${esc(name)}. Kỳ này không nhận báo cáo nữa.`,
    opened: (name: string) => `Đã mở ${esc(name)}. Các đơn vị đã được báo.`,
    alreadyOpen: 'Kỳ sau đã được mở rồi.',
    open: '⏭ Xác nhận mở kỳ sau',
    confirmOpen: (next: string | undefined) =>
      `Mở ${next ? esc(next) : 'kỳ báo cáo sau'} ngay bây giờ? Tất cả các đơn vị sẽ được báo và có thể bắt đầu làm báo cáo kỳ đó.`,
    openedNotice: (name: string, deadline: Date) =>
      `⏭ Cụm trưởng đã mở ${esc(name)}. Hạn nộp: ${formatDateTime(deadline)}.`,
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
    waiting: (at: Date) =>
      `Đơn vị đã xin gia hạn lúc ${formatDateTime(at)}, đang chờ Cụm trưởng trả lời. Bot sẽ báo khi có trả lời.`,
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
        ? periodTexts.nudge.unreachable(unreachable)
        : `${periodTexts.nudge.unreachable(unreachable)}\nBot đã nhắc các đơn vị còn lại.`),

  digest: (
    name: string,
    deadline: Date,
    missing: string[],
    late: string[],
    total: number,
    extended: { unit: string; until: Date }[] = [],
  ) =>
    [
      `📋 <b>Tổng hợp ${esc(name)}</b> — hạn nộp ${formatDateTime(deadline)}`,
      `Đã nộp ${total - missing.length - extended.length}/${total} đơn vị.`,
      missing.length
        ? `Chưa nộp:\n${missing.map((u) => `• ${esc(u)}`).join('\n')}`
        : extended.length
          ? undefined
          : 'Tất cả các đơn vị đã nộp.',
      extended.length
        ? `Được gia hạn:\n${extended.map((e) => `• ${esc(e.unit)} (đến ${formatDateTime(e.until)})`).join('\n')}`
        : undefined,
      late.length ? `Nộp muộn:\n${late.map((u) => `• ${esc(u)}`).join('\n')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
} as const;

/** The marks of the board, also on the browse buttons; listed in this order in the legend. */
const BOARD_STATES: BoardState[] = ['on_time', 'late', 'drafting', 'missing', 'excused'];

const STATE_MARK: Record<BoardState, string> = {
  on_time: '✅',
  late: '🕘',
  drafting: '✏️',
  missing: '❌',
  excused: '➖',
};

const STATE_WORD: Record<BoardState, string> = {
  on_time: 'đúng hạn',
  late: 'nộp muộn',
  drafting: 'đang soạn',
  missing: 'chưa nộp',
  excused: 'được miễn',
};
