// backup.test.mjs - `motcua backup` while the server runs, `motcua restore` into an empty
// folder, then serve the copy: printed lookup codes still work, files come back identical,
// a second backup copies only new files, and a missing key stops the server with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { bin, makeDatabase, startServer, removeDir, csrfFor, assertCleanExit } from '../lib/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const env = { ...process.env, MOTCUA_SHARE: root };
const run = promisify(execFile);

let data;
let srv;
let work;

// Store content in the file store as uploads are: "ab/<BLAKE2b-256 hex>" (coreutils b2sum
// computes it: node has only BLAKE2b-512). Returns the path below the store.
function storeFile(filesDir, content) {
  const hash = execFileSync('b2sum', ['-l', '256'], { input: content }).toString().slice(0, 64);
  assert.match(hash, /^[0-9a-f]{64}$/);
  mkdirSync(join(filesDir, hash.slice(0, 2)), { recursive: true });
  writeFileSync(join(filesDir, hash.slice(0, 2), hash), content);
  return `${hash.slice(0, 2)}/${hash}`;
}

// POST /tra-cuu with code and secret on base; resolves to {status, html}.
async function lookup(base, code, secret) {
  const { token, cookie } = await csrfFor(base, '/tra-cuu');
  const r = await fetch(base + '/tra-cuu', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: new URLSearchParams({ csrf: token, code, secret }) });
  return { status: r.status, html: await r.text() };
}

// Run motcua synchronously; returns {status, stdout, stderr}.
function motcua(args) {
  const r = spawnSync(bin, args, { env, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  data = makeDatabase({ dossiers: 200, seed: 11 });
  srv = await startServer(data.db);
  work = mkdtempSync(join(tmpdir(), 'motcua-backup-'));
});
after(async () => {
  if (srv) assertCleanExit(await srv.stop());
  removeDir(data.dir);
  removeDir(work);
});

test('backup while serving, restore into an empty folder, serve: codes and files survive', async () => {
  const filesDir = join(data.dir, 'files');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200000)]);
  const first = storeFile(filesDir, pdf);
  mkdirSync(join(filesDir, 'tmp'), { recursive: true });
  writeFileSync(join(filesDir, 'tmp', 'upload-in-progress'), 'half a file');
  const bk = join(work, 'backup');

  // The backup runs while lookups keep the server busy.
  let busy = true;
  const load = (async () => {
    let n = 0;
    while (busy) { assert.equal((await lookup(srv.base, data.lookups[n % 3].code, data.lookups[n % 3].secret)).status, 200); n++; }
    return n;
  })();
  const out1 = await run(bin, ['backup', '--db', data.db, '--to', bk], { env });
  busy = false;
  assert.ok(await load >= 1, 'lookups ran during the backup');
  assert.match(out1.stdout, /files: 1 new/);
  const manifest = readFileSync(join(bk, 'MANIFEST'), 'utf8');
  assert.match(manifest, /^motcua-backup 1\n/);
  assert.match(manifest, /\nend\n$/);
  assert.ok(manifest.includes(`file ${first} ${pdf.length}\n`));
  assert.ok(!manifest.includes('upload-in-progress'), 'tmp/ is not backed up');
  assert.equal(statSync(join(bk, 'motcua.key')).mode & 0o777, 0o600);

  // A second backup into the same folder copies only the new file.
  const firstCopy = statSync(join(bk, 'files', first));
  const second = storeFile(filesDir, Buffer.from('second file ' + randomBytes(8).toString('hex')));
  const out2 = motcua(['backup', '--db', data.db, '--to', bk]);
  assert.equal(out2.status, 0, out2.stderr);
  assert.match(out2.stdout, /files: 1 new \(\d+ bytes\), 1 already there/);
  const again = statSync(join(bk, 'files', first));
  assert.equal(again.ino, firstCopy.ino, 'the first file was not copied again');
  assert.equal(again.mtimeMs, firstCopy.mtimeMs);

  // Restore on a "new machine": an empty folder.
  const target = join(work, 'newhost', 'var', 'motcua.db');
  const res = motcua(['restore', '--from', bk, '--db', target]);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(statSync(target + '.key').mode & 0o777, 0o600);
  assert.deepEqual(readFileSync(target + '.key'), readFileSync(data.db + '.key'));
  const restoredFiles = join(work, 'newhost', 'var', 'files');
  assert.deepEqual(readFileSync(join(restoredFiles, first)), pdf, 'the file opens, byte for byte');
  assert.ok(existsSync(join(restoredFiles, second)));
  assert.ok(!existsSync(join(restoredFiles, 'tmp', 'upload-in-progress')));

  // Serve the restored copy: printed codes and secrets still find their dossiers.
  const copy = await startServer(target);
  try {
    for (const { code, secret } of data.lookups.slice(0, 3).concat(data.lookups.slice(-2))) {
      const r = await lookup(copy.base, code, secret);
      assert.equal(r.status, 200, `${code} found after restore`);
      assert.ok(r.html.includes(code));
    }
  } finally {
    assertCleanExit(await copy.stop());
  }

  // Restoring over an existing database needs --force.
  const over = motcua(['restore', '--from', bk, '--db', target]);
  assert.notEqual(over.status, 0);
  assert.match(over.stderr, /already exists.*--force/);
  const forced = motcua(['restore', '--from', bk, '--db', target, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /2 files \(0 copied, 2 already there\)/);

  // Without its key the server refuses to start and says how to restore it.
  rmSync(target + '.key');
  const noKey = spawnSync(bin, ['serve', '--db', target, '--port', '0', '--bind', '127.0.0.1'],
    { env, encoding: 'utf8', timeout: 10000 });
  assert.notEqual(noKey.status, 0);
  assert.notEqual(noKey.status, null, 'exited by itself');
  assert.match(noKey.stderr, /server key .*motcua\.db\.key is missing/);
  assert.match(noKey.stderr, /motcua restore --from BACKUP_DIR/);
  // Nor does importing dossiers into it make a new key.
  const jsonl = join(work, 'one.jsonl');
  writeFileSync(jsonl, JSON.stringify({ code: 'H29.23-990101-0077', lookup_secret: 'TESTKEYS',
    procedure: '1.001193', unit: 'H29.23', channel: 'online', applicant: { name: 'Nguyễn Văn A' },
    events: [{ at: '2026-11-30T02:00:00Z', kind: 'submit' }] }) + '\n');
  const imp = motcua(['import', 'dossiers', '--db', target, jsonl]);
  assert.notEqual(imp.status, 0);
  assert.match(imp.stderr, /motcua import: the server key .* is missing/);
  assert.ok(!existsSync(target + '.key'), 'no new key was made');
});

test('a folder without its MANIFEST or with a damaged file is not restored', () => {
  const bk = join(work, 'backup');
  const partial = join(work, 'partial');
  cpSync(bk, partial, { recursive: true });
  rmSync(join(partial, 'MANIFEST'));
  const r = motcua(['restore', '--from', partial, '--db', join(work, 'p1', 'motcua.db')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no complete backup/);
  assert.ok(!existsSync(join(work, 'p1', 'motcua.db')));

  const damaged = join(work, 'damaged');
  cpSync(bk, damaged, { recursive: true });
  const name = readFileSync(join(damaged, 'MANIFEST'), 'utf8').match(/^file (\S+) /m)[1];
  const bytes = readFileSync(join(damaged, 'files', name));
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(join(damaged, 'files', name), bytes);
  const d = motcua(['restore', '--from', damaged, '--db', join(work, 'p2', 'motcua.db')]);
  assert.notEqual(d.status, 0);
  assert.match(d.stderr, /missing or damaged/);
  assert.ok(!existsSync(join(work, 'p2', 'motcua.db')));
});

test('--to FILE.db still copies the database alone', () => {
  const file = join(work, 'only.db');
  const r = motcua(['backup', '--db', data.db, '--to', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /database only/);
  assert.ok(statSync(file).size > 0);
});

test('a backup folder belongs to one server; restore has --help', () => {
  const other = join(work, 'other');
  cpSync(join(work, 'backup'), other, { recursive: true });
  writeFileSync(join(other, 'motcua.key'), randomBytes(32));
  const r = motcua(['backup', '--db', data.db, '--to', other]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /backup of another server/);
  const help = motcua(['restore', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: motcua restore/i);
  assert.match(help.stdout, /--force/);
});

test('a backup does not wait for an open write transaction and holds only committed data', async () => {
  // Another writer holds the write lock with an uncommitted row while the backup runs.
  const writer = spawn('sqlite3', [data.db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  writer.stdout.on('data', (d) => { out += d; });
  writer.stdin.write("PRAGMA busy_timeout=5000;\nBEGIN IMMEDIATE;\nINSERT INTO settings(key, value) VALUES ('backup_probe', 'uncommitted');\nSELECT 'held';\n");
  for (let i = 0; i < 200 && !out.includes('held'); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(out.includes('held'), 'the writer holds its transaction');
  const bk = join(work, 'snap');
  const r = motcua(['backup', '--db', data.db, '--to', bk]);
  writer.stdin.end('COMMIT;\n');
  await new Promise((res) => writer.on('close', res));
  assert.equal(r.status, 0, r.stderr);
  const name = readFileSync(join(bk, 'MANIFEST'), 'utf8').match(/^database (\S+)$/m)[1];
  const probe = (file) => spawnSync('sqlite3', [file, "SELECT count(*) FROM settings WHERE key = 'backup_probe'"],
    { encoding: 'utf8' }).stdout.trim();
  assert.equal(probe(join(bk, name)), '0', 'the uncommitted row is not in the snapshot');
  assert.equal(probe(data.db), '1');
  const again = motcua(['backup', '--db', data.db, '--to', bk]);
  assert.equal(again.status, 0, again.stderr);
  const name2 = readFileSync(join(bk, 'MANIFEST'), 'utf8').match(/^database (\S+)$/m)[1];
  assert.equal(probe(join(bk, name2)), '1', 'committed: in the next backup');
  assert.ok(name === name2 || !existsSync(join(bk, name)), 'the superseded snapshot is removed');
});
