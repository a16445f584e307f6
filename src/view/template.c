/* template.c - compile a mustache subset into a flat node list, render it over jansson values.
 *
 * A compiled template is a copy of its text plus an array of nodes pointing into it. A section
 * node is followed by its body; its `end` is the index just after the body, so the renderer
 * walks ranges of the array and never allocates for the structure. Standalone lines (a section,
 * close, comment or partial tag alone on its line) are dropped whole, as mustache does, so
 * templates can be indented without filling the page with blank lines. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

enum node_kind {
	N_TEXT,		/* literal bytes */
	N_VAR,		/* {{name}}: escaped */
	N_RAW,		/* {{{name}}} or {{&name}}: as is */
	N_SECTION,	/* {{#name}} ... {{/name}} */
	N_INVERTED,	/* {{^name}} ... {{/name}} */
	N_PARTIAL,	/* {{>name}} */
	N__MAX
};

struct node {
	enum node_kind kind;
	unsigned line;			/* line of the tag (of the start, for text) */
	const char *s;			/* text, or the name inside the tag */
	size_t len;
	size_t end;			/* sections: index just after the body */
	const struct tmpl *target;	/* partials, once linked */
};

struct tmpl {
	char *name;		/* "catalog.html" */
	char *src;		/* owned copy of the text; nodes point into it */
	struct node *nodes;
	size_t count;
	size_t cap;
};

/* Write "name:line: message" into why[0..n) when why is given. */
static void say(char *why, size_t n, const char *name, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void say(char *why, size_t n, const char *name, unsigned line, const char *fmt, ...)
{
	if (!why || !n)
		return;
	int k = snprintf(why, n, "%s:%u: ", name, line);
	if (k < 0 || (size_t)k >= n)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why + k, n - (size_t)k, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ compiling */

struct parser {
	struct tmpl *t;
	size_t open[VIEW_MAX_NESTING];	/* indexes of the open section nodes */
	size_t nopen;
	char *why;
	size_t n;
};

/* Append a node to t and return its index. Aborts on exhaustion. */
static size_t add_node(struct tmpl *t, enum node_kind kind, unsigned line, const char *s,
		       size_t len)
{
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->nodes = xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
	}
	struct node *nd = &t->nodes[t->count];
	nd->kind = kind;
	nd->line = line;
	nd->s = s;
	nd->len = len;
	nd->end = 0;
	nd->target = NULL;
	return t->count++;
}

/* Number of '\n' in [a, b). */
static unsigned count_lines(const char *a, const char *b)
{
	unsigned k = 0;
	for (; a < b; a++)
		k += *a == '\n';
	return k;
}

/* True for the blanks allowed around a name inside a tag. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True for the bytes of one name segment. */
static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* True when s[0..len) is "." or segments of name characters joined by sep. */
static bool valid_name(const char *s, size_t len, char sep)
{
	if (len == 1 && s[0] == '.' && sep == '.')
		return true;
	if (len == 0 || s[0] == sep || s[len - 1] == sep)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == sep) {
			if (s[i - 1] == sep)
				return false;
		} else if (!is_name_char(s[i])) {
			return false;
		}
	}
	return true;
}

/* Handle the tag whose inside (without braces, blanks trimmed) is in[0..len), sigil
 * included unless triple. Returns E_OK or the parse error (message in ps->why). */
static enum err parse_tag(struct parser *ps, const char *in, size_t len, bool triple,
			  unsigned line)
{
	struct tmpl *t = ps->t;
	enum node_kind kind = N_VAR;
	char sigil = triple ? '{' : (len ? in[0] : 0);

	switch (sigil) {
	case '!':
		return E_OK;
	case '#': kind = N_SECTION; break;
	case '^': kind = N_INVERTED; break;
	case '/': kind = N__MAX; break;	/* close */
	case '>': kind = N_PARTIAL; break;
	case '&': kind = N_RAW; break;
	case '{': kind = N_RAW; break;
	case '=':
		say(ps->why, ps->n, t->name, line, "changing delimiters is not supported");
		return E_INVALID;
	default: kind = N_VAR; break;
	}
	if (!triple && sigil && strchr("#^/>&", sigil)) {
		in++;
		len--;
		while (len && is_blank(*in)) {
			in++;
			len--;
		}
	}
	if (!valid_name(in, len, kind == N_PARTIAL ? '/' : '.')) {
		say(ps->why, ps->n, t->name, line, "bad name '%.*s' in a tag", (int)(len > 60 ? 60 : len),
		    in);
		return E_INVALID;
	}
	if (kind == N__MAX) {
		if (!ps->nopen) {
			say(ps->why, ps->n, t->name, line, "'{{/%.*s}}' closes no section", (int)len, in);
			return E_INVALID;
		}
		struct node *open = &t->nodes[ps->open[ps->nopen - 1]];
		if (open->len != len || memcmp(open->s, in, len) != 0) {
			say(ps->why, ps->n, t->name, line,
			    "'{{/%.*s}}' does not close '{{%c%.*s}}' opened at line %u", (int)len, in,
			    open->kind == N_SECTION ? '#' : '^', (int)open->len, open->s, open->line);
			return E_INVALID;
		}
		open->end = t->count;
		ps->nopen--;
		return E_OK;
	}
	size_t idx = add_node(t, kind, line, in, len);
	if (kind == N_SECTION || kind == N_INVERTED) {
		if (ps->nopen == VIEW_MAX_NESTING) {
			say(ps->why, ps->n, t->name, line, "sections nested deeper than %d",
			    VIEW_MAX_NESTING);
			return E_LIMIT;
		}
		ps->open[ps->nopen++] = idx;
	}
	return E_OK;
}

/* True for tags that leave no output, whose line is dropped when they stand alone on it. */
static bool may_stand_alone(char sigil)
{
	return sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' || sigil == '>';
}

/* Parse t->src[0..len) into t->nodes. */
static enum err parse(struct parser *ps, size_t len)
{
	struct tmpl *t = ps->t;
	const char *src = t->src, *end = src + len;
	const char *text = src;		/* start of pending literal text */
	unsigned line = 1;		/* line at `text` */

	for (;;) {
		const char *open = memmem(text, (size_t)(end - text), "{{", 2);
		if (!open) {
			if (end > text)
				add_node(t, N_TEXT, line, text, (size_t)(end - text));
			break;
		}
		unsigned tag_line = line + count_lines(text, open);
		bool triple = open + 2 < end && open[2] == '{';
		const char *in = open + (triple ? 3 : 2);
		const char *close = memmem(in, (size_t)(end - in), triple ? "}}}" : "}}",
					   triple ? 3 : 2);
		if (!close) {
			say(ps->why, ps->n, t->name, tag_line, "unterminated tag");
			return E_INVALID;
		}
		const char *after = close + (triple ? 3 : 2);
		const char *a = in, *b = close;
		while (a < b && is_blank(*a))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		char sigil = triple ? '{' : (a < b ? *a : 0);

		/* Standalone: only blanks between the line start and the tag, and between the tag
		 * and the end of the line, and no other tag earlier on the line. */
		const char *text_end = open, *next = after;
		if (may_stand_alone(sigil)) {
			const char *ls = open;
			while (ls > text && (ls[-1] == ' ' || ls[-1] == '\t'))
				ls--;
			bool at_line_start = ls == src || ls[-1] == '\n';
			const char *r = after;
			while (r < end && (r[0] == ' ' || r[0] == '\t'))
				r++;
			bool at_line_end = r == end || r[0] == '\n' ||
					   (r[0] == '\r' && r + 1 < end && r[1] == '\n');
			if (at_line_start && ls >= text && at_line_end) {
				text_end = ls;
				next = r == end ? end : r + (r[0] == '\r' ? 2 : 1);
			}
		}
		if (text_end > text)
			add_node(t, N_TEXT, line, text, (size_t)(text_end - text));
		enum err e = parse_tag(ps, a, (size_t)(b - a), triple, tag_line);
		if (e != E_OK)
			return e;
		line = tag_line + count_lines(open, next);
		text = next;
	}
	if (ps->nopen) {
		struct node *open = &t->nodes[ps->open[ps->nopen - 1]];
		say(ps->why, ps->n, t->name, open->line, "section '%.*s' is not closed",
		    (int)open->len, open->s);
		return E_INVALID;
	}
	return E_OK;
}

/* See view.h. */
enum err tmpl_compile(const char *text, size_t len, const char *name, struct tmpl **out,
		      char *why, size_t n)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name ? name : "template");
	t->src = xmalloc(len + 1);
	if (len)
		memcpy(t->src, text, len);
	t->src[len] = '\0';
	struct parser ps = { .t = t, .why = why, .n = n };
	enum err e = parse(&ps, len);
	if (e != E_OK) {
		tmpl_free(t);
		*out = NULL;
		return e;
	}
	*out = t;
	return E_OK;
}

/* See view.h. */
void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->src);
	free(t->name);
	free(t);
}

/* See internal.h. */
const char *tmpl_name(const struct tmpl *t)
{
	return t->name;
}

/* See internal.h. */
enum err tmpl_link(struct tmpl *t, tmpl_find_fn find, void *ctx, char *why, size_t n)
{
	for (size_t i = 0; i < t->count; i++) {
		struct node *nd = &t->nodes[i];
		if (nd->kind != N_PARTIAL)
			continue;
		nd->target = find(ctx, nd->s, nd->len);
		if (!nd->target) {
			say(why, n, t->name, nd->line, "unknown partial '%.*s' (partials/%.*s.html)",
			    (int)nd->len, nd->s, (int)nd->len, nd->s);
			return E_INVALID;
		}
	}
	return E_OK;
}

/* ------------------------------------------------------------------ rendering */

/* A resolved name: a JSON value, or a raw string from the environment (j NULL). */
struct val {
	json_t *j;
	const char *s;
	size_t n;
};

struct render {
	const struct render_env *env;
	json_t **stack;		/* context stack; [0] is the data when base is 1 */
	size_t depth;
	size_t cap;
	size_t base;		/* frames below the environment names: 1 with data, else 0 */
	json_t *first[16];	/* the stack until it grows */
	struct buf *out;
	size_t out_start;
	unsigned long steps;
	int partials;
	char *why;
	size_t n;
};

/* Push a context frame. */
static void push(struct render *r, json_t *j)
{
	if (r->depth == r->cap) {
		json_t **grown = xmalloc(2 * r->cap * sizeof(*r->stack));
		memcpy(grown, r->stack, r->depth * sizeof(*r->stack));
		if (r->stack != r->first)
			free(r->stack);
		r->stack = grown;
		r->cap *= 2;
	}
	r->stack[r->depth++] = j;
}

/* Find seg[0..len) among the environment names. */
static bool lookup_env(const struct render_env *env, const char *seg, size_t len,
		       struct val *v)
{
	if (!env)
		return false;
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(seg, lit, len) == 0)
	if (IS("t") && env->t) {
		v->j = env->t;
	} else if (IS("lang") && env->lang) {
		v->s = env->lang;
		v->n = strlen(env->lang);
	} else if (IS("lang_vi") && env->lang) {
		v->j = strcmp(env->lang, "vi") == 0 ? json_true() : json_false();
	} else if (IS("lang_en") && env->lang) {
		v->j = strcmp(env->lang, "en") == 0 ? json_true() : json_false();
	} else if (IS("content") && env->content) {
		v->s = env->content;
		v->n = env->content_len;
	} else {
		return false;
	}
#undef IS
	return true;
}

/* Resolve name[0..len): "." is the top frame; otherwise the first segment is searched from
 * the top of the stack down (the environment sits between the items and the data), and the
 * following segments descend into objects. False when it resolves to nothing. */
static bool lookup(const struct render *r, const char *name, size_t len, struct val *v)
{
	v->j = NULL;
	v->s = NULL;
	v->n = 0;
	if (len == 1 && name[0] == '.') {
		if (!r->depth)
			return false;
		v->j = r->stack[r->depth - 1];
		return true;
	}
	const char *dot = memchr(name, '.', len);
	size_t seglen = dot ? (size_t)(dot - name) : len;
	bool found = false;
	for (size_t i = r->depth; i > r->base && !found; i--) {
		json_t *f = r->stack[i - 1];
		if (json_is_object(f) && (v->j = json_object_getn(f, name, seglen)))
			found = true;
	}
	if (!found)
		found = lookup_env(r->env, name, seglen, v);
	if (!found && r->base && json_is_object(r->stack[0]) &&
	    (v->j = json_object_getn(r->stack[0], name, seglen)))
		found = true;
	while (found && dot) {
		const char *seg = dot + 1;
		size_t rest = len - (size_t)(seg - name);
		dot = memchr(seg, '.', rest);
		seglen = dot ? (size_t)(dot - seg) : rest;
		if (!v->j || !json_is_object(v->j))
			found = false;
		else
			found = (v->j = json_object_getn(v->j, seg, seglen)) != NULL;
	}
	if (!found) {
		v->j = NULL;
		v->s = NULL;
	}
	return found;
}

/* Append a decimal integer. */
static void put_int(struct buf *b, long long x)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);
	unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (x < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* Append a real: as an integer when integral, else with up to two decimals ("2.5"). */
static void put_real(struct buf *b, double d)
{
	char tmp[512];
	if (d > -1e15 && d < 1e15 && (double)(long long)d == d) {
		put_int(b, (long long)d);
		return;
	}
	int k = snprintf(tmp, sizeof(tmp), "%.2f", d);
	if (k <= 0 || (size_t)k >= sizeof(tmp))
		return;
	if (memchr(tmp, '.', (size_t)k)) {
		while (tmp[k - 1] == '0')
			k--;
		if (tmp[k - 1] == '.')
			k--;
	}
	if (k == 2 && tmp[0] == '-' && tmp[1] == '0')	/* -0.001 */
		buf_putc(b, '0');
	else
		buf_append(b, tmp, (size_t)k);
}

/* Fail the render with code e: roll back the output; the message is already in r->why. */
static enum err fail(struct render *r, enum err e)
{
	r->out->len = r->out_start;
	if (r->out->data)
		r->out->data[r->out_start] = '\0';
	return e;
}

/* Output a variable node's value. */
static enum err put_var(struct render *r, const struct tmpl *t, const struct node *nd,
			const struct val *v)
{
	struct buf *b = r->out;
	bool raw = nd->kind == N_RAW;
	if (!v->j) {
		if (raw)
			buf_append(b, v->s, v->n);
		else
			buf_put_html(b, v->s, v->n);
		return E_OK;
	}
	switch (json_typeof(v->j)) {
	case JSON_STRING:
		if (raw)
			buf_append(b, json_string_value(v->j), json_string_length(v->j));
		else
			buf_put_html(b, json_string_value(v->j), json_string_length(v->j));
		break;
	case JSON_INTEGER: put_int(b, json_integer_value(v->j)); break;
	case JSON_REAL: put_real(b, json_real_value(v->j)); break;
	case JSON_TRUE: buf_puts(b, "true"); break;
	case JSON_FALSE: buf_puts(b, "false"); break;
	case JSON_NULL: break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (r->env->strict) {
			say(r->why, r->n, t->name, nd->line, "key '%.*s' is an %s, not a value",
			    (int)nd->len, nd->s, json_is_object(v->j) ? "object" : "array");
			return E_INVALID;
		}
		break;
	}
	return E_OK;
}

/* True when a section over v renders its body. */
static bool truthy(const struct val *v)
{
	if (!v->j)
		return v->s && v->n;
	switch (json_typeof(v->j)) {
	case JSON_ARRAY: return json_array_size(v->j) > 0;
	case JSON_STRING: return json_string_length(v->j) > 0;
	case JSON_OBJECT:
	case JSON_INTEGER:
	case JSON_REAL:
	case JSON_TRUE: return true;
	case JSON_FALSE:
	case JSON_NULL: return false;
	}
	return false;
}

static enum err render_range(struct render *r, const struct tmpl *t, size_t from, size_t to);

/* Render a section's body [i+1, end) over v: once per element of an array, once with v
 * pushed for any other true value. */
static enum err render_section(struct render *r, const struct tmpl *t, size_t i,
			       const struct val *v)
{
	const struct node *nd = &t->nodes[i];
	enum err e = E_OK;
	if (!v->j)
		return render_range(r, t, i + 1, nd->end);
	if (json_is_array(v->j)) {
		size_t k;
		json_t *item;
		json_array_foreach(v->j, k, item) {
			push(r, item);
			e = render_range(r, t, i + 1, nd->end);
			r->depth--;
			if (e != E_OK)
				break;
		}
		return e;
	}
	push(r, v->j);
	e = render_range(r, t, i + 1, nd->end);
	r->depth--;
	return e;
}

/* Render the nodes [from, to) of t. */
static enum err render_range(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	for (size_t i = from; i < to;) {
		const struct node *nd = &t->nodes[i];
		struct val v;
		bool found;
		enum err e = E_OK;
		if (++r->steps > VIEW_MAX_STEPS) {
			say(r->why, r->n, t->name, nd->line, "render exceeds %d steps",
			    VIEW_MAX_STEPS);
			return E_LIMIT;
		}
		switch (nd->kind) {
		case N_TEXT:
			buf_append(r->out, nd->s, nd->len);
			break;
		case N_VAR:
		case N_RAW:
		case N_SECTION:
		case N_INVERTED:
			found = lookup(r, nd->s, nd->len, &v);
			if (!found && r->env->strict) {
				say(r->why, r->n, t->name, nd->line, "undefined key '%.*s'",
				    (int)nd->len, nd->s);
				return E_INVALID;
			}
			if (nd->kind == N_VAR || nd->kind == N_RAW) {
				if (found)
					e = put_var(r, t, nd, &v);
			} else {
				bool on = truthy(&v);
				if (nd->kind == N_SECTION && on)
					e = render_section(r, t, i, &v);
				else if (nd->kind == N_INVERTED && !on)
					e = render_range(r, t, i + 1, nd->end);
				i = nd->end;
				if (e != E_OK)
					return e;
				continue;
			}
			break;
		case N_PARTIAL:
			if (!nd->target) {
				if (r->env->strict) {
					say(r->why, r->n, t->name, nd->line, "unknown partial '%.*s'",
					    (int)nd->len, nd->s);
					return E_INVALID;
				}
				break;
			}
			if (r->partials >= VIEW_MAX_PARTIAL_DEPTH) {
				say(r->why, r->n, t->name, nd->line, "partials nested deeper than %d",
				    VIEW_MAX_PARTIAL_DEPTH);
				return E_LIMIT;
			}
			r->partials++;
			e = render_range(r, nd->target, 0, nd->target->count);
			r->partials--;
			break;
		case N__MAX:
			break;
		}
		if (e != E_OK)
			return e;
		if (r->out->len - r->out_start > VIEW_MAX_OUTPUT) {
			say(r->why, r->n, t->name, nd->line, "output exceeds %d bytes",
			    VIEW_MAX_OUTPUT);
			return E_LIMIT;
		}
		i++;
	}
	return E_OK;
}

/* See internal.h. */
enum err tmpl_render_env(const struct tmpl *t, json_t *data, const struct render_env *env,
			 struct buf *out, char *why, size_t n)
{
	struct render r = {
		.env = env,
		.cap = 16,
		.out = out,
		.out_start = out->len,
		.why = why,
		.n = n,
	};
	r.stack = r.first;
	if (data) {
		push(&r, data);
		r.base = 1;
	}
	enum err e = render_range(&r, t, 0, t->count);
	if (r.stack != r.first)
		free(r.stack);
	return e == E_OK ? E_OK : fail(&r, e);
}

/* See view.h. */
enum err tmpl_render(const struct tmpl *t, json_t *data, bool strict, struct buf *out,
		     char *why, size_t n)
{
	struct render_env env = { .strict = strict };
	return tmpl_render_env(t, data, &env, out, why, n);
}
