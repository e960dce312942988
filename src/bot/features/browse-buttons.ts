/** The browse feature's buttons, apart so the report view (report.ts) can link back without an import cycle. */
import { z } from 'zod';
import { button, seg } from '../feature.js';

/** A list button with this marker updates the list it sits in, instead of posting a new one. */
const inPlace = z.enum(['e']);
/** A page of the periods list (0: newest). */
export const periodsPageButton = button('br:p', seg.page);
export const periodsPageInPlaceButton = button('br:p', seg.page, inPlace);
/** One period's units. */
export const periodUnitsButton = button('br:u', seg.id);
export const periodUnitsInPlaceButton = button('br:u', seg.id, inPlace);
/** A unit of a period: its report. */
export const unitReportButton = button('br:r', seg.id, seg.id);
