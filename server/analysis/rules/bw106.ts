import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw106: Rule = {
  code: 'BW106',
  family: 'BLOCKING',
  name: 'blocking-database',
  title: 'Synchronous database driver inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags calls into synchronous database drivers inside an `async` function: `sqlite3`, `psycopg2`/`psycopg` (sync connections), `pymysql`/`MySQLdb` and the sync `redis` client, through the connections and cursors they return. In JavaScript/TypeScript: statements of the synchronous drivers `better-sqlite3` and `node:sqlite` (`DatabaseSync`): `db.exec`, `db.prepare(sql).run/get/all`, through the objects `new Database(...)` returns.',
    notReported: BLOCKING_NOT_REPORTED,
    whyIsThisBad:
      'A query waits for the database server (or the disk, for SQLite). A synchronous driver waits on the event loop thread, so one slow query stalls every request the process is serving.',
    example: {
      python: 'import sqlite3\n\nasync def count_users(path):\n    conn = sqlite3.connect(path)\n    return conn.execute("select count(*) from users").fetchone()[0]',
      javascript:
        'const Database = require(\'better-sqlite3\');\nconst db = new Database(\'app.db\');\n\napp.get(\'/users\', async (req, res) => {\n  res.json(db.prepare(\'SELECT * FROM users\').all());\n});',
    },
    useInstead: {
      python: 'import aiosqlite\n\nasync def count_users(path):\n    async with aiosqlite.connect(path) as conn:\n        async with conn.execute("select count(*) from users") as cur:\n            return (await cur.fetchone())[0]',
      javascript:
        '// An async driver (or the query in a worker thread):\nconst { open } = require(\'sqlite\');\n\napp.get(\'/users\', async (req, res) => {\n  res.json(await db.all(\'SELECT * FROM users\'));\n});',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW106', context),
};
