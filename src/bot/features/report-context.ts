import type { Db } from '../../db/connect.js';
import type { Report } from '../../db/schema.js';
import { reportName } from '../../i18n/vi.js';
import { loadTemplate } from '../../store/clusters.js';
import { findPeriod } from '../../store/periods.js';

/** A report's template version, its period and its name ("Báo cáo tháng 11/2026"). Check authority first. */
export async function reportContext(db: Db, report: Pick<Report, 'template_id' | 'cluster_id' | 'period_id'>) {
  const template = await loadTemplate(db, report.template_id);
  const period = (await findPeriod(db, report.cluster_id, report.period_id))!;
  return { template, period, name: reportName(template.title, period.key) };
}
