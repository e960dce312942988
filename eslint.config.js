// ESLint flat config. `npm run lint` runs it (with `prettier --check`); `npm test` runs lint.
// - typescript-eslint's recommended rules (syntax only: fast), plus the few type-aware rules
//   that catch what the compiler does not: a promise nobody awaits loses its error.
// - The layering that issue 10 asks for, as import rules (reminders/, cli/ and services/
//   use services, never bot/; services, store and domain know nothing of telegraf).
// - Prettier owns the layout (eslint-config-prettier turns off the rules it would fight).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const noBot = {
  group: ['**/bot/**'],
  message: 'Only the bot imports bot/: move what is shared into services/, store/ or domain/.',
};
const noTelegraf = {
  group: ['telegraf', 'telegraf/**'],
  message: 'No telegraf below the bot: return a result, and let the bot turn it into a message.',
};

export default defineConfig(
  { ignores: ['dist/', 'dist-*/', 'coverage/', 'node_modules/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware, and worth their cost: a dropped promise is a silently lost error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Issue 10: "every swallowed error at least logged".
      'no-restricted-syntax': [
        'error',
        ...["[body.type='Identifier'][body.name='undefined']", "[body.type='BlockStatement'][body.body.length=0]"].map(
          (body) => ({
            selector: `CallExpression[callee.property.name='catch'] > ArrowFunctionExpression${body}`,
            message: 'An error dropped without a log line: log it, or say why it is safe in an eslint-disable comment.',
          }),
        ),
      ],
    },
  },
  {
    files: ['src/reminders/**', 'src/cli/**', 'src/services/**', 'src/store/**', 'src/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noBot] }] },
  },
  {
    files: ['src/services/**', 'src/store/**', 'src/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noBot, noTelegraf] }] },
  },
  prettier,
);
