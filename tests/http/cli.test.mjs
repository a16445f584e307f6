// cli.test.mjs - the motcua command line: help, settings from flag / environment / config
// file, and clear errors with a non-zero exit for anything wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, removeDir } from '../lib/server.mjs';

function run(args, env = {}) {
  const r = spawnSync(bin, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('every command has --help', () => {
  const top = run(['--help']);
  assert.equal(top.code, 0);
  for (const cmd of ['serve', 'migrate', 'seed', 'import', 'report', 'audit', 'stats', 'user', 'backup', 'routes', 'event']) {
    assert.match(top.out, new RegExp(`\\b${cmd}\\b`));
    const r = run([cmd, '--help']);
    assert.equal(r.code, 0, `${cmd} --help exits 0`);
    assert.match(r.out, /usage: motcua/i, `${cmd} --help prints a usage line`);
  }
});

test('unknown command and unknown flag exit 2 and say what is wrong', () => {
  const a = run(['frobnicate']);
  assert.equal(a.code, 2);
  assert.match(a.err, /unknown command 'frobnicate'/);
  const b = run(['serve', '--prot', '80']);
  assert.equal(b.code, 2);
  assert.match(b.err, /unknown option '--prot'/);
});

test('bad values from flag, environment or config file exit 2 naming the setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-'));
  try {
    const flag = run(['serve', '--port', 'abc']);
    assert.equal(flag.code, 2);
    assert.match(flag.err, /--port.*'abc'/);
    const env = run(['serve'], { MOTCUA_PORT: '70000' });
    assert.equal(env.code, 2);
    assert.match(env.err, /MOTCUA_PORT.*'70000'/);
    const conf = join(dir, 'motcua.conf');
    writeFileSync(conf, '# comment\nthreads = 4\nportt = 8080\n');
    const c = run(['serve', '--config', conf]);
    assert.equal(c.code, 2);
    assert.match(c.err, /line 3: unknown setting 'portt'/);
  } finally { removeDir(dir); }
});

test('a database newer than the program is refused with a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-'));
  try {
    const db = join(dir, 'm.db');
    assert.equal(run(['migrate', '--db', db]).code, 0);
    spawnSync('sqlite3', [db, 'PRAGMA user_version = 999']);
    const m = run(['migrate', '--db', db]);
    assert.notEqual(m.code, 0);
    assert.match(m.err, /newer than this program/);
    const s = run(['serve', '--db', db, '--port', '0']);
    assert.equal(s.code, 1);
    assert.match(s.err, /newer than this program/);
  } finally { removeDir(dir); }
});

test('serve refuses a database that was never migrated and says how to fix it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-'));
  try {
    const s = run(['serve', '--db', join(dir, 'empty.db'), '--port', '0']);
    assert.equal(s.code, 1);
    assert.match(s.err, /motcua migrate --db/);
  } finally { removeDir(dir); }
});
