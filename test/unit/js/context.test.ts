import * as assert from 'node:assert/strict';
import { findingsIn, lines } from '../helpers';

describe('JS/TS: where blocking calls are findings', () => {
  it('resolves every import form to the catalogue name', async () => {
    const src = lines(
      "import fs from 'fs';",
      "import * as nfs from 'node:fs';",
      "import { readFileSync as slurp } from 'node:fs';",
      "const { execSync: run } = require('child_process');",
      "const cp = require('node:child_process');",
      "const { promises: fsp } = require('fs');",
      'export async function f() {',
      "  fs.readFileSync('a');",
      "  nfs.statSync('a');",
      "  slurp('a');",
      "  run('ls');",
      "  cp.spawnSync('ls');",
      "  require('zlib').gzipSync('x');",
      "  await fsp.readFile('a');",
      '}',
    );
    // statSync only asks about a path: BW109, the file-system query group.
    assert.deepEqual(await findingsIn('a.ts', src), ['BW103@8:3', 'BW109@9:3', 'BW103@10:3', 'BW104@11:3', 'BW104@12:3', 'BW108@13:3']);
  });

  it('treats request handlers as event-loop code: http, server.on(request), express, router, koa, fastify, named handlers, NestJS', async () => {
    const src = lines(
      "const fs = require('fs');",
      "const http = require('http');",
      "const express = require('express');",
      'const app = express();',
      'const router = express.Router();',
      "http.createServer((req, res) => res.end(fs.readFileSync('a'))).listen(1);",
      "server.on('request', (req, res) => fs.readFileSync('a'));",
      "app.use((req, res, next) => { fs.readFileSync('a'); next(); });",
      "router.delete('/x', function (req, res) { fs.unlinkSync('a'); });",
      "app.route('/b').put((req, res) => fs.writeFileSync('b', 'x'));",
      'function named(req, res) { fs.readFileSync(req.path); }',
      "app.get('/named', named);",
      "module.exports = (api) => api.post('/p', (req, res) => fs.readFileSync('p'));",
    );
    // unlinkSync changes one path's metadata: BW109.
    assert.deepEqual(await findingsIn('a.js', src), ['BW103@6:41', 'BW103@7:36', 'BW103@8:31', 'BW109@9:43', 'BW103@10:35', 'BW103@11:28', 'BW103@13:56']);
    const nest = lines(
      "import { readFileSync } from 'fs';",
      "import { Controller, Get } from '@nestjs/common';",
      "@Controller('cats')",
      'export class CatsController {',
      '  @Get()',
      "  findAll() { return readFileSync('cats.json', 'utf8'); }",
      "  helper() { return readFileSync('x'); }",
      '}',
    );
    assert.deepEqual(await findingsIn('c.ts', nest), ['BW103@6:22']);
  });

  it('ignores start-up code, settings reads, deferred and offloaded callbacks, and worker message handlers', async () => {
    const src = lines(
      "const fs = require('fs');",
      "const { Worker, parentPort } = require('worker_threads');",
      "const app = require('express')();",
      "const config = fs.readFileSync('config.json');",
      'function start() { return fs.readdirSync("."); }',
      "app.get('env');",
      "const m = new Map(); m.get('x', () => fs.readFileSync('x'));",
      "emitter.on('data', () => fs.appendFileSync('log', 'x'));",
      "parentPort.on('message', (m) => parentPort.postMessage(fs.readFileSync(m)));",
      'async function later() {',
      "  setTimeout(() => fs.rmSync('x'), 10);",
      "  new Worker('./w.js', { workerData: fs.readFileSync });",
      "  return Promise.resolve().then(() => fs.existsSync('x'));",
      '}',
    );
    assert.deepEqual(await findingsIn('a.js', src), []);
  });

  it('follows helpers through this, classes, inheritance and callbacks run right away', async () => {
    const src = lines(
      "import { execSync } from 'node:child_process';",
      'class Base {',
      "  protected git(args: string) { return execSync('git ' + args).toString(); }",
      '}',
      'export class Repo extends Base {',
      "  head() { return this.git('rev-parse HEAD'); }",
      '  async describe() { return this.head(); }',
      '}',
      'export async function viaInstance() {',
      '  const r = new Repo();',
      '  return [1].map(() => r.head());',
      '}',
    );
    assert.deepEqual(await findingsIn('a.ts', src), ['BW110@7:29', 'BW110@11:24']);
  });

  it('flags crypto.randomBytes only without a callback, and not for a small constant size', async () => {
    const src = lines(
      "const crypto = require('crypto');",
      'const KEY_BYTES = 32;',
      'async function f(n, cb) {',
      '  crypto.randomBytes(n);',
      '  crypto.randomBytes(n, cb);',
      '  crypto.randomBytes(n, (e, b) => b);',
      '  crypto.randomBytes(16);',
      '  crypto.randomBytes(KEY_BYTES * 2);',
      '  crypto.randomBytes(1024 * 1024);',
      '}',
    );
    assert.deepEqual(await findingsIn('a.js', src), ['BW108@4:3', 'BW108@9:3']);
  });
});
