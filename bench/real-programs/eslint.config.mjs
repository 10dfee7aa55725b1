// The ESLint workload's configuration: ESLint's recommended rules over a copy of ESLint's own
// sources. Node's globals are not declared (no-undef off), the rules the sources silence inline are off,
// and their inline comments, which name plugins not installed here, are ignored: the run exits 0.
import js from '@eslint/js';

export default [
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules: { ...js.configs.recommended.rules, 'no-undef': 'off', 'no-unused-vars': 'off', 'no-control-regex': 'off' },
  },
];
