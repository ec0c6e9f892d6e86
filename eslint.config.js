import tseslint from 'typescript-eslint';

// typescript-eslint's strictTypeChecked everywhere, plus type-only imports and exhaustive switches.
// Tests may use `any` and `!` to feed parsers the inputs their types forbid.
export default tseslint.config(
  { ignores: ['dist/**', 'api-docs/**', '.tmp/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'examples/**', 'bench/**', 'scripts/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  ...tseslint.configs.strictTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Numbers and booleans in messages read as they should; objects and nullish values are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => void promise` and one-line arrow callbacks that return a void call are the idiom, not a slip.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true }],
      // An abort rejects with the caller's own `signal.reason`, whatever it is: rethrowing it as it is is the contract of AbortSignal.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // With noUncheckedIndexedAccess, `text[i]!` after a bounds check is how the parsers read an index
      // known to exist; a `?? fallback` there would invent a value the code never uses.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The session and cookie stores are keyed by names the app configures.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Hook types include `void` so a hook that returns nothing type-checks, as Express's own do.
      '@typescript-eslint/no-invalid-void-type': ['error', { allowInGenericTypeArguments: true, allowAsThisParameter: true }],
    },
  },
  {
    // Tests feed parsers the inputs their types forbid, fake async APIs with functions that do not await,
    // and read recorded bodies they built themselves.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Apps throw raw Entra bodies and strings; tests do what apps do.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-meaningless-void-operator': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // Type tests name values only so the compiler checks their types.
    files: ['test/types/**/*.ts', 'test/**/*.test-d.ts', 'test/express/public-types.ts'],
    rules: { '@typescript-eslint/no-meaningless-void-operator': 'off', '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Ambient module declarations for the express@4 alias need the `import x = require()` form.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
