// Lint for all TypeScript; `import-x/no-cycle` fails the build on any import cycle (a cycle
// means a module boundary is wrong, see STYLE.md).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'apps/admin/dist/**', 'test/artifacts/**', 'apps/admin/src/api-client/**'] },
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts', '**/*.tsx'],
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='forwardRef']", message: 'No forwardRef: a cycle means a module boundary is wrong.' },
      ],
      // null in a body is refused, never stored: see src/common/validation/optional.ts.
      'no-restricted-imports': ['error', { paths: [{ name: 'class-validator', importNames: ['IsOptional'], message: 'Use IsOptionalNotNull: IsOptional lets null through.' }] }],
    },
  },
  {
    // Configuration is read once, in src/config; everything else receives AppConfig.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/bootstrap/lifecycle.ts', 'src/infra/embedded/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Inject AppConfig instead of reading process.env.' }],
    },
  },
  {
    // Tests read JSON bodies loosely; a wrong shape fails the assertion, not the compiler.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
