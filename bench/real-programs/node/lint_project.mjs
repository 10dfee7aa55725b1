// Lints a project the way its package script would: ESLint's own CLI run from the project's folder
// (ESLint takes its base path from the working directory). Usage: lint_project.mjs DIR [ESLINT ARGS...]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const [dir, ...args] = process.argv.slice(2);
process.chdir(dir);
const bin = join(dirname(createRequire(import.meta.url).resolve('eslint/package.json')), 'bin', 'eslint.js');
process.argv = [process.argv[0], bin, ...args];
await import(bin);
