import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw108: Rule = {
  code: 'BW108',
  family: 'BLOCKING',
  name: 'blocking-cpu-call',
  title: 'CPU-heavy library call inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags library calls that compute for a long time inside an `async` function: key derivation (`hashlib.pbkdf2_hmac`, `hashlib.scrypt`, `bcrypt`) and compression of non-literal data (`zlib`, `gzip`, `bz2`, `lzma` `compress`/`decompress`). In JavaScript/TypeScript: `crypto.*Sync` (`pbkdf2Sync`, `scryptSync`, `generateKeyPairSync`, ...), `crypto.randomBytes` without a callback, `zlib.*Sync` and bcrypt\'s `hashSync`/`compareSync`. Their async forms run on libuv\'s thread pool.',
    notReported: `${BLOCKING_NOT_REPORTED} \`crypto.randomBytes(n)\` with a constant n of at most 8 KiB (microseconds, measured by \`node bench/blocking-costs.mjs\`) and compressing a literal are not reported.`,
    whyIsThisBad:
      'Key derivation is slow on purpose (hundreds of milliseconds), and compressing megabytes takes as long. The event loop cannot switch tasks in the middle of a C call, so every other task waits for it.',
    example: {
      python: 'import hashlib\n\nasync def hash_password(password, salt):\n    return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)',
      javascript:
        'const crypto = require(\'node:crypto\');\n\napp.post(\'/login\', (req, res) => {\n  const hash = crypto.pbkdf2Sync(req.body.password, salt, 100000, 64, \'sha512\');\n  res.json({ ok: hash.equals(stored) });\n});',
    },
    useInstead: {
      python: 'import asyncio\nimport hashlib\n\nasync def hash_password(password, salt):\n    return await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", password, salt, 600_000)',
      javascript:
        'const { promisify } = require(\'node:util\');\nconst pbkdf2 = promisify(require(\'node:crypto\').pbkdf2);\n\napp.post(\'/login\', async (req, res) => {\n  const hash = await pbkdf2(req.body.password, salt, 100000, 64, \'sha512\');\n  res.json({ ok: hash.equals(stored) });\n});',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW108', context),
};
