/* test_notify.c - notifications (docs/notifications.md): templates rendered in vi and en,
 * RFC 2047 subjects and quoted-printable bodies, maildir delivery, SMS log lines, the backoff
 * schedule with a pinned clock, and messages queued in the event's own transaction. */
#include "harness.h"

#include <dirent.h>
#include <sys/stat.h>

#include "engine_fixture.h"
#include "motcua/fileio.h"
#include "motcua/mailfmt.h"
#include "motcua/notify.h"
#include "motcua/outbox.h"
#include "motcua/outbox_store.h"

static const char APPLICANT[] =
	"{\"name\": \"Nguyễn Thị Hoa\", \"email\": \"hoa@example.vn\", \"phone\": \"0901 234 567\"}";

/* The templates of the source tree; aborts when they do not load. */
static struct notify_templates *templates(void)
{
	char dir[4096], why[256] = "";
	struct notify_templates *t;
	share_path(dir, sizeof(dir), "templates/notify");
	if (notify_templates_load(dir, &t, why, sizeof(why)) != E_OK) {
		fprintf(stderr, "templates: %s\n", why);
		abort();
	}
	return t;
}

/* Decode base64 (standard alphabet) of n characters into out; returns the length. */
static size_t b64_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
	size_t len = 0;
	if (sodium_base642bin(out, cap, s, n, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL))
		return 0;
	return len;
}

/* Decode an RFC 2047 header value made of =?UTF-8?B?...?= words (folded) into out. */
static void decode_subject(const char *v, struct buf *out)
{
	const char *p = v;
	while ((p = strstr(p, "=?UTF-8?B?"))) {
		p += 10;
		const char *end = strstr(p, "?=");
		unsigned char bin[256];
		size_t n = b64_decode(p, (size_t)(end - p), bin, sizeof(bin));
		buf_append(out, bin, n);
		p = end + 2;
	}
	buf_str(out);
}

/* Decode quoted-printable with CRLF lines into out (LF lines). */
static void decode_qp(const char *s, struct buf *out)
{
	for (const char *p = s; *p; p++) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
		} else if (p[0] == '=' && p[1] && p[2]) {
			char hex[3] = { p[1], p[2], 0 };
			buf_putc(out, (char)strtol(hex, NULL, 16));
			p += 2;
		} else if (p[0] == '\r' && p[1] == '\n') {
			buf_putc(out, '\n');
			p++;
		} else {
			buf_putc(out, *p);
		}
	}
	buf_str(out);
}

static void templates_render_in_vietnamese_and_english(void)
{
	struct notify_templates *t = templates();
	const char *vars[NV__MAX] = { [NV_NAME] = "Nguyễn Thị Hoa", [NV_CODE] = "H29.23-260105-0007",
				      [NV_PROCEDURE] = "Đăng ký khai sinh",
				      [NV_UNIT] = "UBND huyện Bình Chánh",
				      [NV_DEADLINE] = "26/01/2026", [NV_ITEMS] = "Bản sao CCCD",
				      [NV_REASON] = "thiếu giấy tờ" };
	struct notify_text vi, en;
	CHECK_INT(notify_render(t, EV_REQUEST_SUPPLEMENT, NOTIFY_VI, vars, &vi), E_OK);
	CHECK_INT(notify_render(t, EV_REQUEST_SUPPLEMENT, NOTIFY_EN, vars, &en), E_OK);
	CHECK_STR(vi.subject.data, "Hồ sơ H29.23-260105-0007 cần bổ sung");
	CHECK(strstr(vi.body.data, "Đăng ký khai sinh") != NULL);
	CHECK(strstr(vi.body.data, "Bản sao CCCD") != NULL);
	CHECK(strstr(vi.body.data, "Việc tiếp theo") != NULL);
	CHECK(strstr(vi.sms.data, "26/01/2026") != NULL);
	CHECK(strstr(en.subject.data, "needs more documents") != NULL);
	CHECK(strstr(en.body.data, "What happens next") != NULL);
	CHECK(strstr(en.body.data, "H29.23-260105-0007") != NULL);
	notify_text_free(&vi);
	notify_text_free(&en);
	/* Every notifying event names the dossier code in subject, body and SMS, in both
	 * languages; events that do not concern the applicant render nothing. */
	for (int k = 0; k < EV__MAX; k++) {
		struct notify_text x;
		enum err e = notify_render(t, (enum event_kind)k, NOTIFY_EN, vars, &x);
		if (!notify_concerns((enum event_kind)k)) {
			CHECK_INT(e, E_NOTFOUND);
			notify_text_free(&x);
			continue;
		}
		for (int l = 0; l < NOTIFY_LANG__MAX; l++) {
			notify_text_free(&x);
			CHECK_INT(notify_render(t, (enum event_kind)k, (enum notify_lang)l, vars, &x),
				  E_OK);
			CHECK(strstr(x.subject.data, "H29.23-260105-0007") != NULL);
			CHECK(strstr(x.sms.data, "H29.23-260105-0007") != NULL);
			CHECK(strstr(x.body.data, "H29.23-260105-0007") != NULL);
			CHECK(!strchr(x.sms.data, '\n'));
		}
		notify_text_free(&x);
	}
	CHECK(!notify_concerns(EV_ASSIGN) && !notify_concerns(EV_RATE) && notify_concerns(EV_PAY));
	notify_templates_free(t);
}

/* A return by post names the tracking number; a return at the counter says nothing of it. */
static void a_section_shows_only_when_its_value_is_given(void)
{
	struct notify_templates *t = templates();
	const char *post[NV__MAX] = { [NV_NAME] = "Nguyễn Văn An", [NV_CODE] = "H29.23-260105-0007",
				      [NV_PROCEDURE] = "Cấp lại giấy phép", [NV_TRACKING] = "EB123456789VN" };
	const char *counter[NV__MAX] = { [NV_NAME] = "Nguyễn Văn An", [NV_CODE] = "H29.23-260105-0007",
					 [NV_PROCEDURE] = "Cấp lại giấy phép", [NV_TRACKING] = "" };
	struct notify_text a, b;
	CHECK_INT(notify_render(t, EV_RETURN, NOTIFY_VI, post, &a), E_OK);
	CHECK_INT(notify_render(t, EV_RETURN, NOTIFY_VI, counter, &b), E_OK);
	CHECK(strstr(a.body.data, "số hiệu bưu gửi: EB123456789VN.\n\nViệc tiếp theo") != NULL);
	CHECK(strstr(a.sms.data, "EB123456789VN") != NULL);
	CHECK(strstr(b.body.data, "bưu") == NULL);
	CHECK(strstr(b.body.data, "đã được trả.\n\nViệc tiếp theo") != NULL);
	CHECK(strstr(b.body.data, "{{") == NULL && strstr(b.sms.data, "{{") == NULL);
	notify_text_free(&a);
	notify_text_free(&b);
	struct buf x = BUF_INIT;
	notify_substitute(&x, "a{{#reason}}[{{reason}}]{{/reason}}b{{#items}}never", post);
	CHECK_STR(buf_str(&x), "ab");
	buf_free(&x);
	notify_templates_free(t);
}

static void a_template_with_an_unknown_value_is_refused(void)
{
	char dir[] = "/tmp/motcua-test-notify-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	struct notify_templates *t = NULL;
	char why[256] = "";
	CHECK_INT(notify_templates_load(dir, &t, why, sizeof(why)), E_IO);	/* missing files */
	CHECK(strstr(why, "submit.txt") != NULL);
	CHECK(t == NULL);
	rmdir(dir);
}

static void subjects_are_rfc2047_encoded_words(void)
{
	struct buf b = BUF_INIT;
	mail_encode_subject(&b, "Dossier H29-1 received");
	CHECK_STR(buf_str(&b), "Dossier H29-1 received");
	buf_reset(&b);
	const char *vi = "Hồ sơ H29.23-260105-0007 đã được tiếp nhận: Đăng ký khai sinh cho "
			 "con của ông Nguyễn Văn Bình, phường Bến Nghé";
	mail_encode_subject(&b, vi);
	const char *s = buf_str(&b);
	CHECK(!strncmp(s, "=?UTF-8?B?", 10));
	/* Folded into several words of at most 75 characters, joined by CRLF SP. */
	int words = 0;
	for (const char *p = s; p; words++) {
		const char *next = strstr(p, "\r\n ");
		size_t len = next ? (size_t)(next - p) : strlen(p);
		CHECK(len <= 75);
		CHECK(!strncmp(p, "=?UTF-8?B?", 10) && !strncmp(p + len - 2, "?=", 2));
		p = next ? next + 3 : NULL;
	}
	CHECK(words >= 3);
	struct buf back = BUF_INIT;
	decode_subject(s, &back);
	CHECK_STR(buf_str(&back), vi);
	/* A "=?" in plain ASCII would be read as an encoded word: encoded too. */
	buf_reset(&b);
	mail_encode_subject(&b, "a =?b");
	CHECK(!strncmp(buf_str(&b), "=?UTF-8?B?", 10));
	buf_free(&b);
	buf_free(&back);
}

static void bodies_are_quoted_printable(void)
{
	const char *text = "Kính gửi ông, bà\nMã hồ sơ: H29 = 1 \nDòng rất dài: "
			   "ábcdéfghíjklmnópqrstúvwxýzábcdéfghíjklmnópqrstúvwxýzábcdéfghíjklmnóp\n";
	struct buf qp = BUF_INIT, back = BUF_INIT;
	mail_encode_qp(&qp, text);
	const char *s = buf_str(&qp);
	for (const char *p = s; *p; ) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		CHECK(len <= 76);
		for (size_t i = 0; i < len; i++)
			CHECK((unsigned char)p[i] < 0x80);
		p = eol ? eol + 2 : p + len;
	}
	CHECK(strstr(s, "H29 =3D 1=20\r\n") != NULL);	/* '=' and the trailing space */
	decode_qp(s, &back);
	CHECK_STR(buf_str(&back), text);
	buf_free(&qp);
	buf_free(&back);
}

/* Files in dir (names into names[], up to max). */
static int list_dir(const char *dir, char names[][256], int max)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && n < max)
			snprintf(names[n++], 256, "%s", de->d_name);
	if (d)
		closedir(d);
	return n;
}

static void maildir_messages_appear_complete_in_new(void)
{
	char dir[] = "/tmp/motcua-test-maildir-XXXXXX", md[128], sub[160];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(md, sizeof(md), "%s/mail", dir);
	struct sender *s = sender_maildir_new(md, "no-reply@motcua.example");
	CHECK(s != NULL && !strcmp(s->name, "maildir"));
	struct outbox_row m = { .id = 42, .created_at = T("2026-01-05T09:00"),
				.recipient = "hoa@example.vn",
				.subject = "Hồ sơ H29.23-260105-0007 đã được tiếp nhận",
				.body = "Kính gửi Nguyễn Thị Hoa,\n\nHẹn trả kết quả: 08/01/2026.\n" };
	char err[128] = "";
	CHECK_INT(s->send(s, &m, T("2026-01-05T09:00"), err, sizeof(err)), SEND_OK);
	char names[4][256];
	snprintf(sub, sizeof(sub), "%s/tmp", md);
	CHECK_INT(list_dir(sub, names, 4), 0);
	snprintf(sub, sizeof(sub), "%s/new", md);
	CHECK_INT(list_dir(sub, names, 4), 1);
	CHECK(strstr(names[0], "Q42.") != NULL);
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", sub, names[0]);
	struct buf text = BUF_INIT;
	CHECK_INT(file_read(path, 1 << 20, &text), E_OK);
	const char *t = buf_str(&text);
	CHECK(!strncmp(t, "Date: Mon, 05 Jan 2026 09:00:00 +0700\nFrom: no-reply@motcua.example\n"
			  "To: hoa@example.vn\nSubject: =?UTF-8?B?", 103));
	CHECK(strstr(t, "\nMessage-ID: <motcua.42.") != NULL);
	CHECK(strstr(t, "@motcua.example>\n") != NULL);
	CHECK(strstr(t, "\nMIME-Version: 1.0\n") != NULL);
	CHECK(strstr(t, "\nContent-Type: text/plain; charset=utf-8\n") != NULL);
	CHECK(strstr(t, "\nContent-Transfer-Encoding: quoted-printable\n\n") != NULL);
	CHECK(!strchr(t, '\r'));
	CHECK(text.len > 0 && t[text.len - 1] == '\n');
	CHECK(strstr(t, "H=E1=BA=B9n tr=E1=BA=A3 k=E1=BA=BFt qu=E1=BA=A3: 08/01/2026") != NULL);
	unlink(path);
	sender_free(s);
	const char *subs[] = { "tmp", "new", "cur", "" };
	for (int i = 0; i < 4; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", md, subs[i]);
		rmdir(sub);
	}
	rmdir(dir);
	buf_free(&text);
}

static void sms_lines_are_escaped_to_one_line(void)
{
	struct buf b = BUF_INIT;
	sms_log_line(&b, T("2026-01-05T09:00"), "+84901234567",
		     "Hồ sơ H29\nbổ sung\r\tA\\B\x01");
	CHECK_STR(buf_str(&b), "2026-01-05T09:00:00+07:00\t+84901234567\t"
			       "Hồ sơ H29\\nbổ sung\\r\\tA\\\\B\\x01\n");
	buf_free(&b);
	/* The sender appends, one line per message. */
	char dir[] = "/tmp/motcua-test-sms-XXXXXX", path[96];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/sms.log", dir);
	struct sender *s = sender_smslog_new(path);
	struct outbox_row m = { .id = 1, .recipient = "0901234567", .body = "một\nhai" };
	char err[64];
	CHECK_INT(s->send(s, &m, T("2026-01-05T09:00"), err, sizeof(err)), SEND_OK);
	CHECK_INT(s->send(s, &m, T("2026-01-05T09:01"), err, sizeof(err)), SEND_OK);
	struct buf text = BUF_INIT;
	CHECK_INT(file_read(path, 4096, &text), E_OK);
	CHECK_STR(buf_str(&text), "2026-01-05T09:00:00+07:00\t0901234567\tmột\\nhai\n"
				  "2026-01-05T09:01:00+07:00\t0901234567\tmột\\nhai\n");
	sender_free(s);
	unlink(path);
	rmdir(dir);
	buf_free(&text);
}

static void recipients_come_from_the_account_then_the_applicant(void)
{
	struct notify_recipient r;
	notify_pick(APPLICANT, false, "", "", "", &r);
	CHECK_STR(r.email, "hoa@example.vn");
	CHECK_STR(r.phone, "0901234567");
	CHECK_INT(r.lang, NOTIFY_VI);
	notify_pick(APPLICANT, true, "acct@example.vn", "+84 912-345-678", "en", &r);
	CHECK_STR(r.email, "acct@example.vn");
	CHECK_STR(r.phone, "+84912345678");
	CHECK_INT(r.lang, NOTIFY_EN);
	notify_pick(APPLICANT, true, "", "", "vi", &r);	/* account without contact */
	CHECK_STR(r.email, "hoa@example.vn");
	notify_pick("{\"email\": \"a@b.vn\\r\\nBcc: x@y.vn\", \"phone\": \"12ab5678\"}", false,
		    NULL, NULL, NULL, &r);
	CHECK_STR(r.email, "");	/* header injection refused */
	CHECK_STR(r.phone, "");
	notify_pick("{\"lang\": \"en\", \"phone\": \"0901234567\"}", false, NULL, NULL, NULL, &r);
	CHECK_INT(r.lang, NOTIFY_EN);
	notify_pick("not json", false, NULL, NULL, NULL, &r);
	CHECK_STR(r.email, "");
}

static void backoff_doubles_up_to_the_cap(void)
{
	struct outbox_policy p = { .base_s = 60, .cap_s = 600, .lease_s = 300, .max_attempts = 5 };
	int64_t want[] = { 60, 120, 240, 480, 600, 600 };
	for (int k = 1; k <= 6; k++)
		CHECK_INT(outbox_backoff(&p, k), want[k - 1]);
	outbox_policy_default(&p);
	CHECK_INT(outbox_backoff(&p, 1), 60);
	CHECK_INT(outbox_backoff(&p, 40), 6 * 3600);
}

/* A sender whose answers the test scripts. */
struct fake_sender {
	struct sender base;
	enum send_status answer;
	int calls;
	int64_t last_id;
};

/* Count the call and give the scripted answer. */
static enum send_status fake_send(struct sender *s, const struct outbox_row *m, int64_t now,
				  char *err, size_t n)
{
	(void)now;
	struct fake_sender *f = (struct fake_sender *)s;
	f->calls++;
	f->last_id = m->id;
	if (f->answer != SEND_OK)
		snprintf(err, n, "451 try later");
	return f->answer;
}

/* The fake senders live on the stack: nothing to free. */
static void fake_free(struct sender *s)
{
	(void)s;
}

/* A submitted dossier with contact details (2 messages: email and SMS). */
static int64_t submit(struct fixture *f, const char *applicant, int64_t owner,
		      struct event_result *r)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "R3";
	in.unit_code = "H29.23";
	in.applicant = applicant;
	in.owner_id = owner;
	if (fix_ev(f, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T09:00", &in, r) != E_OK)
		return 0;
	return r->dossier_id;
}

static void delivery_retries_with_backoff_then_fails_for_good(void)
{
	struct fixture f;
	fix_open(&f);
	struct event_result r;
	int64_t id = submit(&f, APPLICANT, 0, &r);
	CHECK(id > 0);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_QUEUED), 2);
	struct fake_sender email = { { "fake", fake_send, fake_free }, SEND_RETRY, 0, 0 };
	struct fake_sender sms = { { "fake", fake_send, fake_free }, SEND_OK, 0, 0 };
	struct sender *senders[OUTBOX_CHANNEL__MAX] = { &email.base, &sms.base };
	struct outbox_policy p = { .base_s = 60, .cap_s = 200, .lease_s = 300, .max_attempts = 4 };
	int64_t t0 = T("2026-01-05T09:00");
	struct clock clk = { t0 };
	struct outbox_tally tally;
	CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
	CHECK_INT(tally.sent, 1);
	CHECK_INT(tally.retried, 1);
	struct outbox_row *rows;
	int n;
	CHECK_INT(outbox_store_list(f.db, id, &rows, &n), E_OK);
	CHECK_INT(n, 2);
	CHECK_INT(rows[0].channel, OUTBOX_EMAIL);
	CHECK_INT(rows[0].state, OUTBOX_QUEUED);
	CHECK_INT(rows[0].attempts, 1);
	CHECK_INT(rows[0].next_at, t0 + 60);
	CHECK_STR(rows[0].last_error, "451 try later");
	CHECK_STR(rows[0].kind, "submit");
	CHECK_STR(rows[0].code, r.code);
	CHECK_INT(rows[1].channel, OUTBOX_SMS);
	CHECK_INT(rows[1].state, OUTBOX_SENT);
	CHECK_INT(rows[1].sent_at, t0);
	outbox_rows_free(rows, n);
	/* Not due before its time. */
	clk.fixed = t0 + 59;
	CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
	CHECK_INT(email.calls, 1);
	/* Attempts 2, 3 at +60, then +120, +200 (cap); the 4th failure is final. */
	int64_t at = t0 + 60, waits[] = { 120, 200 };
	for (int k = 0; k < 2; k++) {
		clk.fixed = at;
		CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
		CHECK_INT(tally.retried, 1);
		CHECK_INT(outbox_store_list(f.db, id, &rows, &n), E_OK);
		CHECK_INT(rows[0].next_at, at + waits[k]);
		CHECK_INT(rows[0].attempts, k + 2);
		outbox_rows_free(rows, n);
		at += waits[k];
	}
	clk.fixed = at;
	CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
	CHECK_INT(tally.failed, 1);
	CHECK_INT(email.calls, 4);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_FAILED), 1);
	clk.fixed = at + 100000;
	CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
	CHECK_INT(email.calls, 4);	/* failed for good: never again */
	fix_close(&f);
}

static void a_permanent_refusal_fails_at_once(void)
{
	struct fixture f;
	fix_open(&f);
	struct event_result r;
	CHECK(submit(&f, APPLICANT, 0, &r) > 0);
	struct fake_sender fs = { { "fake", fake_send, fake_free }, SEND_PERMANENT, 0, 0 };
	struct sender *senders[OUTBOX_CHANNEL__MAX] = { &fs.base, NULL };
	struct outbox_policy p;
	outbox_policy_default(&p);
	struct clock clk = { T("2026-01-05T09:00") };
	struct outbox_tally tally;
	CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
	CHECK_INT(tally.failed, 1);
	CHECK_INT(tally.retried, 0);	/* the SMS: no sender for its channel, left queued */
	CHECK_INT(outbox_store_count(f.db, OUTBOX_FAILED), 1);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_QUEUED), 1);
	CHECK_INT(fix_int(&f, "SELECT attempts FROM outbox WHERE channel = 'sms'"), 0);
	fix_close(&f);
}

static void messages_are_queued_in_the_event_transaction(void)
{
	struct fixture f;
	fix_open(&f);
	struct event_result r;
	int64_t id = submit(&f, APPLICANT, 0, &r);
	CHECK(id > 0);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM outbox WHERE event_id = (SELECT id FROM "
			      "dossier_events WHERE kind = 'submit')"), 2);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM outbox WHERE channel = 'sms' AND body LIKE "
			      "'%H29.23-260105-%' AND recipient = '0901234567'"), 1);
	/* The lookup secret is never in a message. */
	char like[64];
	snprintf(like, sizeof(like), "%s", r.secret);
	CHECK(strlen(like) == LOOKUP_SECRET_LEN);
	struct outbox_row *rows;
	int n;
	CHECK_INT(outbox_store_list(f.db, id, &rows, &n), E_OK);
	for (int i = 0; i < n; i++)
		CHECK(!strstr(rows[i].body, r.secret) && !strstr(rows[i].subject, r.secret));
	outbox_rows_free(rows, n);
	/* A refused event (resolve from submitted) queues nothing. */
	CHECK_INT(fix_ev(&f, id, EV_RESOLVE, ROLE_LEADER, "2026-01-05T10:00", NULL, NULL),
		  E_REFUSED);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_STATE__MAX), 2);
	/* assign does not concern the applicant. */
	CHECK_INT(fix_ev(&f, id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T10:00", NULL, NULL), E_OK);
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.department = "H29.23.TP";
	CHECK_INT(fix_ev(&f, id, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:05", &in, NULL), E_OK);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_STATE__MAX), 4);
	/* A failure while queueing rolls the whole event back: no message, no event, no change
	 * of state. */
	sqlite3_exec(db_handle(f.db),
		     "CREATE TEMP TRIGGER no_sms BEFORE INSERT ON outbox WHEN NEW.channel = 'sms' "
		     "BEGIN SELECT RAISE(ABORT, 'test'); END", NULL, NULL, NULL);
	int64_t events = fix_int(&f, "SELECT count(*) FROM dossier_events");
	memset(&in, 0, sizeof(in));
	in.reason = "thiếu giấy tờ";
	in.items = "Bản sao CCCD";
	CHECK(fix_ev(&f, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T11:00", &in, NULL) !=
	      E_OK);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossier_events"), events);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_STATE__MAX), 4);	/* not even the email */
	CHECK_INT(fix_int(&f, "SELECT status = 'processing' FROM dossiers"), 1);
	sqlite3_exec(db_handle(f.db), "DROP TRIGGER no_sms", NULL, NULL, NULL);
	CHECK_INT(fix_ev(&f, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T11:00", &in, NULL),
		  E_OK);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_STATE__MAX), 6);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM outbox WHERE channel = 'email' AND body LIKE "
			      "'%Bản sao CCCD%' AND body LIKE '%Đăng ký khai sinh%'"), 1);
	fix_close(&f);
}

static void batch_mode_queues_nothing(void)
{
	struct fixture f;
	fix_open(&f);
	CHECK_INT(engine_batch_begin(f.e, f.db), E_OK);
	struct event_result r;
	CHECK(submit(&f, APPLICANT, 0, &r) > 0);
	CHECK_INT(engine_batch_commit(f.e, f.db), E_OK);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossiers"), 1);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_STATE__MAX), 0);
	fix_close(&f);
}

static void an_english_account_gets_english_messages(void)
{
	struct fixture f;
	fix_open(&f);
	sqlite3_exec(db_handle(f.db),
		     "INSERT INTO users (id, username, name, role, password_hash, created_at, email, "
		     "phone, lang) VALUES (5, 'hoa', 'Hoa', 'citizen', 'x', 0, 'acct@example.vn', "
		     "'', 'en')", NULL, NULL, NULL);
	struct event_result r;
	int64_t id = submit(&f, APPLICANT, 5, &r);
	CHECK(id > 0);
	struct outbox_row *rows;
	int n;
	CHECK_INT(outbox_store_list(f.db, id, &rows, &n), E_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(rows[0].recipient, "acct@example.vn");
		CHECK_STR(rows[0].lang, "en");
		CHECK(strstr(rows[0].subject, "has been submitted") != NULL);
		CHECK_STR(rows[1].recipient, "0901234567");	/* the applicant's phone */
	}
	outbox_rows_free(rows, n);
	/* No contact at all: nothing queued, the event still happens. */
	CHECK(submit(&f, "{\"name\": \"Lê Văn Tám\"}", 0, &r) > 0);
	CHECK_INT(outbox_store_count(f.db, OUTBOX_STATE__MAX), 2);
	fix_close(&f);
}

static void live_events_end_up_in_the_maildir_and_the_sms_log(void)
{
	struct fixture f;
	fix_open(&f);
	struct event_result r;
	int64_t id = submit(&f, APPLICANT, 0, &r);
	CHECK(id > 0);
	CHECK_INT(fix_ev(&f, id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T10:00", NULL, NULL), E_OK);
	char md[128], sms[128], sub[160];
	snprintf(md, sizeof(md), "%s/mail", f.dir);
	snprintf(sms, sizeof(sms), "%s/sms.log", f.dir);
	struct sender *senders[OUTBOX_CHANNEL__MAX] = { sender_maildir_new(md, "no-reply@x.vn"),
							 sender_smslog_new(sms) };
	struct outbox_policy p;
	outbox_policy_default(&p);
	struct clock clk = { T("2026-01-05T10:01") };
	struct outbox_tally tally;
	CHECK_INT(outbox_deliver(f.db, &clk, &p, senders, 0, &tally), E_OK);
	CHECK_INT(tally.sent, 4);
	char names[4][256];
	snprintf(sub, sizeof(sub), "%s/new", md);
	CHECK_INT(list_dir(sub, names, 4), 2);
	int with_code = 0;
	for (int i = 0; i < 2; i++) {
		char path[1200];
		snprintf(path, sizeof(path), "%s/%s", sub, names[i]);
		struct buf text = BUF_INIT, subject = BUF_INIT;
		CHECK_INT(file_read(path, 1 << 20, &text), E_OK);
		const char *h = strstr(buf_str(&text), "\nSubject: ");
		decode_subject(h ? h : "", &subject);
		with_code += strstr(buf_str(&subject), r.code) != NULL;
		buf_free(&text);
		buf_free(&subject);
		unlink(path);
	}
	CHECK_INT(with_code, 2);
	struct buf log = BUF_INIT;
	CHECK_INT(file_read(sms, 1 << 20, &log), E_OK);
	const char *second = strchr(buf_str(&log), '\n');
	CHECK(strstr(buf_str(&log), r.code) != NULL && second && strstr(second, r.code) != NULL);
	CHECK(strstr(buf_str(&log), "Hẹn trả kết quả: 08/01/2026") != NULL);
	buf_free(&log);
	unlink(sms);
	for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
		sender_free(senders[i]);
	const char *subs[] = { "tmp", "new", "cur", "" };
	for (int i = 0; i < 4; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", md, subs[i]);
		rmdir(sub);
	}
	fix_close(&f);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	RUN(templates_render_in_vietnamese_and_english);
	RUN(a_section_shows_only_when_its_value_is_given);
	RUN(a_template_with_an_unknown_value_is_refused);
	RUN(subjects_are_rfc2047_encoded_words);
	RUN(bodies_are_quoted_printable);
	RUN(maildir_messages_appear_complete_in_new);
	RUN(sms_lines_are_escaped_to_one_line);
	RUN(recipients_come_from_the_account_then_the_applicant);
	RUN(backoff_doubles_up_to_the_cap);
	RUN(delivery_retries_with_backoff_then_fails_for_good);
	RUN(a_permanent_refusal_fails_at_once);
	RUN(messages_are_queued_in_the_event_transaction);
	RUN(batch_mode_queues_nothing);
	RUN(an_english_account_gets_english_messages);
	RUN(live_events_end_up_in_the_maildir_and_the_sms_log);
	return harness_done("test_notify");
}
