import type { ZodError } from 'zod';

/** A configuration problem a person must fix; printed without a stack trace. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  static fromZod(source: string, error: ZodError): ConfigError {
    return new ConfigError(
      source,
      error.issues.map((issue) => {
        const path = issue.path.length ? issue.path.join('.') : '(root)';
        return `${path}: ${issue.message}`;
      }),
    );
  }
}
