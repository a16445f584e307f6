// restore.test.mjs - restore trials: `motcua backup --to DIR` while uploads, removals and
// sign-ins run; `motcua restore` into an empty folder; serve the copy: every attachment's file
// exists and hashes to its name, the demo accounts sign in, the seeded lookup codes work. A
// backup killed midway never looks complete and a later one into the same DIR completes;
// restore refuses a MANIFEST that names another schema or a folder missing a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bin, makeDatabase, startServer, removeDir, csrfFor, assertCleanExit } from '../lib/server.mjs';
import { Client, assertConsistent, filesUnder, killHard, motcua, pdfBytes, sendRaw, sleep, sql, uploadRequest }
  from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const env = { ...process.env, MOTCUA_SHARE: root };
const ACCOUNTS = ['admin', 'lanhdao.binhchanh', 'motcua.binhchanh', 'chuyenvien.tuphap', 'congdan'];
let data;
let srv;
let work;

// Run `motcua backup` asynchronously; resolves to {code, signal, stdout, stderr}, with .proc.
function backup(to) {
  const proc = spawn(bin, ['backup', '--db', data.db, '--to', to], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((r) => proc.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  return { proc, done };
}

// POST /tra-cuu on base; resolves to {status, html}.
async function lookup(base, code, secret) {
  const { token, cookie } = await csrfFor(base, '/tra-cuu');
  const r = await fetch(base + '/tra-cuu', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: new URLSearchParams({ csrf: token, code, secret }) });
  return { status: r.status, html: await r.text() };
}

// Upload bytes as client c; resolves to the status line.
async function upload(c, title, bytes) {
  const text = await sendRaw(srv.port, await uploadRequest(c, title, bytes)).done;
  return text.slice(0, 12);
}

before(async () => {
  data = makeDatabase({ dossiers: 200, seed: 13 });
  srv = await startServer(data.db, { extraArgs: ['--threads', '6', '--signin-ip-failures', '1000'] });
  work = mkdtempSync(join(tmpdir(), 'motcua-restore-'));
  const c = new Client(srv.base);
  assert.equal((await c.signIn('congdan')).status, 303);
  for (let i = 0; i < 12; i++) assert.equal(await upload(c, `Giấy tờ ${i}`, pdfBytes(200000 + i * 50000, 300 + i)), 'HTTP/1.1 303');
});
after(async () => {
  if (srv) assertCleanExit(await srv.stop());
  removeDir(data.dir);
  removeDir(work);
});

test('backup during uploads, removals and sign-ins; restore into an empty folder; serve', async () => {
  const bk = join(work, 'full');
  let busy = true;
  const counts = { uploads: 0, removals: 0, signIns: 0 };
  const uploader = (async () => {
    const c = new Client(srv.base);
    assert.equal((await c.signIn('congdan')).status, 303);
    for (let i = 0; busy; i++) {
      if ((await upload(c, `Trong lúc sao lưu ${i}`, pdfBytes(100000 + (i % 7) * 30000, 1000 + i))) === 'HTTP/1.1 303') counts.uploads++;
      // Remove the oldest document now and then: its file leaves the store.
      const list = await (await c.get('/tai-khoan/giay-to')).text();
      const ids = [...list.matchAll(/action="\/tai-khoan\/giay-to\/(\d+)\/xoa"/g)].map((m) => m[1]);
      if (ids.length > 6) {
        const csrf = list.match(/name="csrf" value="([0-9a-f]+)"/)[1];
        if ((await c.post(`/tai-khoan/giay-to/${ids[ids.length - 1]}/xoa`, { csrf })).status === 303) counts.removals++;
      }
    }
  })();
  const signer = (async () => {
    while (busy) {
      const c = new Client(srv.base);
      if ((await c.signIn(ACCOUNTS[counts.signIns % ACCOUNTS.length])).status === 303) counts.signIns++;
      await c.signOut();
    }
  })();
  await sleep(200);
  const r = await backup(bk).done;
  await sleep(100);
  busy = false;
  await Promise.all([uploader, signer]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(counts.uploads > 0 && counts.signIns > 0, `load ran during the backup: ${JSON.stringify(counts)}`);

  const target = join(work, 'restored', 'motcua.db');
  const res = motcua(['restore', '--from', bk, '--db', target]);
  assert.equal(res.status, 0, res.stderr);
  const files = join(work, 'restored', 'files');
  const { storedFiles } = assertConsistent(target, files, 'restored');
  assert.ok(storedFiles >= 6, 'the attachments came back');
  const copy = await startServer(target);
  try {
    for (const u of ACCOUNTS) {
      assert.equal((await new Client(copy.base).signIn(u)).status, 303, `${u} signs in on the restored server`);
    }
    for (const { code, secret } of data.lookups.slice(0, 5).concat(data.lookups.slice(-2))) {
      const l = await lookup(copy.base, code, secret);
      assert.equal(l.status, 200, `${code} found after restore`);
      assert.ok(l.html.includes(code));
    }
    // A restored document downloads, byte for byte what was uploaded.
    const c = new Client(copy.base);
    assert.equal((await c.signIn('congdan')).status, 303);
    const [id, title] = sql(target, "SELECT id, title FROM attachments WHERE title LIKE 'Giấy tờ %' ORDER BY id DESC LIMIT 1")[0];
    const i = Number(title.split(' ').pop());
    const got = await c.get(`/tai-khoan/giay-to/${id}`);
    assert.equal(got.status, 200);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(pdfBytes(200000 + i * 50000, 300 + i)));
  } finally {
    assertCleanExit(await copy.stop());
  }
});

test('a backup killed midway never looks complete; a later backup into the same DIR completes', async () => {
  // Enough files that the copy takes a while.
  const c = new Client(srv.base);
  assert.equal((await c.signIn('congdan')).status, 303);
  for (let i = 0; i < 12; i++) assert.equal(await upload(c, `Lớn ${i}`, pdfBytes(2 * 1024 * 1024, 5000 + i)), 'HTTP/1.1 303');
  for (let run = 0; run < 4; run++) {
    const bk = join(work, `killed-${run}`);
    const b = backup(bk);
    await sleep(5 + run * 15);
    await killHard(b.proc);
    const res = motcua(['restore', '--from', bk, '--db', join(work, `k${run}`, 'motcua.db')]);
    if (existsSync(join(bk, 'MANIFEST'))) {
      // Finished before the kill: then it must be whole.
      assert.equal(res.status, 0, `run ${run}: a backup with a MANIFEST restores:\n${res.stderr}`);
    } else {
      assert.notEqual(res.status, 0);
      assert.match(res.stderr, /no complete backup/);
    }
    const again = await backup(bk).done;
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(filesUnder(bk).filter((f) => /\.tmp-\d+$/.test(f)), [],
      `run ${run}: the pieces the killed backup left are gone`);
    const ok = motcua(['restore', '--from', bk, '--db', join(work, `k${run}b`, 'motcua.db')]);
    assert.equal(ok.status, 0, ok.stderr);
    assertConsistent(join(work, `k${run}b`, 'motcua.db'), join(work, `k${run}b`, 'files'), `backup after kill ${run}`);
  }
  // A complete backup killed during the next one still restores (its MANIFEST and snapshot stay).
  const bk = join(work, 'killed-0');
  const manifest = readFileSync(join(bk, 'MANIFEST'), 'utf8');
  assert.equal(await upload(c, 'Sau', pdfBytes(3 * 1024 * 1024, 9999)), 'HTTP/1.1 303');
  const b = backup(bk);
  await sleep(30);
  await killHard(b.proc);
  const after = readFileSync(join(bk, 'MANIFEST'), 'utf8');
  const res = motcua(['restore', '--from', bk, '--db', join(work, 'k-old', 'motcua.db')]);
  assert.equal(res.status, 0, `${after === manifest ? 'the previous' : 'the new'} backup restores:\n${res.stderr}`);
});

test('restore refuses a MANIFEST of another schema and a folder missing a file', async () => {
  const bk = join(work, 'full');
  const manifest = readFileSync(join(bk, 'MANIFEST'), 'utf8');
  const schema = Number(manifest.match(/^schema (\d+)$/m)[1]);
  assert.ok(schema > 0);

  for (const other of [schema + 1, schema - 1, 99]) {
    const bad = join(work, `schema-${other}`);
    cpSync(bk, bad, { recursive: true });
    writeFileSync(join(bad, 'MANIFEST'), manifest.replace(/^schema \d+$/m, `schema ${other}`));
    const target = join(work, `s${other}`, 'motcua.db');
    const r = motcua(['restore', '--from', bad, '--db', target]);
    assert.notEqual(r.status, 0, `schema ${other} refused`);
    assert.match(r.stderr, /schema/);
    assert.ok(!existsSync(target), 'no database appears');
  }

  // A file the restored database names (so the refusal is about a file that matters).
  const hash = sql(join(work, 'restored', 'motcua.db'), 'SELECT hash FROM stored_files ORDER BY hash LIMIT 1')[0][0];
  const rel = `${hash.slice(0, 2)}/${hash}`;
  assert.match(manifest, new RegExp(`^file ${rel} \\d+$`, 'm'));
  const missing = join(work, 'missing');
  cpSync(bk, missing, { recursive: true });
  rmSync(join(missing, 'files', rel));
  const target = join(work, 'm', 'motcua.db');
  const r = motcua(['restore', '--from', missing, '--db', target]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /missing or damaged/);
  assert.ok(!existsSync(target));

  // Not listed in the MANIFEST either: the database still names it, so it is refused.
  const unlisted = join(work, 'unlisted');
  cpSync(bk, unlisted, { recursive: true });
  writeFileSync(join(unlisted, 'MANIFEST'), manifest.replace(new RegExp(`^file ${rel} \\d+\\n`, 'm'), ''));
  rmSync(join(unlisted, 'files', rel));
  const t2 = join(work, 'u', 'motcua.db');
  const r2 = motcua(['restore', '--from', unlisted, '--db', t2]);
  assert.notEqual(r2.status, 0, 'a file the database names is missing');
  assert.match(r2.stderr, /lacks 1 file\(s\) its database names/);
  assert.ok(!existsSync(t2));
});
