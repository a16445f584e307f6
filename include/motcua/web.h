/* web.h - the application side of the server (src/web/): shared state, per-thread database
 * connections, page rendering, the route table and the hooks given to src/http/. */
#ifndef MOTCUA_WEB_H
#define MOTCUA_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "motcua/account.h"
#include "motcua/api_token_store.h"
#include "motcua/db.h"
#include "motcua/export.h"
#include "motcua/http.h"
#include "motcua/idcheck.h"
#include "motcua/role.h"
#include "motcua/secret.h"
#include "motcua/view.h"

#define LOOKUP_FAILURES_PER_MINUTE 10
#define SESSION_COOKIE "sid"	/* the session token (HttpOnly, SameSite=Lax) */
#define CSRF_COOKIE "csrf"	/* the anonymous double-submit token, signed with app->key */

/* Process-wide state, created by `motcua serve` before the server starts and read-only while
 * it runs (the rate limiter locks internally). */
struct app {
	const char *db_path;
	struct view *view;
	unsigned char key[SERVER_KEY_BYTES];
	struct ratelimit *lookup_failures;	/* failed status lookups per client address */
	const char *files_dir;		/* the file store (uploads by hash) */
	size_t upload_max;		/* bytes per uploaded file (http_limits.file_max) */
	unsigned uploads_max;		/* files per request (http_limits.files_max) */
	struct accounts *accounts;		/* sign-in policy, Argon2id gate, dummy hash */
	struct clock clock;			/* real time in the server */
	/* Public base URL of the site without a trailing slash ("https://dvc.example.vn"), for
	 * links that leave the site (the QR code of the status lookup): --public-url, else
	 * http://<bind or 127.0.0.1>:<port>. Set before the server answers its first request. */
	char public_url[256];
};

/* The signed-in account of a request: set by the identify hook from the session cookie,
 * read with web_user(req) (NULL when anonymous). Strings live as long as the request. */
struct web_user {
	int64_t id;		/* users.id */
	int64_t session_id;	/* sessions.id of the session this request came with */
	enum role role;
	int64_t unit_id;	/* 0 for citizens */
	const char *username;
	const char *name;	/* full name, for display */
	const char *unit_code;	/* NULL for citizens */
};

/* Start-up repairs before serving, on a connection of its own: settle the files a removal
 * hid and a crash left (documents_settle_hidden) and sweep old session rows (session_sweep,
 * which also schedules the next hourly sweep). E_DB when the database cannot be opened or
 * swept (logged); the server may still start. */
enum err web_startup(struct app *app);

/* The signed-in account of req, or NULL when the request is anonymous. */
const struct web_user *web_user(struct request *req);

/* The route table (static storage) and its length. */
const struct route *web_routes(size_t *n);
/* Hooks for http_server_start bound to app. */
struct http_hooks web_hooks(struct app *app);

/* The calling thread's database connection, opened on first use with app->db_path; NULL
 * (after logging) when it cannot be opened. Owned by the thread; closed by web_close_dbs(). */
struct db *web_db(struct request *req);
/* The calling thread's dossier engine over web_db(req), opened on first use (calendar and
 * cached catalogue facts: see engine_open); NULL (after logging) when it cannot be opened.
 * Freed with the thread's connection (web_thread_exit). */
struct engine *web_engine(struct request *req);
/* Tell every server thread's engine to reload its cached procedures, units, calendar and
 * notification templates before its next event (call after committing a change to the catalogue, the units or the
 * calendar from a page). Thread-safe, lock-free. */
void web_engine_invalidate(void);
/* Close every connection opened by web_db() (call after http_server_stop). */
void web_close_dbs(void);
/* Thread-exit hook for http_server_on_thread_exit: closes this thread's connection. */
void web_thread_exit(void);

/* The request's language: "vi" or "en" (cookie "lang", then Accept-Language). */
const char *web_lang(struct request *req);
/* Message at dotted key in the request's language. */
const char *web_text(struct request *req, const char *key);
/* text with every "{name}" replaced by value (the request's arena; text itself when none). */
const char *web_fill(struct request *req, const char *text, const char *name, const char *value);
/* Whether one of the objects of list has member key equal to value (a string member, or an
 * integer member written in decimal): a choice sent by a form is one the page offered. */
bool web_listed(json_t *list, const char *key, const char *value);
/* An amount of VND for people in the request's language ("15.000 đ"), in the arena. */
const char *web_vnd(struct request *req, int64_t amount);
/* Render templates/<name>.html inside the layout with data (stolen) plus the common keys
 * (lang links, navigation, csrf token, title; "refresh": seconds of a <meta> refresh when
 * data sets it, else false) and send it with status. A render failure is
 * logged and answered with a plain 500 page; nothing internal is shown. */
void web_page(struct request *req, struct response *res, int status, const char *name,
	      const char *title, json_t *data);
/* The CSRF token forms of this page must carry: bound to the session when signed in, else the
 * anonymous double-submit cookie "csrf" (random part + keyed MAC), creating and setting it on
 * res when missing or not signed by this server. The string lives as long as the request. */
const char *web_csrf(struct request *req, struct response *res);
/* The token a POST of req must carry (the csrf_token hook): the session-bound token, or the
 * anonymous cookie when it is signed by this server; NULL otherwise. */
const char *web_csrf_expected(struct request *req);
/* next when it is a local return path: "/" alone or "/" then a character other than '/' and
 * '\\', with no backslash and no control character, checked both as given and after one
 * more percent-decoding; otherwise "/". Spaces and non-ASCII bytes are percent-encoded in
 * the result (in the request arena), so it can go into a Location header. */
const char *web_local_path(struct request *req, const char *next);
/* The request's raw path percent-encoded as a query value (for "?next=" links), in the arena. */
const char *web_next_param(struct request *req);
/* The check behind web_local_path (true when next may be used as it is). */
bool web_local_path_ok(const char *next);

/* The catalogue editor (issue 10 §3, helper "catalog"; src/web/admin_catalog*.c,
 * docs/admin-catalog.md): administrators of a root unit only (others 403). */
void page_admin_catalog(struct request *req, struct response *res);
void page_admin_procedure(struct request *req, struct response *res);
void page_admin_procedure_post(struct request *req, struct response *res);
void page_admin_procedure_publish(struct request *req, struct response *res);
void page_admin_procedure_unpublish(struct request *req, struct response *res);
void page_admin_procedure_republish(struct request *req, struct response *res);
void page_admin_procedure_discard(struct request *req, struct response *res);
void page_admin_procedure_preview(struct request *req, struct response *res);
const struct field_spec *admin_catalog_form(struct request *req);

/* Handlers of the public pages (src/web/public.c). */
void page_home(struct request *req, struct response *res);
void page_catalog(struct request *req, struct response *res);
void page_procedure(struct request *req, struct response *res);
void page_lookup(struct request *req, struct response *res);
void page_lookup_post(struct request *req, struct response *res);
void page_lang(struct request *req, struct response *res);
void page_healthz(struct request *req, struct response *res);

/* Message at key with "{max}" replaced by the file size cap ("10 MB") and "{n}" by the files
 * per request cap, in the request's language; lives as long as the request. */
const char *web_upload_limit_text(struct request *req, const char *key);

/* The status lookup of dossier code as a QR code (inline SVG, in the arena): it encodes
 * <public url>/tra-cuu?ma=<code> (never the lookup secret). NULL after logging on failure. */
const char *web_lookup_qr(struct request *req, const char *code);

/* Online payment of a dossier's fees and the sandbox gateway (src/web/payments.c). */
void page_payment(struct request *req, struct response *res);
void page_payment_start(struct request *req, struct response *res);
void page_payment_return(struct request *req, struct response *res);
void page_payment_callback(struct request *req, struct response *res);
void page_receipt(struct request *req, struct response *res);
void page_sandbox_pay(struct request *req, struct response *res);
void page_sandbox_pay_post(struct request *req, struct response *res);

/* Send the stored file of hash (kind "pdf"/"jpeg"/"png") as a download named file_name
 * (ASCII fallback and RFC 5987 UTF-8 name), private and not cached; 500 (logged) when the file
 * cannot be read. */
void web_send_file(struct request *req, struct response *res, const char *hash, const char *kind,
		   const char *file_name);

/* The same, shown inline (Content-Disposition inline) and framable by the site's own pages
 * (res_frame_self): the staff dossier page shows PDFs and images in place. The caller has
 * checked who may read it, as for web_send_file. */
void web_show_file(struct request *req, struct response *res, const char *hash, const char *kind,
		   const char *file_name);

/* The one-stop shop's dossier page and its actions (issue 8, helper "desk": src/web/desk.c,
 * desk_actions.c; docs/desk.md). */
void page_desk_dossier(struct request *req, struct response *res);
void page_desk_file(struct request *req, struct response *res);
void page_desk_receive(struct request *req, struct response *res);
void page_desk_refuse(struct request *req, struct response *res);
void page_desk_request_supplement(struct request *req, struct response *res);
void page_desk_supplement(struct request *req, struct response *res);
void page_desk_assign(struct request *req, struct response *res);
void page_desk_transfer(struct request *req, struct response *res);
void page_desk_request_payment(struct request *req, struct response *res);
void page_desk_pay(struct request *req, struct response *res);
void page_desk_apologise(struct request *req, struct response *res);
void page_desk_resolve(struct request *req, struct response *res);
void page_desk_stop(struct request *req, struct response *res);
void page_desk_return(struct request *req, struct response *res);
void page_desk_withdraw(struct request *req, struct response *res);

/* "Giấy tờ của tôi", the signed-in account's personal documents (src/web/documents.c). */
void page_documents(struct request *req, struct response *res);
void page_documents_upload(struct request *req, struct response *res);
void page_document_download(struct request *req, struct response *res);
void page_document_remove(struct request *req, struct response *res);
/* Settle every file a removal hid under files_dir/tmp/ and a crash left there (see
 * attachment_settle_hidden): put back when its row exists, deleted otherwise. Returns how
 * many were settled. For start-up (web_startup). */
unsigned documents_settle_hidden(struct app *app, struct db *db);
/* The citizen portal (src/web/wizard*.c, dossiers.c, dossier_actions.c; docs/citizen.md). */
const struct field_spec *wizard_form(struct request *req);
void page_wizard_new(struct request *req, struct response *res);
void page_wizard_post(struct request *req, struct response *res);
void page_draft(struct request *req, struct response *res);
void page_draft_delete(struct request *req, struct response *res);
void page_draft_file(struct request *req, struct response *res);
void page_my_dossiers(struct request *req, struct response *res);
void page_my_dossier(struct request *req, struct response *res);
void page_dossier_file(struct request *req, struct response *res);
void page_supplement_post(struct request *req, struct response *res);
void page_withdraw(struct request *req, struct response *res);
void page_withdraw_post(struct request *req, struct response *res);
void page_rate_post(struct request *req, struct response *res);
void page_feedback_post(struct request *req, struct response *res);
/* Statutory slips and the ledger (issue 8 items 9 and 5; src/web/slips.c, slip_ledger.c;
 * docs/slips.md). */
void page_slip_staff(struct request *req, struct response *res);
void page_slip_owner(struct request *req, struct response *res);
void page_slip_index_staff(struct request *req, struct response *res);
void page_slip_index_owner(struct request *req, struct response *res);
void page_ledger(struct request *req, struct response *res);
/* Handlers of sign-in, sign-out and "my account" (src/web/account.c). */
void page_signin(struct request *req, struct response *res);
void page_signin_post(struct request *req, struct response *res);
void page_signout_post(struct request *req, struct response *res);
void page_account(struct request *req, struct response *res);
void page_password_post(struct request *req, struct response *res);
/* Registration and the email confirmation link (src/web/register.c). */
void page_register(struct request *req, struct response *res);
void page_register_post(struct request *req, struct response *res);
void page_confirm_email(struct request *req, struct response *res);
/* The 403 answer to an anonymous GET of a signed-in page: the sign-in form, returning to the
 * page after signing in. */
void web_signin_required(struct request *req, struct response *res);

/* One-stop shop intake (issue 8 items 2, 3, 5; src/web/intake*.c, docs/intake.md). */
void page_intake_queue(struct request *req, struct response *res);
void page_ready_queue(struct request *req, struct response *res);
void page_intake_choose(struct request *req, struct response *res);
void page_intake_new(struct request *req, struct response *res);
void page_intake_post(struct request *req, struct response *res);
void page_intake_fee_receipt(struct request *req, struct response *res);
/* The counter intake form's fields for the procedure of the path (form_for). */
const struct field_spec *intake_form(struct request *req);
/* Issue 8: the staff home, work lists, search and feedback queue (helper "work":
 * src/web/staff_home.c, worklists.c, search.c, staff_feedback.c; docs/worklists.md). */
void page_staff_home(struct request *req, struct response *res);
void page_worklist(struct request *req, struct response *res);
void page_search_staff(struct request *req, struct response *res);
void page_search_csv(struct request *req, struct response *res);
void page_search_xlsx(struct request *req, struct response *res);
void page_search_print(struct request *req, struct response *res);
/* Bulk assign from the search page (src/web/search_assign.c; docs/worklists.md). */
void page_search_assign(struct request *req, struct response *res);
void page_staff_feedback(struct request *req, struct response *res);
void page_staff_feedback_post(struct request *req, struct response *res);
/* Issue 10 §2 and §4 (helper "units": src/web/admin_units.c, admin_calendar.c;
 * docs/admin-units.md, docs/calendar-changes.md): the units tree and the calendar. */
void page_admin_units(struct request *req, struct response *res);
void page_admin_unit_add(struct request *req, struct response *res);
void page_admin_unit(struct request *req, struct response *res);
void page_admin_unit_edit(struct request *req, struct response *res);
void page_admin_unit_move(struct request *req, struct response *res);
void page_admin_unit_close(struct request *req, struct response *res);
void page_admin_calendar(struct request *req, struct response *res);
void page_admin_calendar_post(struct request *req, struct response *res);
/* The staff timeline's note of a reschedule or move_unit entry ev (members kind, data) in
 * the request's language: the due date before and after and the calendar day, or the units
 * from and to. Other entries are left as they are. */
void web_admin_event_note(struct request *req, json_t *ev);
/* Issue 10 §8, §5, §6 (helper "audit": src/web/view_log_web.c, admin_log.c, admin_import*.c,
 * admin_notify.c; docs/accountability.md, docs/admin-imports.md). */
/* The staff views of a dossier for its owner's page: {"any": bool, "failed": bool, "rows":
 * [{"viewer","unit","what","what_text","at","at_text" ("dd/mm/yyyy hh:mm"),"iso"}]} newest
 * first; on a database error no rows and "failed" (logged). */
json_t *web_dossier_views(struct request *req, int64_t dossier_id);
/* /quan-tri/nhap: the upload page, an upload, one import's summary or progress. */
void page_admin_imports(struct request *req, struct response *res);
void page_admin_import_post(struct request *req, struct response *res);
void page_admin_import_job(struct request *req, struct response *res);
/* /quan-tri/nhat-ky: the administrative record. */
void page_admin_log(struct request *req, struct response *res);
/* /quan-tri/cai-dat/thong-bao: notification templates (list, edit, preview/save/reset). */
void page_admin_notify_list(struct request *req, struct response *res);
void page_admin_notify_edit(struct request *req, struct response *res);
void page_admin_notify_post(struct request *req, struct response *res);
/* Issue 9, the leader's dashboard (helper "dash": src/web/dash_*.c, docs/dashboard.md):
 * the on-time table, its drill-down lists, their CSV/XLSX exports and the printable report. */
void page_dashboard(struct request *req, struct response *res);
void page_dashboard_print(struct request *req, struct response *res);
void page_dashboard_export(struct request *req, struct response *res);
void page_dashboard_list(struct request *req, struct response *res);
void page_dashboard_list_export(struct request *req, struct response *res);
/* The sub-menu of every /bao-cao page: a page includes {{>report_menu}} and puts
 * "dash_nav": web_report_nav("overview" | "charts" | "risk" | "ranking" | "index766" | "par")
 * into its view (the current page is marked aria-current). New object. */
json_t *web_report_nav(const char *current);
/* What is due for the signed-in staff member (overdue + due today in their subtree), for the
 * navigation badge; 0 for citizens, anonymous requests and on any error. */
int64_t web_staff_due(struct request *req);

/* Issue 9 (helper "risk"; docs/at-risk.md, docs/charts.md): the leader's charts, the at-risk
 * list with apologies due and its exports (src/web/risk_*.c). */
void page_risk_charts(struct request *req, struct response *res);
void page_risk_atrisk(struct request *req, struct response *res);
void page_risk_atrisk_csv(struct request *req, struct response *res);
void page_risk_atrisk_xlsx(struct request *req, struct response *res);
/* The projection of the on-time rate of local days [from, to] for the signed-in account's
 * unit subtree (atrisk_projection over report_ontime), as the data of the partial
 * templates/partials/risk_projection.html: set it as "risk_projection" in a page's view and
 * write {{>risk_projection}}. NULL when the account has no unit or the report fails. */
json_t *web_risk_projection(struct request *req, int64_t from, int64_t to);
/* Issue 9 §3, §5, §6 and issue 10 §6 (helper "index"; src/web/index*.c, par_page.c,
 * ranking_page.c; docs/index766.md, docs/par.md): the Decision 766 page and its entered
 * indicators, the PAR index and its entered criteria, the rankings, and the administrator's
 * settings pages that load the 766 configuration and the PAR criteria. */
void page_index766(struct request *req, struct response *res);
void page_index766_enter(struct request *req, struct response *res);
void page_par(struct request *req, struct response *res);
void page_par_enter(struct request *req, struct response *res);
void page_ranking(struct request *req, struct response *res);
void page_settings_766(struct request *req, struct response *res);
void page_settings_766_post(struct request *req, struct response *res);
void page_settings_par(struct request *req, struct response *res);
void page_settings_par_post(struct request *req, struct response *res);
/* Issue 9 §7-9 and issue 10 §6 (helper "api": exports, the reports API, API tokens, the
 * transparency page; docs/api.md, docs/exports.md). */
/* The folder a request's export is written in (files_dir/tmp, created when missing), in the
 * request's arena. */
const char *web_export_dir(struct request *req);
/* Finish x (consumed) and send it as an attachment named basename.csv|.xlsx, not cached; a
 * failure to finish is answered with the 500 page. */
void web_export_send(struct request *req, struct response *res, struct export *x,
		     enum export_format f, const char *basename);
/* The identify hook's part for "Authorization: Bearer TOKEN" (src/web/api.c): a live token
 * gives the request ROLE_BIT_TOKEN alone and web_token(); anything else leaves it anonymous
 * with web_token_refused() set ("invalid_token" or "revoked_token"). The session cookie is
 * not read for such a request. */
void web_identify_token(struct request *req, const char *authorization);
/* The API token of the request (NULL when none). */
const struct api_token_row *web_token(struct request *req);
/* Why the request's token was refused (NULL when none was presented or it is live). */
const char *web_token_refused(struct request *req);
/* Set both (web_identify_token). */
void web_set_token(struct request *req, const struct api_token_row *t, const char *refused);
/* Answer a JSON error {"error": {"code", "status", "message"}} (the reports API). */
void web_api_error(struct request *req, struct response *res, int status, const char *code);
/* GET /api/v1/reports/ontime and /api/v1/reports/index766 (src/web/api.c). */
void api_report_ontime(struct request *req, struct response *res);
void api_report_index766(struct request *req, struct response *res);
/* /quan-tri/cai-dat/token: an administrator's API tokens (src/web/admin_tokens.c). */
void page_admin_tokens(struct request *req, struct response *res);
void page_admin_tokens_post(struct request *req, struct response *res);
void page_admin_token_revoke(struct request *req, struct response *res);
void page_admin_token_revoke_post(struct request *req, struct response *res);
/* GET /minh-bach, the public transparency page (src/web/transparency.c). */
void page_transparency(struct request *req, struct response *res);
/* Issue 10 items 1, 7 (helper "users"; docs/admin-users.md, docs/two-factor.md): the
 * administration landing, users, the two-factor policy, password links and two-factor
 * sign-in (src/web/admin.c, admin_users.c, admin_user_actions.c, password_link.c,
 * twofactor.c). */
#define PENDING_COOKIE "mfa"	/* a pending sign-in between the password and the code */
void page_admin_home(struct request *req, struct response *res);
void page_admin_users(struct request *req, struct response *res);
void page_admin_user_new(struct request *req, struct response *res);
void page_admin_user_create(struct request *req, struct response *res);
void page_admin_user(struct request *req, struct response *res);
void page_admin_user_update(struct request *req, struct response *res);
void page_admin_user_disable(struct request *req, struct response *res);
void page_admin_user_enable(struct request *req, struct response *res);
void page_admin_user_reset(struct request *req, struct response *res);
void page_admin_user_reset_2fa(struct request *req, struct response *res);
void page_admin_security(struct request *req, struct response *res);
void page_admin_security_post(struct request *req, struct response *res);
void page_password_link(struct request *req, struct response *res);
void page_password_link_post(struct request *req, struct response *res);
void page_signin_code(struct request *req, struct response *res);
void page_signin_code_post(struct request *req, struct response *res);
void page_twofactor(struct request *req, struct response *res);
void page_twofactor_post(struct request *req, struct response *res);
/* After a right password that needs a second step: set the pending cookie to pending and
 * redirect (303) to the code page (keeping next) or, when enrol, to the enrolment page. */
void web_second_step_redirect(struct request *req, struct response *res, const char *pending,
			      const char *next, bool enrol);
/* The common-password list of registration (data/common-passwords.txt, loaded once; empty
 * when the file is missing). */
const struct pwlist *web_common_passwords(void);

#endif
