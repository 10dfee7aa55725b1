// A TypeScript parser for ESLint over @typescript-eslint/typescript-estree, which the analyzer
// already depends on: enough for import rules (the boundaries in eslint.config.mjs), without the
// full typescript-eslint toolchain. No type information and no TS-aware scope analysis, so only
// rules that read the syntax tree belong in the config.
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export default {
  meta: { name: 'boundwise/typescript-estree' },
  parseForESLint(code, options = {}) {
    const ast = parse(code, { range: true, loc: true, tokens: true, comment: true, jsx: /\.[jt]sx$/.test(options.filePath ?? '') });
    return { ast, visitorKeys };
  },
};
