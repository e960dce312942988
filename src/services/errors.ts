/**
 * Expected refusals a service raises instead of doing what was asked. Each is an ordinary
 * outcome of people using old buttons, someone else's role or bad input, not a fault: the
 * bot maps each to its Vietnamese message (bot/refusals.ts) and logs it at debug level only.
 * Anything else thrown by a service is a fault and is logged as one.
 *
 * `detail` is a short stable code ("not_member", "yourself") a caller may map to a more
 * precise message than the reason's default; it is never shown as it is.
 */
export abstract class Refusal extends Error {
  abstract readonly reason: 'not_entitled' | 'stale' | 'period_closed' | 'invalid_input';
  constructor(readonly detail?: string) {
    super(detail ?? 'refused');
  }
}

/** The actor's role or unit does not allow this (not the leader, not this unit's contact). */
export class NotEntitled extends Refusal {
  override readonly name = 'NotEntitled';
  readonly reason = 'not_entitled' as const;
  /** `role`: what would have allowed it ("leader": only the cluster leader; "contact": a unit's reporting contact). */
  constructor(
    readonly role: 'leader' | 'contact' = 'leader',
    detail?: string,
  ) {
    super(detail);
  }
}

/** What the request names is gone or has moved on (an old button, a decided request, another term). */
export class Stale extends Refusal {
  override readonly name = 'Stale';
  readonly reason = 'stale' as const;
}

/** The period has ended (closed early or past its end): its reports and requests are frozen. */
export class PeriodClosed extends Refusal {
  override readonly name = 'PeriodClosed';
  readonly reason = 'period_closed' as const;
}

/** The input breaks a rule; `detail` says which, `field` names the input at fault when there is one. */
export class InvalidInput extends Refusal {
  override readonly name = 'InvalidInput';
  readonly reason = 'invalid_input' as const;
  constructor(
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}
