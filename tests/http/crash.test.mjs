// crash.test.mjs - SIGKILL the server in the middle of (a) a 9 MB multipart upload, (b) a burst
// of sign-ins and sign-outs, (c) a password change; restart it on the same database and file
// store and check what it left (tests/lib/trials.mjs assertConsistent: integrity_check, audit
// and stats verify, every stored_files row with its file, every hash-named file hashing to its
// name, coherent sessions), that stale temporary files are swept at start-up as documented
// (docs/uploads.md: up-* untouched for 10 minutes), that every answered sign-out stays
// signed out and every answered sign-in stays signed in, and that the server serves.
// Timing only chooses when to kill; nothing asserts on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { Client, DEMO_PASSWORD, assertConsistent, killHard, pdfBytes, sendRaw, sleep, sql,
  uploadRequest } from '../lib/trials.mjs';

const ARGS = ['--threads', '6', '--signin-ip-failures', '1000'];
let data;
let files;
let srv;
let seed = 20261201;

// Deterministic pseudo-random integer in [lo, hi] (the test's own stream).
function rand(lo, hi) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return lo + (seed % (hi - lo + 1));
}

const tmpFiles = () => (existsSync(join(files, 'tmp')) ? readdirSync(join(files, 'tmp')) : []);

// Age every temporary file by 11 minutes (as if the crash happened that long ago).
function ageTemporaries() {
  const old = new Date(Date.now() - 11 * 60 * 1000);
  for (const n of tmpFiles()) utimesSync(join(files, 'tmp', n), old, old);
}

// SIGKILL the server, check the database and files it left, restart on them and check that
// it serves; returns the temporary files the crash left.
async function crashAndRestart(where, whileDown = () => {}) {
  await killHard(srv.proc);
  const left = tmpFiles();
  whileDown();
  assertConsistent(data.db, files, `${where} (after SIGKILL)`);
  ageTemporaries();
  srv = await startServer(data.db, { extraArgs: ARGS });
  assert.deepEqual(tmpFiles().filter((n) => n.startsWith('up-')), [],
    `${where}: temporary files older than 10 minutes swept at start-up`);
  assertConsistent(data.db, files, `${where} (after restart)`);
  assert.equal((await fetch(srv.base + '/')).status, 200, `${where}: the server serves`);
  return left;
}

before(async () => {
  data = makeDatabase({ dossiers: 40, seed: 5 });
  files = join(data.dir, 'files');
  srv = await startServer(data.db, { extraArgs: ARGS });
});
after(async () => {
  if (srv) assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

test('SIGKILL during 9 MB uploads: no row without its file, no half file under a hash name', async () => {
  const c = new Client(srv.base);
  assert.equal((await c.signIn('congdan')).status, 303);
  const kept = pdfBytes(9 * 1024 * 1024, 1);
  const first = await uploadRequest(c, 'Trước sự cố', kept);
  assert.match(await sendRaw(srv.port, first).done, /^HTTP\/1\.1 303/);
  const [keptHash] = sql(data.db, 'SELECT hash FROM stored_files')[0];

  for (let run = 0; run < 4; run++) {
    c.base = srv.base;
    const bytes = pdfBytes(9 * 1024 * 1024, 100 + run);
    const req = await uploadRequest(c, `Lần ${run}`, bytes);
    if (run % 2 === 0) {
      // Part of the body sent, the part being written under tmp/: kill.
      const { sock } = sendRaw(srv.port, req, rand(2, 7) * 1024 * 1024);
      for (let i = 0; i < 200 && !tmpFiles().some((n) => n.startsWith('up-')); i++) await sleep(10);
      await sleep(rand(0, 50));
      const p = killHard(srv.proc);
      sock.destroy();
      await p;
    } else {
      // Whole body sent: kill somewhere between the last byte and the answer (fsync, rename,
      // commit), with a removal of the older document racing it.
      const list = await (await c.get('/tai-khoan/giay-to')).text();
      const del = [...list.matchAll(/action="\/tai-khoan\/giay-to\/(\d+)\/xoa"/g)].map((m) => m[1]).slice(1, 2);
      const { done } = sendRaw(srv.port, req);
      const csrf = await c.token('/tai-khoan/giay-to');
      for (const id of del) c.post(`/tai-khoan/giay-to/${id}/xoa`, { csrf }).catch(() => {});
      await sleep(rand(5, 120));
      await killHard(srv.proc);
      await done;
    }
    const left = await crashAndRestart(`upload run ${run}`);
    if (run % 2 === 0) assert.ok(left.some((n) => n.startsWith('up-')), `run ${run}: killed while the part was written to tmp/`);
    // The document stored before the crashes is still there and downloads intact.
    c.base = srv.base;
    const page = await (await c.get('/tai-khoan/giay-to')).text();
    assert.match(page, /Trước sự cố/, `run ${run}: the earlier document is listed`);
    assert.ok(existsSync(join(files, keptHash.slice(0, 2), keptHash)));
  }
  // Uploads work after the crashes.
  const again = await uploadRequest(c, 'Sau sự cố', pdfBytes(300000, 9));
  assert.match(await sendRaw(srv.port, again).done, /^HTTP\/1\.1 303/);
  assertConsistent(data.db, files, 'after the upload crashes');
});

test('a removal interrupted between hiding the file and the commit loses nothing', async () => {
  // The state a SIGKILL inside attachment_remove leaves: the stored file moved to
  // tmp/up-del-<hash> (rename keeps its old mtime) while the rollback keeps both rows.
  const c = new Client(srv.base);
  assert.equal((await c.signIn('congdan')).status, 303);
  const bytes = pdfBytes(70000, 77);
  assert.match(await sendRaw(srv.port, await uploadRequest(c, 'Đang xóa dở', bytes)).done, /^HTTP\/1\.1 303/);
  const rows = sql(data.db, "SELECT f.hash FROM stored_files f JOIN attachments a ON a.file_hash = f.hash " +
    "WHERE a.title = 'Đang xóa dở'");
  assert.equal(rows.length, 1);
  const h = rows[0][0];
  await killHard(srv.proc);
  const hidden = join(files, 'tmp', `up-del-${h}`);
  renameSync(join(files, h.slice(0, 2), h), hidden);
  const old = new Date(Date.now() - 3600 * 1000);
  utimesSync(hidden, old, old);
  // A removal whose commit happened before the crash: rows gone, hidden file left over.
  const orphan = join(files, 'tmp', `up-del-${'0'.repeat(64)}`);
  writeFileSync(orphan, 'removed, committed');
  utimesSync(orphan, old, old);
  srv = await startServer(data.db, { extraArgs: ARGS });
  assert.ok(existsSync(join(files, h.slice(0, 2), h)), 'the file is put back under its hash at start-up');
  assert.ok(!existsSync(hidden), 'and no longer waits under tmp/');
  assert.ok(!existsSync(orphan), 'a hidden file no row names is deleted');
  assert.ok(!existsSync(join(files, '00', '0'.repeat(64))), 'and not put back');
  assertConsistent(data.db, files, 'after an interrupted removal');
  c.base = srv.base;
  const list = await (await c.get('/tai-khoan/giay-to')).text();
  assert.match(list, /Đang xóa dở/);
  const id = sql(data.db, "SELECT id FROM attachments WHERE title = 'Đang xóa dở'")[0][0];
  const r = await c.get(`/tai-khoan/giay-to/${id}`);
  assert.equal(r.status, 200);
  assert.ok(Buffer.from(await r.arrayBuffer()).equals(bytes), 'the document downloads intact');
});

test('SIGKILL during a burst of sign-ins and sign-outs: answered sign-outs stay signed out', async () => {
  const users = ['congdan', 'admin', 'motcua.binhchanh', 'chuyenvien.tuphap'];
  for (let run = 0; run < 3; run++) {
    const alive = [];	// sessions whose sign-in was answered and whose sign-out never started
    const dead = [];	// sessions whose sign-out was answered 303
    let stop = false;
    const worker = async (u) => {
      while (!stop) {
        const c = new Client(srv.base);
        try {
          if ((await c.signIn(u)).status !== 303) continue;
          const sid = c.session();
          if (stop || rand(0, 2) === 0) { alive.push(sid); continue; }
          const r = await c.signOut();
          if (r.status === 303) dead.push(sid);
        } catch { return; }
      }
    };
    const workers = users.map(worker);
    await sleep(rand(400, 1500));
    stop = true;
    await killHard(srv.proc);
    await Promise.all(workers);
    // A session row long past its absolute expiry: start-up sweeps it (docs/accounts.md).
    const ancient = () => sql(data.db, 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen, ' +
      "expires_at, revoked_at) SELECT randomblob(32), id, 1000, 1000, 2000, NULL FROM users WHERE username = 'congdan'");
    await crashAndRestart(`sign-in burst ${run}`, ancient);
    assert.deepEqual(sql(data.db, 'SELECT id FROM sessions WHERE expires_at = 2000'), [], 'old rows swept at start-up');
    assert.ok(alive.length + dead.length > 0, 'some sign-ins were answered before the kill');
    for (const sid of dead) {
      const r = await fetch(srv.base + '/tai-khoan', { redirect: 'manual', headers: { Cookie: `sid=${sid}` } });
      assert.equal(r.status, 403, `run ${run}: a signed-out session stays dead after the crash`);
    }
    for (const sid of alive) {
      const r = await fetch(srv.base + '/tai-khoan', { redirect: 'manual', headers: { Cookie: `sid=${sid}` } });
      assert.equal(r.status, 200, `run ${run}: an answered sign-in survives the crash`);
    }
    const success = Number(sql(data.db, "SELECT count(*) FROM signin_audit WHERE kind = 'success'")[0][0]);
    const sessions = Number(sql(data.db, 'SELECT count(*) FROM sessions')[0][0]);
    assert.equal(success, sessions, 'one audited success per session row, none without the other');
  }
});

test('SIGKILL during a password change: exactly one password works, sessions follow it', async () => {
  let current = DEMO_PASSWORD;
  for (let run = 0; run < 4; run++) {
    const next = `mat-khau-moi-${run}-2026`;
    const c = new Client(srv.base);
    assert.equal((await c.signIn('chuyenvien.tuphap', current)).status, 303);
    const oldSid = c.session();
    const csrf = await c.token('/tai-khoan');
    const before = Number(sql(data.db, "SELECT count(*) FROM signin_audit WHERE kind = 'password_change'")[0][0]);
    const change = c.post('/tai-khoan/mat-khau', { csrf, current, password: next, confirm: next })
      .then((r) => r.status, () => 0);
    await sleep(rand(0, 250));
    await killHard(srv.proc);
    const answered = await change;
    await crashAndRestart(`password change ${run}`);
    const changes = Number(sql(data.db, "SELECT count(*) FROM signin_audit WHERE kind = 'password_change'")[0][0]);
    const changed = changes > before;
    const withNew = await new Client(srv.base).signIn('chuyenvien.tuphap', changed ? next : current);
    assert.equal(withNew.status, 303, `run ${run}: the password the database says works`);
    const oldAlive = (await fetch(srv.base + '/tai-khoan', { redirect: 'manual', headers: { Cookie: `sid=${oldSid}` } })).status;
    assert.equal(oldAlive, changed ? 403 : 200, `run ${run}: the old session is dead exactly when the password changed`);
    if (answered === 303) assert.ok(changed, 'an answered change is kept');
    if (changed) current = next;
  }
});
