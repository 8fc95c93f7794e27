// ESLint flat config: typescript-eslint strict rules, zero warnings (see `npm run lint`),
// and the import boundary that keeps the engine free of UI and Electron code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const engineForbidden = {
  patterns: [
    {
      group: ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
      message: 'engine/ must not depend on Electron or React (see DESIGN.md, Layout).',
    },
    { group: ['@xyflow/*', 'monaco-editor', 'monaco-editor/*', '@monaco-editor/*', 'zustand', 'zustand/*'], message: 'engine/ must not depend on UI libraries.' },
    { group: ['**/renderer/**', '**/electron/**'], message: 'engine/ must not import from renderer/ or electron/.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'build-web/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', engineForbidden] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'worker_threads', 'child_process', 'classic-level', 'kafkajs'], message: 'renderer/ runs in a browser: no Node modules.' },
            { group: ['**/electron/**'], message: 'renderer/ talks to the shell only through the host API.' },
          ],
        },
      ],
    },
  },
);
