#!/usr/bin/env node
// portal_submit.mjs - bench driver for issue 7: complete e-form submissions per second by
// signed-in citizens through the web route, as a browser without JavaScript sends them.
//
//   node bench/portal_submit.mjs --base http://127.0.0.1:PORT [--procedure 1.001193]
//        [--clients 4] [--seconds 10] [--user congdan] [--password motcua-demo-2026]
//        [--catalog data/demo/catalog.json]
//
// Contract of the route (issue 7 item 2): GET /thu-tuc/CODE/nop answers the blank form with
// hidden inputs `csrf` and `token` (a fresh token per blank form); POST /thu-tuc/CODE/nop
// (urlencoded) with action=submit answers 200 with an acknowledgement page holding the
// dossier code. The driver does not hard-code the field list: it sends every input, select
// and textarea of the page's form with its default value, fills the empty ones it knows
// (applicant_*, unit, delivery, f_<field> by the catalogue field's type, or by the input's
// type), and presses the submit button whose value is "submit". So a renamed or added field
// does not break it as long as the page still offers a default or the field is typed.
//
// One complete submission = GET the blank form + POST it; each client loops for --seconds.
// Prints "portal-submit started ..." once the blank form was read, then one line
// "portal-submit ok=N ..." (key=value pairs) and, on failures, the first failure's status and
// a short excerpt. When the GET answers 404 it
// prints "portal-submit not-available status=404" and exits 0 (the route is not built yet).
// Exit status 1: sign-in failed or no submission succeeded.
import http from 'node:http';
import { readFileSync } from 'node:fs';

function args() {
  const a = { base: null, procedure: '1.001193', clients: 4, seconds: 10, user: 'congdan',
    password: 'motcua-demo-2026', catalog: 'data/demo/catalog.json' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) {
    const k = v[i].replace(/^--/, '');
    if (!(k in a) || i + 1 >= v.length) {
      console.error(`portal_submit: unknown or incomplete option ${v[i]}`);
      process.exit(2);
    }
    a[k] = ['clients', 'seconds'].includes(k) ? Number(v[i + 1]) : v[i + 1];
  }
  if (!a.base) {
    console.error('portal_submit: --base URL is required');
    process.exit(2);
  }
  return a;
}

const opt = args();
const base = new URL(opt.base);
const agent = new http.Agent({ keepAlive: true, maxSockets: opt.clients + 2 });

// One request; resolves to {status, headers, body (string)}.
function request(method, path, { cookies, body, type } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (cookies && cookies.size) headers.Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) {
      headers['Content-Type'] = type || 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (cookies) {
            for (const sc of res.headers['set-cookie'] || []) {
              const m = sc.match(/^([^=;\s]+)=([^;]*)/);
              if (m) cookies.set(m[1], m[2]);
            }
          }
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const decode = (s) => s.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');

// Attributes of one start tag's text ("<input a=b c>") as a Map (names lower-case).
function attrs(tag) {
  const m = new Map();
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  const inner = tag.replace(/^<\s*[a-zA-Z]+/, '').replace(/\/?>$/, '');
  let x;
  while ((x = re.exec(inner))) m.set(x[1].toLowerCase(), decode(x[2] ?? x[3] ?? x[4] ?? ''));
  return m;
}

// The controls of the page's form whose action ends with /nop (or the first POST form):
// [{tag, type, name, value, checked, required, options: [{value, selected}]}].
function formControls(html) {
  const forms = [...html.matchAll(/<form\b[^>]*>[^]*?<\/form>/gi)].map((m) => m[0]);
  const form = forms.find((f) => /action\s*=\s*["'][^"']*\/nop["']/i.test(f.slice(0, f.indexOf('>') + 1))) ||
    forms.find((f) => /method\s*=\s*["']?post/i.test(f.slice(0, f.indexOf('>') + 1)));
  if (!form) return null;
  const out = [];
  const re = /<(input|select|textarea|button)\b[^>]*>/gi;
  let m;
  while ((m = re.exec(form))) {
    const tag = m[1].toLowerCase();
    const a = attrs(m[0]);
    if (!a.has('name') || a.has('disabled')) continue;
    const c = { tag, type: (a.get('type') || (tag === 'button' ? 'submit' : tag === 'input' ? 'text' : tag)).toLowerCase(),
      name: a.get('name'), value: a.get('value') ?? '', checked: a.has('checked'),
      required: a.has('required'), inputmode: a.get('inputmode') || '', options: [] };
    if (tag === 'select') {
      const end = form.indexOf('</select>', m.index);
      const body = form.slice(m.index, end < 0 ? undefined : end);
      for (const o of body.matchAll(/<option\b[^>]*>([^<]*)/gi)) {
        const oa = attrs(o[0].slice(0, o[0].indexOf('>') + 1));
        c.options.push({ value: oa.has('value') ? oa.get('value') : decode(o[1]).trim(), selected: oa.has('selected') });
      }
    } else if (tag === 'textarea') {
      const end = form.indexOf('</textarea>', m.index);
      c.value = decode(form.slice(m.index + m[0].length, end < 0 ? undefined : end));
    }
    out.push(c);
  }
  return out;
}

// The catalogue's e-form fields of the procedure: name -> {type, max, options, required}.
function catalogueFields() {
  try {
    const cat = JSON.parse(readFileSync(opt.catalog, 'utf8'));
    const p = cat.find((x) => x.code === opt.procedure);
    return new Map((p?.form || []).map((f) => [f.name, f]));
  } catch {
    return new Map();
  }
}
const eform = catalogueFields();

const KNOWN = {
  applicant_name: 'Nguyễn Văn An', applicant_id_number: '079203001234',
  applicant_phone: '0909123456', applicant_email: 'an@example.vn',
  applicant_address: 'Ấp 3, xã Vĩnh Lộc A, huyện Bình Chánh', delivery: 'counter',
  delivery_address: '12 Lê Lợi, phường Bến Nghé, Quận 1',
};

// A valid value for catalogue field f.
function valueFor(f) {
  switch (f.type) {
    case 'textarea': return 'Nội dung kê khai để đo hiệu năng.';
    case 'number': return String(Math.min(1, f.max ?? 1));
    case 'date': return '01/02/2020';
    case 'select': return f.options[0];
    case 'checkbox': return 'on';
    case 'id_number': return '079203001234';
    case 'phone': return '0909123456';
    case 'email': return 'an@example.vn';
    default: return 'Nguyễn Thị Bình'.slice(0, f.max || 100);
  }
}

// The urlencoded body for the controls: defaults kept, empty values filled, action=submit.
function fill(controls) {
  const body = new URLSearchParams();
  const radios = new Map();
  let submit = null;
  for (const c of controls) {
    const f = c.name.startsWith('f_') ? eform.get(c.name.slice(2)) : null;
    if (c.type === 'submit' || c.type === 'image') {
      if (c.value === 'submit' || (!submit && c.name === 'action')) submit = c;
      continue;
    }
    if (c.type === 'radio') {
      const r = radios.get(c.name);
      if (!r || (c.checked && !r.checked) || (!r.checked && c.value === KNOWN[c.name])) radios.set(c.name, c);
      continue;
    }
    if (c.type === 'checkbox') {
      if (c.checked || c.required || (f && f.type === 'checkbox')) body.append(c.name, c.value || 'on');
      continue;
    }
    if (c.tag === 'select') {
      const sel = c.options.find((o) => o.selected && o.value) ||
        c.options.find((o) => o.value && (o.value === KNOWN[c.name] || (f && o.value === valueFor(f)))) ||
        c.options.find((o) => o.value);
      body.append(c.name, sel ? sel.value : '');
      continue;
    }
    let v = c.value;
    if (!v) {
      if (c.name in KNOWN) v = KNOWN[c.name];
      else if (f) v = valueFor(f);
      else if (c.type === 'email' || c.inputmode === 'email') v = KNOWN.applicant_email;
      else if (c.type === 'tel' || c.inputmode === 'tel') v = KNOWN.applicant_phone;
      else if (c.type === 'number' || c.inputmode === 'numeric') v = '1';
      else if (c.required) v = 'Bench';
    }
    body.append(c.name, v);
  }
  for (const r of radios.values()) body.append(r.name, r.value);
  body.set('action', submit && submit.value ? submit.value : 'submit');
  return body.toString();
}

const CODE = /[A-Z0-9][A-Z0-9.]*-\d{6}-\d{4,}/;
const formPath = `/thu-tuc/${encodeURIComponent(opt.procedure)}/nop`;

async function signIn(cookies) {
  const page = await request('GET', '/dang-nhap', { cookies });
  const csrf = (page.body.match(/name="csrf" value="([^"]*)"/) || [])[1] || '';
  const body = new URLSearchParams({ csrf, username: opt.user, password: opt.password }).toString();
  for (let tries = 0; tries < 20; tries++) {
    const r = await request('POST', '/dang-nhap', { cookies, body });
    if (r.status === 303) return true;
    if (r.status !== 503) return false;
    await new Promise((res) => setTimeout(res, 500));
  }
  return false;
}

// Text of the page's error messages (for the failure report).
const excerpt = (html) => (html.match(/<(?:p|li|span|div)[^>]*class="[^"]*(?:error|loi)[^"]*"[^>]*>[^<]*/gi) || [])
  .map((s) => s.replace(/<[^>]*>/g, '').trim()).filter(Boolean).slice(0, 3).join(' | ') ||
  html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 160);

const pct = (xs, p) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  const cookies = new Map();
  if (!(await signIn(cookies))) {
    console.log('portal-submit failed reason=sign-in');
    process.exit(1);
  }
  const probe = await request('GET', formPath, { cookies });
  if (probe.status === 404) {
    console.log('portal-submit not-available status=404');
    return;
  }
  if (probe.status !== 200 || !formControls(probe.body)) {
    console.log(`portal-submit failed reason=form status=${probe.status} ${JSON.stringify(excerpt(probe.body))}`);
    process.exit(1);
  }
  console.log(`portal-submit started procedure=${opt.procedure} fields=${formControls(probe.body).length}`);
  let ok = 0, failed = 0, firstFailure = null;
  const post = [], whole = [];
  const until = Date.now() + opt.seconds * 1000;
  const t0 = process.hrtime.bigint();
  async function client() {
    while (Date.now() < until) {
      const s = process.hrtime.bigint();
      const page = await request('GET', formPath, { cookies });
      const controls = page.status === 200 ? formControls(page.body) : null;
      if (!controls) {
        failed++;
        firstFailure ??= `GET ${page.status} ${excerpt(page.body)}`;
        continue;
      }
      const p0 = process.hrtime.bigint();
      const r = await request('POST', formPath, { cookies, body: fill(controls) });
      const e = process.hrtime.bigint();
      if (r.status === 200 && CODE.test(r.body)) {
        ok++;
        post.push(Number(e - p0) / 1e6);
        whole.push(Number(e - s) / 1e6);
      } else {
        failed++;
        firstFailure ??= `POST ${r.status} ${excerpt(r.body)}`;
      }
    }
  }
  await Promise.all(Array.from({ length: opt.clients }, client));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`portal-submit ok=${ok} failed=${failed} seconds=${secs.toFixed(2)} ` +
    `rate=${(ok / secs).toFixed(1)} post_p50_ms=${pct(post, 50).toFixed(1)} ` +
    `post_p99_ms=${pct(post, 99).toFixed(1)} whole_p99_ms=${pct(whole, 99).toFixed(1)} clients=${opt.clients}`);
  if (firstFailure) console.log(`portal-submit first-failure ${JSON.stringify(firstFailure.slice(0, 300))}`);
  agent.destroy();
  if (ok === 0) process.exit(1);
}

main().catch((e) => {
  console.log(`portal-submit failed reason=${JSON.stringify(String(e.message || e))}`);
  process.exit(1);
});
