/** One unit's line of a guidance message's acknowledgement grid: who has it, in which state. */
export interface UnitAcks {
  unit: string;
  acknowledged: number;
  total: number;
  /** Delivered (or perhaps delivered) and waiting for "Đã nhận". */
  waiting: string[];
  /** Still in the queue. */
  sending: string[];
  /** Failed, or the person cannot be reached. */
  failed: string[];
}
