import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'coverage/', 'test-results/', '.data/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // botbuilder types activity.type as string and ActivityTypes as an enum of the same strings.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Matchers such as expect.any() and botbuilder's any-indexed StoreItem are idiomatic in tests.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['dialogs/diagnosis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['botbuilder*', 'botframework-*', 'restify', 'lowdb', 'lowdb/*', 'node:*', 'fs', 'http', 'pino'], message: 'dialogs/diagnosis is pure: no SDK, I/O or logging imports (STYLE.md §1).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'dialogs/diagnosis never reads process.* (STYLE.md §1).' }],
    },
  },
);
