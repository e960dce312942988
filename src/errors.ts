/** Start-up failed for a reason the operator can fix (unreachable database or Telegram, bad token). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** An admin command refused its input (e.g. a targets sheet with errors): the message is printed as it is, exit status 1. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
}
