/* notify_template.c - the notification templates: loading templates/notify/<lang>/<event>.txt
 * and substituting {{name}} values. */
#include "motcua/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/fileio.h"
#include "motcua/notify_override_store.h"
#include "motcua/outbox_store.h"
#include "motcua/xalloc.h"

#define TEMPLATE_MAX_BYTES (16 * 1024)

const char *const notify_var_names[NV__MAX] = {
	[NV_NAME] = "name",	    [NV_CODE] = "code",		[NV_PROCEDURE] = "procedure",
	[NV_UNIT] = "unit",	    [NV_DUE] = "due",		[NV_DEADLINE] = "deadline",
	[NV_ITEMS] = "items",	    [NV_REASON] = "reason",	[NV_AMOUNT] = "amount",
	[NV_PROMISED] = "promised", [NV_TRACKING] = "tracking",
};

/* One event's template in one language: the three parts (owned). */
struct notify_template {
	char *subject, *sms, *body;
};

struct notify_templates {
	struct notify_template t[EV__MAX][NOTIFY_LANG__MAX];
};

/* See notify.h. */
bool notify_concerns(enum event_kind k)
{
	return (unsigned)k < EV__MAX && k != EV_ASSIGN && k != EV_TRANSFER && k != EV_RATE;
}

/* The variable named by text[0..len), or -1. */
static int var_index(const char *text, size_t len)
{
	for (int i = 0; i < NV__MAX; i++)
		if (strlen(notify_var_names[i]) == len && !memcmp(notify_var_names[i], text, len))
			return i;
	return -1;
}

/* Whether every {{...}}, {{#...}} and {{/...}} of text names a variable; *bad receives the first that does not. */
static bool names_known(const char *text, const char **bad)
{
	for (const char *p = text; (p = strstr(p, "{{")); ) {
		const char *end = strstr(p + 2, "}}");
		size_t skip = end && (p[2] == '#' || p[2] == '/') ? 1 : 0;
		if (!end || var_index(p + 2 + skip, (size_t)(end - p - 2) - skip) < 0) {
			*bad = p;
			return false;
		}
		p = end + 2;
	}
	return true;
}

/* Split a template file into its parts. false with why when malformed. */
static bool parse_template(char *text, struct notify_template *t, const char *path, char *why,
			   size_t n)
{
	char *p = text;
	while (*p && *p != '\n') {
		char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len >= 9 && !memcmp(p, "Subject: ", 9))
			t->subject = xstrndup(p + 9, len - 9);
		else if (len >= 5 && !memcmp(p, "SMS: ", 5))
			t->sms = xstrndup(p + 5, len - 5);
		else {
			snprintf(why, n, "%s: header lines are 'Subject: ' and 'SMS: ', then a blank line",
				 path);
			return false;
		}
		p = eol ? eol + 1 : p + len;
	}
	if (*p == '\n')
		p++;
	t->body = xstrdup(p);
	if (!t->subject || !t->sms || !*t->body) {
		snprintf(why, n, "%s: needs a Subject line, an SMS line and a body", path);
		return false;
	}
	const char *bad = NULL;
	if (!names_known(t->subject, &bad) || !names_known(t->sms, &bad) ||
	    !names_known(t->body, &bad)) {
		snprintf(why, n, "%s: unknown template value near '%.24s'", path, bad);
		return false;
	}
	return true;
}

/* See notify.h. */
bool notify_names_known(const char *text, char *bad, size_t n)
{
	const char *at = NULL;
	if (names_known(text, &at))
		return true;
	if (bad && n) {
		const char *end = strstr(at, "}}");
		size_t len = end ? (size_t)(end - at) + 2 : strlen(at);
		snprintf(bad, n, "%.*s", (int)(len < 60 ? len : 60), at);
	}
	return false;
}

/* See notify.h. */
bool notify_template_split(const char *text, char **subject, char **sms, char **body,
			   char *why, size_t n)
{
	struct notify_template t = { NULL, NULL, NULL };
	char *copy = xstrdup(text);
	bool ok = parse_template(copy, &t, "template", why, n);
	free(copy);
	if (!ok) {
		free(t.subject);
		free(t.sms);
		free(t.body);
		*subject = *sms = *body = NULL;
		return false;
	}
	*subject = t.subject;
	*sms = t.sms;
	*body = t.body;
	return true;
}

/* Replace template k/l of ts by the database's override when there is one (loaded from the
 * file first). A malformed override is logged by the caller's why and refused. */
static enum err apply_override(struct db *db, struct notify_templates *ts, int k, int l,
			       char *why, size_t n)
{
	char name[64];
	snprintf(name, sizeof(name), "%s/%s", outbox_lang_names[l],
		 event_kind_name((enum event_kind)k));
	char *text = NULL;
	enum err e = notify_override_store_get(db, name, &text);
	if (e == E_NOTFOUND)
		return E_OK;
	if (e != E_OK)
		return e;
	struct notify_template t = { NULL, NULL, NULL };
	bool ok = parse_template(text, &t, name, why, n);
	free(text);
	if (!ok) {
		free(t.subject);
		free(t.sms);
		free(t.body);
		return E_INVALID;
	}
	free(ts->t[k][l].subject);
	free(ts->t[k][l].sms);
	free(ts->t[k][l].body);
	ts->t[k][l] = t;
	return E_OK;
}

/* See notify.h. */
enum err notify_templates_load_db(const char *dir, struct db *db, struct notify_templates **out,
				  char *why, size_t n)
{
	char scratch[16];
	if (!why || !n) {
		why = scratch;
		n = sizeof(scratch);
	}
	enum err e = notify_templates_load(dir, out, why, n);
	for (int k = 0; e == E_OK && db && k < EV__MAX; k++)
		for (int l = 0; e == E_OK && notify_concerns((enum event_kind)k) &&
				l < NOTIFY_LANG__MAX; l++)
			e = apply_override(db, *out, k, l, why, n);
	if (e != E_OK && *out) {
		notify_templates_free(*out);
		*out = NULL;
	}
	return e;
}

/* See notify.h. */
enum err notify_templates_load(const char *dir, struct notify_templates **out, char *why,
			       size_t n)
{
	char scratch[16];
	if (!why || !n) {
		why = scratch;
		n = sizeof(scratch);
	}
	*out = NULL;
	struct notify_templates *ts = xcalloc(1, sizeof(*ts));
	for (int k = 0; k < EV__MAX; k++) {
		if (!notify_concerns((enum event_kind)k))
			continue;
		for (int l = 0; l < NOTIFY_LANG__MAX; l++) {
			struct buf path = BUF_INIT, text = BUF_INIT;
			buf_printf(&path, "%s/%s/%s.txt", dir, outbox_lang_names[l],
				   event_kind_name((enum event_kind)k));
			enum err e = file_read(buf_str(&path), TEMPLATE_MAX_BYTES, &text);
			if (e != E_OK) {
				snprintf(why, n, "cannot read %s", buf_str(&path));
			} else if (!parse_template((char *)buf_str(&text), &ts->t[k][l],
						   buf_str(&path), why, n)) {
				e = E_INVALID;
			}
			buf_free(&path);
			buf_free(&text);
			if (e != E_OK) {
				notify_templates_free(ts);
				return e == E_INVALID ? E_INVALID : E_IO;
			}
		}
	}
	*out = ts;
	return E_OK;
}

/* See notify.h. */
void notify_templates_free(struct notify_templates *ts)
{
	if (!ts)
		return;
	for (int k = 0; k < EV__MAX; k++)
		for (int l = 0; l < NOTIFY_LANG__MAX; l++) {
			free(ts->t[k][l].subject);
			free(ts->t[k][l].sms);
			free(ts->t[k][l].body);
		}
	free(ts);
}

/* See notify.h. */
void notify_substitute(struct buf *out, const char *text, const char *const vars[NV__MAX])
{
	const char *p = text;
	for (const char *open; (open = strstr(p, "{{")); ) {
		const char *end = strstr(open + 2, "}}");
		if (!end)
			break;
		buf_append(out, p, (size_t)(open - p));
		const char *name = open + 2;
		char kind = (*name == '#' || *name == '/') ? *name++ : 0;
		int v = var_index(name, (size_t)(end - name));
		p = end + 2;
		if (kind == '#' && v >= 0 && !(vars[v] && *vars[v])) {
			/* An empty section: skip to just after its {{/name}} (or the end). */
			char close[40];
			snprintf(close, sizeof(close), "{{/%s}}", notify_var_names[v]);
			const char *c = strstr(p, close);
			p = c ? c + strlen(close) : p + strlen(p);
		} else if (!kind && v >= 0 && vars[v]) {
			buf_puts(out, vars[v]);
		}
	}
	buf_puts(out, p);
}

/* See notify.h. */
enum err notify_render(const struct notify_templates *ts, enum event_kind k,
		       enum notify_lang lang, const char *const vars[NV__MAX],
		       struct notify_text *out)
{
	out->subject = (struct buf)BUF_INIT;
	out->sms = (struct buf)BUF_INIT;
	out->body = (struct buf)BUF_INIT;
	if (!notify_concerns(k))
		return E_NOTFOUND;
	if ((unsigned)lang >= NOTIFY_LANG__MAX)
		lang = NOTIFY_VI;
	const struct notify_template *t = &ts->t[k][lang];
	notify_substitute(&out->subject, t->subject, vars);
	notify_substitute(&out->sms, t->sms, vars);
	notify_substitute(&out->body, t->body, vars);
	buf_str(&out->subject);
	buf_str(&out->sms);
	buf_str(&out->body);
	return E_OK;
}

/* See notify.h. */
void notify_text_free(struct notify_text *out)
{
	buf_free(&out->subject);
	buf_free(&out->sms);
	buf_free(&out->body);
}
