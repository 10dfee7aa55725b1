// `npm run lint`: the boundaries between the parts, checked on every import.
// - Nothing under server/ imports `vscode` or src/: the language server and the analyzers run in
//   plain Node under any editor, the CLI and the tests use them without VS Code.
// - The language front ends (server/analysis/python, server/analysis/js) never import the rules:
//   facts are extracted without knowing which rule reads them.
// - Outside src/extension, nothing imports `vscode`: the CLI, the profiler and the report renderer
//   run in plain Node too.
// test/unit/boundaries.test.ts shows that crossing each one fails.
import typescriptParser from './scripts/eslint/typescriptParser.mjs';

const VSCODE = { name: 'vscode', message: 'Only src/extension may import vscode; keep this code plain Node.' };
const SRC = { regex: '^(\\.\\./)+src(/|$)', message: 'server/ never imports src/: move what both need under server/.' };
const RULES = { regex: '(^|/)rules(/|$)', message: 'A language front end never imports the rules: put what both need in server/analysis (types, catalogue) instead.' };

/** The same boundary for `require('...')`, which no-restricted-imports does not see. */
const requireOf = (...restrictions) =>
  restrictions.map(({ name, regex, message }) => ({
    selector: `CallExpression[callee.name='require'] > Literal.arguments[value=${regex ? `/${regex.replace(/\//g, '\\/')}/` : `'${name}'`}]`,
    message,
  }));
const imports = (paths, patterns = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
  'no-restricted-syntax': ['error', ...requireOf(...paths, ...patterns)],
});

export default [
  { ignores: ['node_modules/', 'out/', 'dist/', 'test/', 'bench/', 'examples/', 'media/', 'scripts/', 'bin/', '*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: typescriptParser, sourceType: 'module', ecmaVersion: 'latest' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  { files: ['src/**/*.ts'], ignores: ['src/extension/**'], rules: imports([VSCODE]) },
  { files: ['server/**/*.ts'], rules: imports([VSCODE], [SRC]) },
  { files: ['server/analysis/python/**/*.ts', 'server/analysis/js/**/*.ts'], rules: imports([VSCODE], [SRC, RULES]) },
];
