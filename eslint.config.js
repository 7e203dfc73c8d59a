// Layers are enforced here, not hoped for: each folder may only import what may run where it runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**', 'scripts/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name=/^(exec|execSync)$/]", message: 'Spawn with an argv array, never a shell.' },
        { selector: "Property[key.name='shell'][value.value=true]", message: 'Spawn with an argv array, never a shell.' },
      ],
    },
  },
  {
    files: ['native-bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'zustand', 'recharts'],
          patterns: [{ group: ['**/renderer/**', '**/electron/**', '@xterm/*'], message: 'native-bridge is plain Node.' }],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['native-bridge/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'ws', 'systeminformation', 'node-pty'],
          patterns: [{ group: ['../*', '!../contract/*'], message: 'The contract is pure: it imports only zod and itself.' }],
        },
      ],
    },
  },
  {
    // common/ is pure code both sides run (formatting): no Node, no DOM, nothing outside itself.
    files: ['native-bridge/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'ws', 'systeminformation', 'node-pty', 'zod'],
          patterns: [{ group: ['../*', '!../common/*', '!../format/*'], message: 'native-bridge/common is pure: it imports only itself.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'ws', 'systeminformation', 'node-pty'],
          patterns: [
            {
              group: [
                '**/native-bridge/*',
                '!**/native-bridge/contract',
                '!**/native-bridge/common',
                '**/native-bridge/*/**',
                '!**/native-bridge/contract/**',
                '!**/native-bridge/common/**',
                '**/electron/**',
              ],
              message: 'The renderer talks to the contract client only: import from native-bridge/contract (or the pure native-bridge/common).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML from data.' },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['react', 'react-dom'], patterns: [{ group: ['**/renderer/**'], message: 'electron/ is the shell only.' }] },
      ],
    },
  },
  {
    // Tests and the helpers only tests import may reach across layers (a real backend under a UI test).
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**', 'e2e/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
);
