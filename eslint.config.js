// ESLint flat config: typescript-eslint strict rules, zero warnings (see `npm run lint`), and the
// import boundaries the folders show:
//   engine:   pipeline ← udf ← runtime ← connectors, sql ← nodes ← launch, flink ← export ← host ← cli
//             (a lower layer never imports a higher one; type-only imports are free)
//   renderer: only the engine's pure modules on the allow-list below, never Node modules
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const uiLibraries = [
  {
    group: ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
    message: 'engine/ must not depend on Electron or React (see DESIGN.md, Layout).',
  },
  { group: ['@xyflow/*', 'monaco-editor', 'monaco-editor/*', '@monaco-editor/*', 'zustand', 'zustand/*'], message: 'engine/ must not depend on UI libraries.' },
  { group: ['**/renderer/**', '**/electron/**'], message: 'engine/ must not import from renderer/ or electron/.' },
];

/** Engine layers, lowest first; each may import only the layers before it (and itself). */
const LAYERS = [
  ['pipeline'],
  ['udf'],
  ['runtime'],
  ['connectors', 'sql'],
  ['nodes'],
  ['launch', 'flink'],
  ['export'],
  ['host'],
  ['cli'],
];

function layerRules() {
  return LAYERS.flatMap((layer, i) => {
    const higher = LAYERS.slice(i + 1).flat();
    if (higher.length === 0) return [];
    const siblings = layer.length > 1 ? layer : [];
    return layer.map((folder) => ({
      files: [`engine/${folder}/**/*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              ...uiLibraries,
              {
                group: [...higher, ...siblings.filter((s) => s !== folder)].flatMap((h) => [`../${h}/**`, `../../${h}/**`, `../../../${h}/**`]),
                message: `engine/${folder} is below ${[...higher, ...siblings.filter((s) => s !== folder)].join(', ')}: it may import their types only (see eslint.config.js, LAYERS).`,
                allowTypeImports: true,
              },
            ],
          },
        ],
      },
    }));
  });
}

/** What the renderer may import from the engine: pure schemas, specs and the host protocol. */
const RENDERER_ENGINE_ALLOW = [
  'pipeline/[^/]+\\.ts',
  'nodes/catalog\\.ts',
  'nodes/[^/]+/spec\\.ts',
  'host/protocol\\.ts',
  'host/web-auth\\.ts',
  'sql/language\\.ts',
  'udf/user-api\\.ts\\?raw',
];

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
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: uiLibraries }] },
  },
  ...layerRules(),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'worker_threads', 'child_process', 'classic-level', 'kafkajs'], message: 'renderer/ runs in a browser: no Node modules.' },
            { group: ['**/electron/**'], message: 'renderer/ talks to the shell only through the host API.' },
            {
              regex: `^(\\.\\./)+engine/(?!(${RENDERER_ENGINE_ALLOW.join('|')})$)`,
              message: 'renderer/ imports only the engine modules on the allow-list in eslint.config.js (pure schemas, specs, the host protocol).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
