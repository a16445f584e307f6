// transparency.test.mjs - the public transparency page /minh-bach (issue 9 §7; docs/api.md):
// without sign-in, per receiving unit the year's received dossiers and on-time rate agree with
// `motcua report ontime --group unit` for the same days, the totals too, apologies agree with
// the event log, and a crowd of simultaneous visitors (12: under the 16 connections a
// client address may open) all get the same page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 500, seed: 21 });
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

// The local date (UTC+7) of now as YYYY-MM-DD.
const localToday = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
// "85,71%" as the page writes a percentage (vi), "–" without a denominator.
function pct(part, whole) {
  if (!whole) return '–';
  return `${String(Math.round((part / whole) * 10000) / 100).replace('.', ',')}%`;
}
const num = (n) => n.toLocaleString('de-DE');	// thousands with dots, as vi

// The rows of the page's table: [header cell, ...cells] with tags removed.
function rows(html) {
  const body = html.match(/<tbody>([^]*?)<\/tbody>/)[1];
  return [...body.matchAll(/<tr>([^]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[hd][^>]*>([^]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()));
}

test('the year figures of every unit agree with motcua report; the totals too', async () => {
  const r = await fetch(srv.base + '/minh-bach');
  assert.equal(r.status, 200);
  const html = await r.text();
  const today = localToday();
  const report = JSON.parse(execFileSync(bin, ['report', 'ontime', '--db', data.db, '--from', `${today.slice(0, 4)}-01-01`,
    '--to', today, '--group', 'unit', '--format', 'json'], { env: { ...process.env, MOTCUA_SHARE: root } }).toString());
  const table = rows(html);
  const listed = report.rows.filter((x) => x.received || x.finished_early + x.finished_on_time + x.finished_late);
  assert.ok(listed.length > 1, 'several units');
  assert.equal(table.length, listed.length, 'one row per unit that received or finished a dossier');
  for (const u of listed) {
    const row = table.find((t) => t[0].startsWith(u.name + ' ('));
    assert.ok(row, `${u.key} listed`);
    const finished = u.finished_early + u.finished_on_time + u.finished_late;
    assert.equal(row[5], num(u.received), `${u.key} received this year`);
    assert.equal(row[6], pct(u.finished_early + u.finished_on_time, finished), `${u.key} on time this year`);
  }
  const t = report.total;
  const foot = html.match(/<tfoot>([^]*?)<\/tfoot>/)[1];
  const cells = [...foot.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.equal(cells[4], num(t.received));
  assert.equal(cells[5], pct(t.finished_early + t.finished_on_time, t.finished_early + t.finished_on_time + t.finished_late));
  const start = Math.floor(Date.parse(`${today.slice(0, 4)}-01-01T00:00:00+07:00`) / 1000);
  const apologies = Number(sql(data.db, `SELECT count(*) FROM dossier_events WHERE kind = 'apologise' AND at >= ${start}`)[0][0]);
  assert.equal(cells[6], num(apologies), 'apologies this year');
  assert.match(html, /href="\/minh-bach"/, 'the footer links the page');
});

test('in English, and a crowd arriving at once gets the same page', async () => {
  const en = await (await fetch(srv.base + '/minh-bach', { headers: { 'Accept-Language': 'en' } })).text();
  assert.match(en, /<h1>Public results of dossier handling<\/h1>/);
  const pages = await Promise.all(Array.from({ length: 12 }, () => fetch(srv.base + '/minh-bach').then(async (r) => [r.status, rows(await r.text())])));
  for (const [status, table] of pages) {
    assert.equal(status, 200);
    assert.deepEqual(table, pages[0][1]);
  }
});
