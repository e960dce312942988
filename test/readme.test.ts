import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/config/env.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the README', () => {
  it('shows only bot tokens the bot itself accepts', () => {
    const tokens = [...readme.matchAll(/BOT_TOKEN=(\S+)/g)]
      .map((m) => m[1]!)
      .filter((t) => !t.startsWith('<') && !t.startsWith('…'));
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(envSchema.shape.BOT_TOKEN.safeParse(token).success, token).toBe(true);
  });

  it('names only npm scripts that exist', () => {
    const scripts = new Set([...readme.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]!));
    for (const script of scripts) expect(Object.keys(pkg.scripts), script).toContain(script);
  });
});
