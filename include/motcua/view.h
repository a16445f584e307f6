/* view.h - HTML views: a mustache subset over jansson values, the page layout and the
 * message catalogue (Vietnamese by default, English). See docs/templates.md for the syntax.
 *
 * Every templates/ **.html file is read and compiled ONCE by view_load(); rendering never
 * touches the disk, and the loaded view is read-only afterwards, so any number of threads may
 * render with one view at the same time (view_set_strict() belongs to start-up).
 *
 * Names: "catalog" is templates/catalog.html, "slips/01" is templates/slips/01.html,
 * {{>row}} is templates/partials/row.html. Error messages name the file relative to
 * templates/ and the line: "catalog.html:12: undefined key 'procedures'". */
#ifndef MOTCUA_VIEW_H
#define MOTCUA_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "motcua/buf.h"
#include "motcua/err.h"

/* Limits (style rule 8). A render that exceeds one fails with E_LIMIT. */
#define VIEW_MAX_FILE (1024 * 1024)		/* bytes of one template file */
#define VIEW_MAX_NESTING 64			/* sections open at once in one template */
#define VIEW_MAX_PARTIAL_DEPTH 16		/* partials inside partials while rendering */
#define VIEW_MAX_OUTPUT (16 * 1024 * 1024)	/* bytes one render may produce */
#define VIEW_MAX_STEPS (8 * 1024 * 1024)	/* template nodes one render may visit */

/* Supported languages; lang_names[] spells them as in cookies and <html lang>. */
enum lang { LANG_VI, LANG_EN, LANG__MAX };
extern const char *const lang_names[LANG__MAX];

struct view;	/* every template of a folder plus the message catalogue */
struct tmpl;	/* one compiled template */

/* Load templates_dir: compile every *.html below it (recursively, dot entries skipped), link
 * each {{>name}} to partials/name.html, and load i18n/vi.json and i18n/en.json, which must be
 * objects of message strings with exactly the same keys. On success *out is the view (free it
 * with view_free). On failure returns E_IO (unreadable file or folder) or E_INVALID (parse
 * error, unknown partial, bad or mismatched catalogue, file too big), writes a message naming
 * the file and line into why[0..n), and *out is NULL. */
enum err view_load(const char *templates_dir, struct view **out, char *why, size_t n);

/* Free a view and every template in it; NULL is allowed. */
void view_free(struct view *v);

/* Strict mode (tests): a name that resolves to nothing, in a variable or a section, makes the
 * render fail with E_INVALID. Default off (production): missing renders as empty / false. */
void view_set_strict(struct view *v, bool strict);

/* True when the view has a template of that name ("catalog", "slips/01"). */
bool view_has(const struct view *v, const char *name);

/* Append template `name` rendered with `data` (an object, or NULL for none) to out, without
 * the layout. The context also holds `t` (the catalogue of lang), `lang` ("vi"/"en") and
 * booleans `lang_vi` / `lang_en`; these names win over keys of the same name at the top of
 * data. lang is "vi" or "en"; anything else (or NULL) means "vi". Errors: E_NOTFOUND (no such
 * template), E_INVALID (strict mode: undefined key; or partial missing), E_LIMIT (see limits).
 * On error nothing is appended to out and why holds "file:line: message". data is borrowed. */
enum err view_render(const struct view *v, const char *name, json_t *data, const char *lang,
		     struct buf *out, char *why, size_t n);

/* Like view_render, then render templates/layout.html with the same context plus `content`:
 * the page's HTML, to be inserted raw with {{{content}}}. Same errors; E_NOTFOUND also when
 * there is no layout.html. On error nothing is appended to out. */
enum err view_render_page(const struct view *v, const char *name, json_t *data,
			  const char *lang, struct buf *out, char *why, size_t n);

/* --- Single templates from strings (tests, fuzzing) --- */

/* Compile text[0..len) (need not be NUL-terminated; any bytes) into *out; `name` is used in
 * messages ("catalog.html"). Errors: E_INVALID for an unterminated tag, an unclosed or
 * mismatched section, a bad name or an unsupported tag; E_LIMIT for sections nested deeper
 * than VIEW_MAX_NESTING. On error *out is NULL and why holds "name:line: message". The caller
 * frees *out with tmpl_free. */
enum err tmpl_compile(const char *text, size_t len, const char *name, struct tmpl **out,
		      char *why, size_t n);

/* Free a template compiled by tmpl_compile; NULL is allowed. */
void tmpl_free(struct tmpl *t);

/* Append t rendered with data (NULL allowed) to out. A template from tmpl_compile has no
 * partials: {{>x}} renders nothing, or fails in strict mode. Errors and the all-or-nothing
 * rule are those of view_render. */
enum err tmpl_render(const struct tmpl *t, json_t *data, bool strict, struct buf *out,
		     char *why, size_t n);

/* --- Messages (src/view/i18n.c) --- */

/* The language of a request: the cookie value if it is exactly "vi" or "en"; otherwise the
 * supported language with the highest q-value in Accept-Language (first one on a tie; "en-US"
 * counts as "en"; q=0 means refused); otherwise "vi". Either argument may be NULL or garbage.
 * Returns a static string. */
const char *i18n_pick(const char *cookie_lang, const char *accept_language);

/* The language index of "vi"/"en"; anything else (or NULL) gives LANG_VI. */
enum lang lang_from_name(const char *lang);

/* The message at a dotted key ("nav.lookup") in lang's catalogue, or the key itself when there
 * is none (so a missing message shows, and is found, instead of crashing). The string belongs
 * to the view (or is `dotted_key`). */
const char *i18n_text(const struct view *v, const char *lang, const char *dotted_key);

/* The whole catalogue object of lang (borrowed, read-only), e.g. to hand to JSON APIs. */
json_t *i18n_catalogue(const struct view *v, const char *lang);

#endif
