/** Start-up failed for a reason the operator can fix (unreachable database or Telegram, bad token). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
