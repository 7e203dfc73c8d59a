// Layers are enforced here, not hoped for: each folder may only import what may run where it runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { readdirSync } from 'node:fs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement'];

// What every native-bridge file may not import; repeated in the capability blocks below, because a later block's
// no-restricted-imports replaces an earlier one's options instead of adding to them.
const nativeBridgeImports = {
  paths: ['electron', 'react', 'react-dom', 'zustand', 'recharts'],
  patterns: [{ group: ['**/renderer/**', '**/electron/**', '@xterm/*'], message: 'native-bridge is plain Node.' }],
};

// What no renderer file may import; repeated in the feature blocks below for the same reason as nativeBridgeImports.
const rendererImports = {
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
};

// Capabilities (one folder each) import procfs/ (the one /proc layer), shared/, contract/ and the pty runner, never
// one another: what two of them need moves to procfs/ or shared/. server/, cli/ and platform/ wire them together.
const CAPABILITIES = ['changes', 'core', 'findings', 'history', 'memory', 'metrics-export', 'netfiles', 'processes', 'snapshot', 'system', 'terminal', 'trace'];
const RUNNER = 'pty';

const NO_SHELL = [
  { selector: "ImportSpecifier[imported.name=/^(exec|execSync)$/]", message: 'Spawn with an argv array, never a shell.' },
  { selector: "Property[key.name='shell'][value.value=true]", message: 'Spawn with an argv array, never a shell.' },
];
// esbuild cannot tree-shake zod's `z` when it is imported as a binding (`import { z }`): the CLI then
// loads every locale and the JSON-schema converters, ~460 KB more to compile per command. As a namespace
// import (`import * as z`) only the schemas used are bundled.
const ZOD_AS_NAMESPACE = {
  selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
  message: "Import zod as `import * as z from 'zod'`: the bundle then keeps only the schemas used.",
};
const NO_TEST_HELPERS = {
  selector: "ImportDeclaration[source.value=/test-support\\//], ImportExpression[source.value=/test-support\\//]",
  message: 'Production code never imports test helpers.',
};

// Renderer features (one folder each under renderer/features/) reach one another through the other feature's
// index.ts only, the one entry it exposes (the snapshot viewer reuses views that way); what several features share
// (components, chart helpers) lives in renderer/app/. Stylesheets stay importable: they are global, and the order
// in which they load decides the cascade, so the snapshot page keeps loading the styles of the views it reuses.
const FEATURES = readdirSync(new URL('./renderer/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

function featureBoundary(feature) {
  const others = FEATURES.filter((f) => f !== feature);
  return {
    files: [`renderer/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: rendererImports.paths,
          patterns: [
            ...rendererImports.patterns,
            {
              group: others.flatMap((other) =>
                ['../', '../../', '../../../', '../../../../'].flatMap((up) => [`${up}${other}/**`, `!${up}${other}/index.js`, `!${up}${other}/*.css`]),
              ),
              message: "A feature imports another feature through its index.ts only (renderer/features/<feature>/index.ts); what several features share moves to renderer/app/.",
            },
          ],
        },
      ],
    },
  };
}

function capabilityBoundary(capability) {
  // Every capability may use the runner; procfs/ sits below them all and uses none.
  const mayRunPrograms = capability !== 'procfs';
  const others = [...CAPABILITIES, RUNNER, 'platform', 'server', 'cli'].filter((c) => c !== capability && !(c === RUNNER && mayRunPrograms));
  return {
    files: [`native-bridge/${capability}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nativeBridgeImports.paths,
          patterns: [
            ...nativeBridgeImports.patterns,
            {
              group: others.flatMap((other) => [`../${other}/*`, `../../${other}/*`]),
              message: `A capability imports procfs/, shared/, contract/ and ${RUNNER}/ only, never another capability: move what both need to procfs/ (for /proc) or shared/.`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**', 'scripts/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...NO_SHELL, NO_TEST_HELPERS, ZOD_AS_NAMESPACE],
    },
  },
  {
    files: ['native-bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', nativeBridgeImports],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  ...[...CAPABILITIES, RUNNER, 'procfs'].map(capabilityBoundary),
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
    // common/ is the runtime both sides run (the client, deltas, filters, formatting, snapshot checks) over the
    // contract's schemas: no Node, no DOM, nothing but itself and the contract.
    files: ['native-bridge/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'ws', 'systeminformation', 'node-pty'],
          patterns: [
            {
              group: [
                ...[...CAPABILITIES, RUNNER, 'procfs', 'shared', 'platform', 'server', 'cli'].flatMap((dir) => [`../${dir}/*`, `../../${dir}/*`]),
                '../../../*',
                '../../renderer/*',
                '../../electron/*',
              ],
              message: 'native-bridge/common is shared runtime: it imports only itself and the contract.',
            },
          ],
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
      'no-restricted-imports': ['error', rendererImports],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML from data.' },
        NO_TEST_HELPERS,
      ],
    },
  },
  ...FEATURES.map(featureBoundary),
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
    // Issue 13: a function over 80 lines is broken into named steps. The few left say why where they start.
    files: ['native-bridge/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Tests and the helpers only tests import may reach across layers (a real backend under a UI test).
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**', 'e2e/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off', 'no-restricted-syntax': ['error', ...NO_SHELL], 'max-lines-per-function': 'off' },
  },
);
