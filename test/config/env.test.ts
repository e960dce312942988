import { describe, expect, it } from 'vitest';
import { loadEnv, loadOfflineEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/errors.js';

const TOKEN = '123456:ABC-def_GHI';

function envProblems(load: (source: NodeJS.ProcessEnv) => unknown, source: NodeJS.ProcessEnv): string[] {
  try {
    load(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe('Environment');
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the environment was accepted');
}

describe('loadEnv', () => {
  it('needs only BOT_TOKEN and fills in the defaults', () => {
    expect(loadEnv({ BOT_TOKEN: TOKEN })).toEqual({
      BOT_TOKEN: TOKEN,
      DATA_DIR: './data',
      CLUSTER_CONFIG: './config/cluster.yaml',
      LOG_LEVEL: 'info',
      DELIVERY_TIMEOUT_SECONDS: 30,
    });
  });

  it('reads process.env by default', () => {
    const saved = process.env.BOT_TOKEN;
    process.env.BOT_TOKEN = TOKEN;
    try {
      expect(loadEnv().BOT_TOKEN).toBe(TOKEN);
    } finally {
      if (saved === undefined) delete process.env.BOT_TOKEN;
      else process.env.BOT_TOKEN = saved;
    }
  });

  it('rejects a missing BOT_TOKEN, naming it and saying where to get one', () => {
    const problems = envProblems(loadEnv, {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BOT_TOKEN: is required/);
    expect(problems[0]).toContain('@BotFather');
  });

  it.each(['abc', '123456', ':ABC', '123456:', 'abc:DEF', '123456:AB C', '123456:ABC!'])(
    'rejects the malformed token %j',
    (token) => {
      const problems = envProblems(loadEnv, { BOT_TOKEN: token });
      expect(problems).toEqual([
        'BOT_TOKEN: does not look like a bot token (digits, a colon, then letters, digits, - or _, as @BotFather gives it)',
      ]);
    },
  );

  it('rejects an empty BOT_TOKEN, naming it', () => {
    const problems = envProblems(loadEnv, { BOT_TOKEN: '' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BOT_TOKEN: /);
  });

  it('trims the token', () => {
    expect(loadEnv({ BOT_TOKEN: `  ${TOKEN}\n` }).BOT_TOKEN).toBe(TOKEN);
  });

  it('keeps set values', () => {
    const env = loadEnv({
      BOT_TOKEN: TOKEN,
      DATABASE_URL: 'postgres://bot:secret@db.example:5432/cum4',
      DATA_DIR: '/var/lib/bot',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      CLUSTER_CONFIG: '/etc/bot/cluster.yaml',
      BOT_USERNAME: 'cum4_bot',
      LOG_LEVEL: 'debug',
      DELIVERY_TIMEOUT_SECONDS: '5',
    });
    expect(env).toEqual({
      BOT_TOKEN: TOKEN,
      DATABASE_URL: 'postgres://bot:secret@db.example:5432/cum4',
      DATA_DIR: '/var/lib/bot',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      CLUSTER_CONFIG: '/etc/bot/cluster.yaml',
      BOT_USERNAME: 'cum4_bot',
      LOG_LEVEL: 'debug',
      DELIVERY_TIMEOUT_SECONDS: 5,
    });
  });

  it('refuses a delivery timeout that is not a whole number of seconds from 1 to 300', () => {
    expect(envProblems(loadEnv, { BOT_TOKEN: TOKEN, DELIVERY_TIMEOUT_SECONDS: 'soon' })[0]).toMatch(
      /^DELIVERY_TIMEOUT_SECONDS: /,
    );
    expect(envProblems(loadEnv, { BOT_TOKEN: TOKEN, DELIVERY_TIMEOUT_SECONDS: '0' })[0]).toMatch(
      /^DELIVERY_TIMEOUT_SECONDS: /,
    );
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(loadEnv({ BOT_TOKEN: TOKEN, DATABASE_URL: 'postgresql://u@localhost/db' }).DATABASE_URL).toBe(
      'postgresql://u@localhost/db',
    );
  });

  it.each(['not a url', 'postgres//localhost/db'])('rejects the DATABASE_URL %j, naming it', (url) => {
    expect(envProblems(loadEnv, { BOT_TOKEN: TOKEN, DATABASE_URL: url })).toEqual([
      'DATABASE_URL: must be a postgres:// URL',
    ]);
  });

  it.each(['http://example.com/db', 'localhost:5432/db', 'mysql://u@localhost/db'])(
    'rejects the non-postgres DATABASE_URL %j, as its message promises',
    (url) => {
      expect(envProblems(loadEnv, { BOT_TOKEN: TOKEN, DATABASE_URL: url })).toEqual([
        'DATABASE_URL: must be a postgres:// URL',
      ]);
    },
  );

  it('rejects a TELEGRAM_API_ROOT that is not a URL', () => {
    expect(envProblems(loadEnv, { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'api.telegram.org' })).toEqual([
      'TELEGRAM_API_ROOT: must be an http(s) URL',
    ]);
  });

  it('rejects a non-http(s) TELEGRAM_API_ROOT, as its message promises', () => {
    expect(envProblems(loadEnv, { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'ftp://api.example' })).toEqual([
      'TELEGRAM_API_ROOT: must be an http(s) URL',
    ]);
  });

  it('rejects an unknown LOG_LEVEL, naming it', () => {
    const problems = envProblems(loadEnv, { BOT_TOKEN: TOKEN, LOG_LEVEL: 'verbose' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^LOG_LEVEL: /);
  });

  it('reports every bad variable at once', () => {
    const problems = envProblems(loadEnv, { DATABASE_URL: 'nope', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['BOT_TOKEN', 'DATABASE_URL', 'LOG_LEVEL']);
  });

  describe('empty strings are treated as unset (e.g. "DATA_DIR=" in .env)', () => {
    it.each(['DATABASE_URL', 'TELEGRAM_API_ROOT', 'BOT_USERNAME'])('%s', (name) => {
      const env: Record<string, unknown> = loadEnv({ BOT_TOKEN: TOKEN, [name]: '' });
      expect(env[name]).toBeUndefined();
    });

    it('whitespace-only DATABASE_URL means the embedded database', () => {
      expect(loadEnv({ BOT_TOKEN: TOKEN, DATABASE_URL: '   ' }).DATABASE_URL).toBeUndefined();
    });

    it.each([
      ['DATA_DIR', './data'],
      ['CLUSTER_CONFIG', './config/cluster.yaml'],
      ['LOG_LEVEL', 'info'],
    ])('%s falls back to its default %j', (name, fallback) => {
      expect(loadEnv({ BOT_TOKEN: TOKEN, [name]: '' })).toHaveProperty(name, fallback);
    });
  });
});

describe('loadOfflineEnv', () => {
  it('works without BOT_TOKEN', () => {
    expect(loadOfflineEnv({})).toEqual({
      DATA_DIR: './data',
      CLUSTER_CONFIG: './config/cluster.yaml',
      LOG_LEVEL: 'info',
      DELIVERY_TIMEOUT_SECONDS: 30,
    });
  });

  it('keeps a BOT_TOKEN when there is one', () => {
    expect(loadOfflineEnv({ BOT_TOKEN: TOKEN }).BOT_TOKEN).toBe(TOKEN);
  });

  it('still rejects a malformed BOT_TOKEN', () => {
    expect(envProblems(loadOfflineEnv, { BOT_TOKEN: 'abc' })).toEqual([
      'BOT_TOKEN: does not look like a bot token (digits, a colon, then letters, digits, - or _, as @BotFather gives it)',
    ]);
  });

  it('still validates the other variables', () => {
    expect(envProblems(loadOfflineEnv, { DATABASE_URL: 'nope' })).toEqual(['DATABASE_URL: must be a postgres:// URL']);
  });

  it('treats an empty BOT_TOKEN as unset', () => {
    expect(loadOfflineEnv({ BOT_TOKEN: '', DATA_DIR: '/srv/data' })).toMatchObject({ DATA_DIR: '/srv/data' });
    expect(loadOfflineEnv({ BOT_TOKEN: '' }).BOT_TOKEN).toBeUndefined();
  });
});
