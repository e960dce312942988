export type Review = 'accepted' | 'returned' | null;

/** A sent report is correctable until its deadline, or when the leader sent it back; never once accepted. */
export function canAmend(report: { review: Review }, deadlineAt: Date, now: Date): boolean {
  if (report.review === 'accepted') return false;
  return report.review === 'returned' || now < deadlineAt;
}
