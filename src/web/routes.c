/* routes.c - the route table: every URL of the application in one greppable place, each
 * with its declared inputs (style rule 1: undeclared fields are dropped). */
#include "motcua/auth.h"
#include "motcua/index766.h"
#include "motcua/lookup.h"
#include "motcua/par.h"
#include "motcua/notify_admin.h"
#include "motcua/payment.h"
#include "motcua/portal.h"
#include "motcua/web.h"

static const struct field_spec catalog_query[] = {
	{ .name = "q", .kind = FK_TEXT, .max = 100 },
	{ .name = "field", .kind = FK_INT },
	{ .name = NULL },
};

static const struct field_spec lookup_form_fields[] = {
	{ .name = "code", .kind = FK_TEXT, .max = LOOKUP_CODE_MAX, .required = true },
	{ .name = "secret", .kind = FK_TEXT, .max = 16, .required = true },
	{ .name = NULL },
};

/* ?ma=CODE prefills the code field (the QR code of a receipt or acknowledgement links here);
 * the same cap as the form's field, an invalid value is withheld and the field stays empty. */
static const struct field_spec lookup_query[] = {
	{ .name = "ma", .kind = FK_TEXT, .max = LOOKUP_CODE_MAX },
	{ .name = NULL },
};

/* The sandbox gateway's signed order (query of its page, form of its buttons). */
static const struct field_spec sandbox_query[] = {
	{ .name = "reference", .kind = FK_TEXT, .max = PAYMENT_REF_MAX },
	{ .name = "amount", .kind = FK_TEXT, .max = 15 },
	{ .name = "return", .kind = FK_TEXT, .max = 64 },
	{ .name = "sig", .kind = FK_TEXT, .max = PAYMENT_MAC_HEX },
	{ .name = NULL },
};

static const char *const sandbox_actions[] = { "pay", "cancel", NULL };

static const struct field_spec sandbox_form[] = {
	{ .name = "reference", .kind = FK_TEXT, .max = PAYMENT_REF_MAX },
	{ .name = "amount", .kind = FK_TEXT, .max = 15 },
	{ .name = "return", .kind = FK_TEXT, .max = 64 },
	{ .name = "sig", .kind = FK_TEXT, .max = PAYMENT_MAC_HEX },
	{ .name = "action", .kind = FK_ENUM, .choices = sandbox_actions, .required = true },
	{ .name = NULL },
};

/* A gateway's signed answer (query of the browser's return, form of the server callback);
 * each value is checked again by the provider's verify. */
static const struct field_spec gateway_answer[] = {
	{ .name = "reference", .kind = FK_TEXT, .max = PAYMENT_REF_MAX },
	{ .name = "amount", .kind = FK_TEXT, .max = 15 },
	{ .name = "status", .kind = FK_TEXT, .max = 16 },
	{ .name = "time", .kind = FK_TEXT, .max = 12 },
	{ .name = "nonce", .kind = FK_TEXT, .max = PAYMENT_NONCE_HEX },
	{ .name = "sig", .kind = FK_TEXT, .max = PAYMENT_MAC_HEX },
	{ .name = NULL },
};

/* One-stop shop intake (issue 8, helper "intake"): queue paging, procedure search. */
static const struct field_spec intake_page_query[] = {
	{ .name = "trang", .kind = FK_INT },
	{ .name = NULL },
};

static const struct field_spec intake_choose_query[] = {
	{ .name = "q", .kind = FK_TEXT, .max = 100 },
	{ .name = NULL },
};

static const struct field_spec lang_query[] = {
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};

/* The file first: req_field_error() reports the first failing field, and the page shows the
 * title's error itself. */
static const struct field_spec document_form[] = {
	{ .name = "file", .kind = FK_FILE, .required = true,
	  .kinds = UPLOAD_PDF | UPLOAD_JPEG | UPLOAD_PNG },
	{ .name = "title", .kind = FK_TEXT, .max = 200 },
	{ .name = NULL },
};

static const struct field_spec documents_query[] = {
	{ .name = "saved", .kind = FK_CHECKBOX },
	{ .name = "removed", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const struct field_spec signin_query[] = {
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};

static const struct field_spec signin_form[] = {
	{ .name = "username", .kind = FK_TEXT, .max = 200 },	/* over 64 bytes: "missing" message */
	{ .name = "password", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};

static const struct field_spec account_query[] = {
	{ .name = "changed", .kind = FK_CHECKBOX },
	{ .name = "registered", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const struct field_spec password_form[] = {
	{ .name = "current", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "password", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "confirm", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = NULL },
};

static const char *const account_kinds[] = { "person", "organisation", NULL };

/* Registration: the checks of the ID number, tax code and password are the domain's (a
 * message per field); the form layer checks the phone, the email and the lengths. */
static const struct field_spec register_form[] = {
	{ .name = "kind", .kind = FK_ENUM, .choices = account_kinds },
	{ .name = "name", .kind = FK_TEXT, .max = 400 },	/* characters checked by the domain */
	{ .name = "id_number", .kind = FK_TEXT, .max = 32 },
	{ .name = "tax_code", .kind = FK_TEXT, .max = 32 },
	{ .name = "phone", .kind = FK_PHONE },
	{ .name = "email", .kind = FK_EMAIL },
	{ .name = "password", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "confirm", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = NULL },
};

static const struct field_spec confirm_query[] = {
	{ .name = "token", .kind = FK_TEXT, .max = 64 },
	{ .name = NULL },
};

/* The citizen portal (docs/citizen.md). */
static const struct field_spec mine_query[] = {
	{ .name = "truoc", .kind = FK_INT },
	{ .name = "xoa", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const struct field_spec dossier_query[] = {
	{ .name = "da_nop", .kind = FK_CHECKBOX },   { .name = "bo_sung", .kind = FK_CHECKBOX },
	{ .name = "tep", .kind = FK_CHECKBOX },	     { .name = "rut", .kind = FK_CHECKBOX },
	{ .name = "danh_gia", .kind = FK_CHECKBOX }, { .name = "phan_anh", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const struct field_spec draft_query[] = {
	{ .name = "luu", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const char *const supplement_actions[] = { "upload", "send", NULL };

static const struct field_spec supplement_form[] = {
	{ .name = "file", .kind = FK_FILE, .kinds = UPLOAD_PDF | UPLOAD_JPEG | UPLOAD_PNG },
	{ .name = "title", .kind = FK_TEXT, .max = 200 },
	{ .name = "note", .kind = FK_TEXTAREA, .max = 1000 },
	{ .name = "action", .kind = FK_ENUM, .choices = supplement_actions },
	{ .name = NULL },
};

static const struct field_spec withdraw_form[] = {
	{ .name = "reason", .kind = FK_TEXTAREA, .max = WITHDRAW_REASON_MAX },
	{ .name = NULL },
};

static const char *const ratings[] = { "very_satisfied", "satisfied", "dissatisfied", NULL };
static const char *const scores[] = { "0", "1", "2", NULL };

static const struct field_spec rate_form[] = {
	{ .name = "rating", .kind = FK_ENUM, .choices = ratings },
	{ .name = "comment", .kind = FK_TEXTAREA, .max = 1000 },
	{ .name = "c1", .kind = FK_ENUM, .choices = scores },
	{ .name = "c2", .kind = FK_ENUM, .choices = scores },
	{ .name = "c3", .kind = FK_ENUM, .choices = scores },
	{ .name = "c4", .kind = FK_ENUM, .choices = scores },
	{ .name = "c5", .kind = FK_ENUM, .choices = scores },
	{ .name = "c6", .kind = FK_ENUM, .choices = scores },
	{ .name = "c7", .kind = FK_ENUM, .choices = scores },
	{ .name = "c8", .kind = FK_ENUM, .choices = scores },
	{ .name = "c9", .kind = FK_ENUM, .choices = scores },
	{ .name = NULL },
};

static const struct field_spec feedback_form[] = {
	{ .name = "body", .kind = FK_TEXTAREA, .max = FEEDBACK_TEXT_MAX },
	{ .name = NULL },
};

/* The one-stop shop's dossier page and its actions (issue 8, helper "desk"; docs/desk.md).
 * One form spec for every action but resolve (which carries the result file). */
static const struct field_spec desk_query[] = {
	{ .name = "xong", .kind = FK_TEXT, .max = 32 },
	/* The apology form pre-filled from the at-risk page (helper "risk", docs/at-risk.md). */
	{ .name = "ly_do", .kind = FK_TEXT, .max = 1000 },
	{ .name = "hen", .kind = FK_TEXT, .max = 10 },
	{ .name = NULL },
};

static const struct field_spec desk_file_query[] = {
	{ .name = "tai", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const char *const desk_deliveries[] = { "counter", "post", "online", NULL };

/* Each action declares only its own fields (the version the form was shown with first). */
#define DESK_VERSION { .name = "version", .kind = FK_INT }
#define DESK_NOTE { .name = "note", .kind = FK_TEXTAREA, .max = 1000 }
#define DESK_REASON { .name = "reason", .kind = FK_TEXTAREA, .max = 1000 }
#define DESK_END { .name = NULL }
static const struct field_spec desk_note_form[] = { DESK_VERSION, DESK_NOTE, DESK_END };
static const struct field_spec desk_reason_form[] = { DESK_VERSION, DESK_REASON, DESK_NOTE,
						       DESK_END };

/* The ticked components thieu_<i>: DESK_CHECKLIST_MAX (src/web/desk_web.h) of them. */
#define DESK_MISSING(i) { .name = "thieu_" #i, .kind = FK_CHECKBOX }
static const struct field_spec desk_supplement_request_form[] = {
	DESK_VERSION, DESK_REASON, DESK_NOTE,
	{ .name = "items_other", .kind = FK_TEXT, .max = 500 },
	DESK_MISSING(0), DESK_MISSING(1), DESK_MISSING(2), DESK_MISSING(3), DESK_MISSING(4),
	DESK_MISSING(5), DESK_MISSING(6), DESK_MISSING(7), DESK_MISSING(8), DESK_MISSING(9),
	DESK_MISSING(10), DESK_MISSING(11),
	DESK_END,
};

static const struct field_spec desk_hand_form[] = {
	DESK_VERSION, DESK_NOTE,
	{ .name = "department", .kind = FK_TEXT, .max = 64 },
	{ .name = "assignee", .kind = FK_INT },
	{ .name = "step", .kind = FK_INT },
	DESK_END,
};

static const struct field_spec desk_amount_form[] = {
	DESK_VERSION, DESK_NOTE, { .name = "amount", .kind = FK_INT }, DESK_END,
};

static const struct field_spec desk_apology_form[] = {
	DESK_VERSION, DESK_REASON, { .name = "promised", .kind = FK_DATE }, DESK_END,
};

static const struct field_spec desk_return_form[] = {
	DESK_VERSION, DESK_NOTE,
	{ .name = "delivery", .kind = FK_ENUM, .choices = desk_deliveries },
	{ .name = "check", .kind = FK_TEXT, .max = 32 },
	{ .name = "tracking", .kind = FK_TEXT, .max = 64 },
	DESK_END,
};

static const struct field_spec desk_resolve_form[] = {
	{ .name = "file", .kind = FK_FILE, .kinds = UPLOAD_PDF | UPLOAD_JPEG | UPLOAD_PNG },
	DESK_VERSION, DESK_NOTE, DESK_END,
};

#define DESK_POST(slug, fn, spec) \
	{ .method = HTTP_POST, .pattern = "/can-bo/ho-so/:code/" slug, .handler = fn, \
	  .roles = ROLES_STAFF, .form = spec }

/* The submission form and the list are for citizens (staff: 403); a dossier or draft of the
 * portal is open to any signed-in account and the domain answers 404 to all but its owner, the
 * same answer as a dossier that does not exist (docs/citizen.md). */
/* Slips (issue 8 item 9) and the ledger (Form 06): the ledger's query. */
static const struct field_spec ledger_query[] = {
	{ .name = "field", .kind = FK_INT },
	{ .name = "from", .kind = FK_DATE },
	{ .name = "to", .kind = FK_DATE },
	{ .name = "trang", .kind = FK_INT },
	{ .name = "in", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

#define CITIZEN ROLE_BIT(ROLE_CITIZEN)

/* Designated initialisers: members not named are zero (no roles, CSRF on for POST, no JSON,
 * no fields), so adding a member to struct route touches no row. */
/* Issue 8, work lists, search and feedback (helper "work"). */
static const struct field_spec worklist_query[] = {
	{ .name = "list", .kind = FK_TEXT, .max = 16 },
	{ .name = "trang", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec staff_search_query[] = {
	{ .name = "ma", .kind = FK_TEXT, .max = 40 },
	{ .name = "ten", .kind = FK_TEXT, .max = 120 },
	{ .name = "cccd", .kind = FK_ID_NUMBER },
	{ .name = "sdt", .kind = FK_PHONE },
	{ .name = "thu_tuc", .kind = FK_TEXT, .max = 40 },
	{ .name = "trang_thai", .kind = FK_TEXT, .max = 16 },
	{ .name = "tu_ngay", .kind = FK_TEXT, .max = 10 },
	{ .name = "den_ngay", .kind = FK_TEXT, .max = 10 },
	{ .name = "trang", .kind = FK_INT },
	{ .name = NULL },
};
#define SEL(i) { .name = "sel_" #i, .kind = FK_TEXT, .max = 40 }
#define SEL10(t) SEL(t##0), SEL(t##1), SEL(t##2), SEL(t##3), SEL(t##4), SEL(t##5), SEL(t##6), \
		 SEL(t##7), SEL(t##8), SEL(t##9)
/* The rows ticked on a search page (SEARCH_PAGE of them at most). */
static const struct field_spec staff_print_query[] = {
	SEL(0), SEL(1), SEL(2), SEL(3), SEL(4), SEL(5), SEL(6), SEL(7), SEL(8), SEL(9),
	SEL10(1), SEL10(2), SEL10(3), SEL10(4),
	{ .name = NULL },
};
#define VER(i) { .name = "ver_" #i, .kind = FK_INT }
#define VER10(t) VER(t##0), VER(t##1), VER(t##2), VER(t##3), VER(t##4), VER(t##5), VER(t##6), \
		 VER(t##7), VER(t##8), VER(t##9)
/* The bulk assign: the ticked rows with the version each was shown at, and the hand-over. */
static const struct field_spec staff_assign_form[] = {
	SEL(0), SEL(1), SEL(2), SEL(3), SEL(4), SEL(5), SEL(6), SEL(7), SEL(8), SEL(9),
	SEL10(1), SEL10(2), SEL10(3), SEL10(4),
	VER(0), VER(1), VER(2), VER(3), VER(4), VER(5), VER(6), VER(7), VER(8), VER(9),
	VER10(1), VER10(2), VER10(3), VER10(4),
	{ .name = "department", .kind = FK_TEXT, .max = 40 },
	{ .name = "assignee", .kind = FK_TEXT, .max = 20 },
	{ .name = NULL },
};
static const struct field_spec staff_feedback_query[] = {
	{ .name = "da_tra_loi", .kind = FK_TEXT, .max = 1 },
	{ .name = NULL },
};
static const struct field_spec staff_feedback_form[] = {
	{ .name = "answer", .kind = FK_TEXTAREA, .max = 4000 },
	{ .name = NULL },
};
/* Issue 10 §5 (helper "audit", docs/admin-imports.md): an upload of a units, calendar,
 * catalogue or dossier history file. The file is text (CSV, JSON, JSON Lines), at most
 * ADMIN_IMPORT_FILE_MAX bytes (the server's body cap is 25 MiB). */
#define ADMIN_IMPORT_FILE_MAX (24u << 20)
static const char *const admin_import_kinds[] = { "units", "calendar", "catalog", "dossiers",
						  NULL };
static const struct field_spec admin_import_form[] = {
	{ .name = "kind", .kind = FK_ENUM, .choices = admin_import_kinds, .required = true },
	{ .name = "file", .kind = FK_FILE, .kinds = UPLOAD_TEXT, .max = ADMIN_IMPORT_FILE_MAX,
	  .required = true },
	{ .name = NULL },
};
#define ADMIN ROLE_BIT(ROLE_ADMIN)
static const char *const admin_notify_actions[] = { "preview", "save", "reset", NULL };
static const struct field_spec admin_notify_form[] = {
	{ .name = "subject", .kind = FK_TEXT, .max = NOTIFY_SUBJECT_MAX },
	{ .name = "sms", .kind = FK_TEXT, .max = NOTIFY_SMS_MAX },
	{ .name = "body", .kind = FK_TEXTAREA, .max = NOTIFY_BODY_MAX },
	{ .name = "action", .kind = FK_ENUM, .choices = admin_notify_actions },
	{ .name = NULL },
};
static const struct field_spec admin_notify_query[] = {
	{ .name = "xong", .kind = FK_TEXT, .max = 8 },
	{ .name = NULL },
};
static const struct field_spec admin_log_query[] = {
	{ .name = "hanh_dong", .kind = FK_TEXT, .max = 64 },
	{ .name = "nguoi", .kind = FK_TEXT, .max = 64 },
	{ .name = "tu_ngay", .kind = FK_DATE },
	{ .name = "den_ngay", .kind = FK_DATE },
	{ .name = "trang", .kind = FK_INT },
	{ .name = NULL },
};
#define STAFF_FEEDBACK_ROLES (ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_ADMIN))
/* Issue 9 §9 (helper "api"): the reports API's parameters, those of `motcua report`; every
 * one is text so the handler can name the parameter in its 400 (docs/api.md). */
static const struct field_spec api_report_query[] = {
	{ .name = "from", .kind = FK_TEXT, .max = 10 },
	{ .name = "to", .kind = FK_TEXT, .max = 10 },
	{ .name = "as_of", .kind = FK_TEXT, .max = 40 },
	{ .name = "unit", .kind = FK_TEXT, .max = 64 },
	{ .name = "group", .kind = FK_TEXT, .max = 16 },
	{ .name = NULL },
};
static const struct field_spec admin_tokens_query[] = {
	{ .name = "thu_hoi", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec admin_tokens_form[] = {
	{ .name = "name", .kind = FK_TEXT, .max = 80 },
	{ .name = "unit", .kind = FK_TEXT, .max = 64 },
	{ .name = NULL },
};
#define API_REPORT_ROLES (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_ADMIN) | ROLE_BIT_TOKEN)

/* Issue 9, the leader's dashboard (helper "dash"; docs/dashboard.md): the period picker,
 * unit and grouping; the drill-down list adds figure, row key and page; exports a format. */
#define DASH_ROLES (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_ADMIN))
static const char *const dash_periods[] = { "month", "quarter", "year", "custom", NULL };
static const char *const dash_groups[] = { "unit", "field", "procedure", NULL };
static const char *const dash_formats[] = { "csv", "xlsx", NULL };
static const char *const dash_tables[] = { "report", "compare", "figures", NULL };
static const char *const dash_figures[] = { "received", "carried_over", "finished_early",
					    "finished_on_time", "finished_late", "open_in_time",
					    "open_overdue", "waiting", NULL };
#define DASH_PICKER_FIELDS \
	{ .name = "period", .kind = FK_ENUM, .choices = dash_periods }, \
	{ .name = "year", .kind = FK_INT }, \
	{ .name = "month", .kind = FK_INT }, \
	{ .name = "quarter", .kind = FK_INT }, \
	{ .name = "from", .kind = FK_TEXT, .max = 10 }, \
	{ .name = "to", .kind = FK_TEXT, .max = 10 }, \
	{ .name = "unit", .kind = FK_TEXT, .max = 40 }, \
	{ .name = "group", .kind = FK_ENUM, .choices = dash_groups }
static const struct field_spec dash_query[] = {
	DASH_PICKER_FIELDS,
	{ .name = NULL },
};
static const struct field_spec dash_export_query[] = {
	DASH_PICKER_FIELDS,
	{ .name = "format", .kind = FK_ENUM, .choices = dash_formats },
	{ .name = "table", .kind = FK_ENUM, .choices = dash_tables },
	{ .name = NULL },
};
static const struct field_spec dash_list_query[] = {
	DASH_PICKER_FIELDS,
	{ .name = "figure", .kind = FK_ENUM, .choices = dash_figures },
	{ .name = "key", .kind = FK_TEXT, .max = 256 },
	{ .name = "page", .kind = FK_INT },
	{ .name = "format", .kind = FK_ENUM, .choices = dash_formats },
	{ .name = NULL },
};
/* Issue 9, charts and at risk (helper "risk"; docs/at-risk.md, docs/charts.md). */
#define RISK_ROLES (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_ADMIN))
static const struct field_spec risk_atrisk_query[] = {
	{ .name = "ngay", .kind = FK_TEXT, .max = 4 },
	{ .name = "trang", .kind = FK_INT },
	{ .name = "trang_xl", .kind = FK_INT },
	{ .name = "nam", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec risk_charts_query[] = {
	{ .name = "nam", .kind = FK_INT },
	{ .name = "don_vi", .kind = FK_TEXT, .max = 64 },
	{ .name = NULL },
};
/* Issue 10 §2, §4 (helper "units"): the units tree and the calendar, admins only (scope and
 * who may change the calendar decided in the domain). Limits: unit_admin.h, calendar_admin.h. */
static const char *const admin_unit_levels[] = { "commune", "district", "province", "department",
						 NULL };
static const char *const admin_cal_working[] = { "0", "1", NULL };
static const struct field_spec admin_units_query[] = {
	{ .name = "da_luu", .kind = FK_INT },
	{ .name = "da_chuyen", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec admin_unit_add_form[] = {
	{ .name = "code", .kind = FK_TEXT, .max = 32, .required = true },
	{ .name = "name", .kind = FK_TEXT, .max = 200, .required = true },
	{ .name = "level", .kind = FK_ENUM, .choices = admin_unit_levels, .required = true },
	{ .name = "parent", .kind = FK_TEXT, .max = 32, .required = true },
	{ .name = "address", .kind = FK_TEXT, .max = 300 },
	{ .name = "hours", .kind = FK_TEXT, .max = 64 },
	{ .name = NULL },
};
static const struct field_spec admin_unit_edit_form[] = {
	{ .name = "name", .kind = FK_TEXT, .max = 200, .required = true },
	{ .name = "address", .kind = FK_TEXT, .max = 300 },
	{ .name = "hours", .kind = FK_TEXT, .max = 64 },
	{ .name = NULL },
};
static const struct field_spec admin_unit_move_form[] = {
	{ .name = "parent", .kind = FK_TEXT, .max = 32, .required = true },
	{ .name = NULL },
};
static const struct field_spec admin_unit_close_form[] = {
	{ .name = "replacement", .kind = FK_TEXT, .max = 32, .required = true },
	{ .name = "count", .kind = FK_INT },
	{ .name = "confirm", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
static const struct field_spec admin_calendar_query[] = {
	{ .name = "nam", .kind = FK_INT },
	{ .name = "ngay", .kind = FK_DATE },
	{ .name = "da_luu", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec admin_calendar_form[] = {
	{ .name = "date", .kind = FK_DATE, .required = true },
	{ .name = "working", .kind = FK_ENUM, .choices = admin_cal_working },
	{ .name = "name", .kind = FK_TEXT, .max = 200 },
	{ .name = "source", .kind = FK_TEXT, .max = 200 },
	{ .name = "remove", .kind = FK_CHECKBOX },
	{ .name = "fp", .kind = FK_TEXT, .max = 16 },
	{ .name = "count", .kind = FK_INT },
	{ .name = "confirm", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
#define UNITS_ADMIN_ROLES ROLE_BIT(ROLE_ADMIN)

/* The catalogue editor (issue 10 §3, helper "catalog"): list filters and the edit form's row
 * counts (the form itself is per request: admin_catalog_form). */
static const char *const admin_cat_states[] = { "published", "unpublished", "draft", NULL };
static const struct field_spec admin_cat_list_query[] = {
	{ .name = "q", .kind = FK_TEXT, .max = 100 },
	{ .name = "linh_vuc", .kind = FK_INT },
	{ .name = "trang_thai", .kind = FK_ENUM, .choices = admin_cat_states },
	{ .name = "trang", .kind = FK_INT },
	{ .name = "xong", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
static const char *const admin_cat_notices[] = { "saved", "published", "unpublished",
						 "republished", "discarded", "stale", NULL };
#define ADMIN_CAT_COUNTS \
	{ .name = "phi", .kind = FK_INT }, { .name = "tp", .kind = FK_INT }, \
	{ .name = "bm", .kind = FK_INT }, { .name = "qt", .kind = FK_INT }
static const struct field_spec admin_cat_edit_query[] = {
	{ .name = "da", .kind = FK_ENUM, .choices = admin_cat_notices },
	ADMIN_CAT_COUNTS,
	{ .name = NULL },
};
/* Publishing carries the stamp of the page it was pressed on (a stale page publishes nothing). */
static const struct field_spec admin_cat_publish_form[] = {
	{ .name = "stamp", .kind = FK_TEXT, .max = 64 },
	{ .name = NULL },
};
#define CAT_ADMIN ROLE_BIT(ROLE_ADMIN)
/* Issue 9 §3, §5, §6 and issue 10 §6 (helper "index"; docs/index766.md, docs/par.md). The
 * leader area: leaders and administrators, scope = the account's unit subtree (decided in
 * the domain: a unit outside it answers 404). */
#define INDEX_ROLES (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_ADMIN))
static const struct field_spec index766_query[] = {
	{ .name = "xuat", .kind = FK_TEXT, .max = 4 },
	{ .name = "ky", .kind = FK_TEXT, .max = INDEX_PERIOD_MAX },
	{ .name = "don_vi", .kind = FK_TEXT, .max = 40 },
	{ .name = "da_luu", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
static const struct field_spec index766_form[] = {
	{ .name = "ky", .kind = FK_TEXT, .max = INDEX_PERIOD_MAX },
	{ .name = "don_vi", .kind = FK_TEXT, .max = 40 },
	{ .name = "chi_so", .kind = FK_TEXT, .max = 15 },
	{ .name = "gia_tri", .kind = FK_TEXT, .max = 12 },
	{ .name = "ghi_chu", .kind = FK_TEXT, .max = INDEX_NOTE_MAX },
	{ .name = NULL },
};
static const struct field_spec par_query[] = {
	{ .name = "xuat", .kind = FK_TEXT, .max = 4 },
	{ .name = "nam", .kind = FK_INT },
	{ .name = "don_vi", .kind = FK_TEXT, .max = 40 },
	{ .name = "da_luu", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
static const struct field_spec par_form[] = {
	{ .name = "nam", .kind = FK_INT },
	{ .name = "don_vi", .kind = FK_TEXT, .max = 40 },
	{ .name = "tieu_chi", .kind = FK_TEXT, .max = 31 },
	{ .name = "diem", .kind = FK_TEXT, .max = 12 },
	{ .name = "minh_chung", .kind = FK_TEXT, .max = PAR_EVIDENCE_MAX },
	{ .name = "ghi_chu", .kind = FK_TEXT, .max = PAR_NOTE_MAX },
	{ .name = NULL },
};
static const struct field_spec ranking_query[] = {
	{ .name = "xuat", .kind = FK_TEXT, .max = 4 },
	{ .name = "don_vi", .kind = FK_TEXT, .max = 40 },
	{ .name = "cap", .kind = FK_TEXT, .max = 16 },
	{ .name = "theo", .kind = FK_TEXT, .max = 8 },
	{ .name = "ky", .kind = FK_TEXT, .max = INDEX_PERIOD_MAX },
	{ .name = "nam", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec index_settings_query[] = {
	{ .name = "da_luu", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
/* The file's text (a few KB; field_max caps the bytes) or the button loading the shipped
 * file. */
static const struct field_spec index_settings_form[] = {
	{ .name = "noi_dung", .kind = FK_TEXTAREA, .max = INDEX_CONFIG_MAX_BYTES / 4 },
	{ .name = "mau", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

/* Issue 10 items 1 and 7 (helper "users"; docs/admin-users.md, docs/two-factor.md). */
static const char *const admin_role_names[] = { "citizen", "clerk", "specialist", "leader",
						"admin", NULL };
static const char *const admin_staff_roles[] = { "clerk", "specialist", "leader", "admin", NULL };
static const char *const admin_done[] = { "tao", "luu", "khoa", "mo", "lien-ket", "hai-buoc",
					  NULL };
static const struct field_spec admin_users_query[] = {
	{ .name = "q", .kind = FK_TEXT, .max = 100 },
	{ .name = "vai_tro", .kind = FK_ENUM, .choices = admin_role_names },
	{ .name = "don_vi", .kind = FK_INT },
	{ .name = "trang", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec admin_user_query[] = {
	{ .name = "xong", .kind = FK_ENUM, .choices = admin_done },
	{ .name = NULL },
};
static const struct field_spec admin_user_form[] = {
	{ .name = "username", .kind = FK_TEXT, .max = 64 },
	{ .name = "name", .kind = FK_TEXT, .max = 400 },	/* characters checked by the domain */
	{ .name = "email", .kind = FK_EMAIL },
	{ .name = "phone", .kind = FK_PHONE },
	{ .name = "role", .kind = FK_ENUM, .choices = admin_staff_roles },
	{ .name = "unit", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec admin_role_unit_form[] = {
	{ .name = "role", .kind = FK_ENUM, .choices = admin_staff_roles },
	{ .name = "unit", .kind = FK_INT },
	{ .name = NULL },
};
static const struct field_spec admin_security_query[] = {
	{ .name = "saved", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
static const struct field_spec admin_security_form[] = {
	{ .name = "clerk", .kind = FK_CHECKBOX },
	{ .name = "specialist", .kind = FK_CHECKBOX },
	{ .name = "leader", .kind = FK_CHECKBOX },
	{ .name = "admin", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
static const struct field_spec password_link_form[] = {
	{ .name = "password", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "confirm", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = NULL },
};
static const struct field_spec signin_code_query[] = {
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};
static const struct field_spec signin_code_form[] = {
	{ .name = "code", .kind = FK_TEXT, .max = 32 },
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};
static const struct field_spec twofactor_form[] = {
	{ .name = "code", .kind = FK_TEXT, .max = 32 },
	{ .name = "ticket", .kind = FK_TEXT, .max = 192 },	/* ENROL_TICKET_HEX */
	{ .name = NULL },
};
#define ADMIN_USER_POST(suffix, fn) \
	{ .method = HTTP_POST, .pattern = "/quan-tri/nguoi-dung/:user/" suffix, .handler = fn, \
	  .roles = ADMIN }

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = page_home },
	{ .method = HTTP_GET, .pattern = "/thu-tuc", .handler = page_catalog,
	  .query = catalog_query },
	{ .method = HTTP_GET, .pattern = "/thu-tuc/:code", .handler = page_procedure },
	{ .method = HTTP_GET, .pattern = "/tra-cuu", .handler = page_lookup,
	  .query = lookup_query },
	{ .method = HTTP_POST, .pattern = "/tra-cuu", .handler = page_lookup_post,
	  .form = lookup_form_fields },
	{ .method = HTTP_GET, .pattern = "/lang/:code", .handler = page_lang, .query = lang_query },
	{ .method = HTTP_GET, .pattern = "/healthz", .handler = page_healthz },
	{ .method = HTTP_GET, .pattern = "/dang-nhap", .handler = page_signin,
	  .query = signin_query },
	{ .method = HTTP_POST, .pattern = "/dang-nhap", .handler = page_signin_post,
	  .form = signin_form },
	{ .method = HTTP_POST, .pattern = "/dang-xuat", .handler = page_signout_post },
	{ .method = HTTP_GET, .pattern = "/dang-ky", .handler = page_register },
	{ .method = HTTP_POST, .pattern = "/dang-ky", .handler = page_register_post,
	  .form = register_form },
	{ .method = HTTP_GET, .pattern = "/xac-nhan-email", .handler = page_confirm_email,
	  .query = confirm_query },
	{ .method = HTTP_GET, .pattern = "/tai-khoan", .handler = page_account,
	  .roles = ROLES_SIGNED_IN, .query = account_query },
	{ .method = HTTP_POST, .pattern = "/tai-khoan/mat-khau", .handler = page_password_post,
	  .roles = ROLES_SIGNED_IN, .form = password_form },
	{ .method = HTTP_GET, .pattern = "/tai-khoan/giay-to", .handler = page_documents,
	  .roles = ROLES_SIGNED_IN, .query = documents_query },
	{ .method = HTTP_POST, .pattern = "/tai-khoan/giay-to", .handler = page_documents_upload,
	  .roles = ROLES_SIGNED_IN, .form = document_form },
	{ .method = HTTP_GET, .pattern = "/tai-khoan/giay-to/:id", .handler = page_document_download,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_POST, .pattern = "/tai-khoan/giay-to/:id/xoa",
	  .handler = page_document_remove, .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_GET, .pattern = "/thu-tuc/:code/nop", .handler = page_wizard_new,
	  .roles = CITIZEN },
	{ .method = HTTP_POST, .pattern = "/thu-tuc/:code/nop", .handler = page_wizard_post,
	  .roles = CITIZEN, .form_for = wizard_form },
	{ .method = HTTP_GET, .pattern = "/ho-so", .handler = page_my_dossiers, .roles = CITIZEN,
	  .query = mine_query },
	{ .method = HTTP_GET, .pattern = "/ho-so/nhap/:id", .handler = page_draft,
	  .roles = ROLES_SIGNED_IN, .query = draft_query },
	{ .method = HTTP_POST, .pattern = "/ho-so/nhap/:id", .handler = page_wizard_post,
	  .roles = ROLES_SIGNED_IN, .form_for = wizard_form },
	{ .method = HTTP_POST, .pattern = "/ho-so/nhap/:id/xoa", .handler = page_draft_delete,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_GET, .pattern = "/ho-so/nhap/:id/tep/:file", .handler = page_draft_file,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code", .handler = page_my_dossier,
	  .roles = ROLES_SIGNED_IN, .query = dossier_query },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/tep/:file", .handler = page_dossier_file,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_POST, .pattern = "/ho-so/:code/bo-sung", .handler = page_supplement_post,
	  .roles = ROLES_SIGNED_IN, .form = supplement_form },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/rut", .handler = page_withdraw,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_POST, .pattern = "/ho-so/:code/rut", .handler = page_withdraw_post,
	  .roles = ROLES_SIGNED_IN, .form = withdraw_form },
	{ .method = HTTP_POST, .pattern = "/ho-so/:code/danh-gia", .handler = page_rate_post,
	  .roles = ROLES_SIGNED_IN, .form = rate_form },
	{ .method = HTTP_POST, .pattern = "/ho-so/:code/phan-anh", .handler = page_feedback_post,
	  .roles = ROLES_SIGNED_IN, .form = feedback_form },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/thanh-toan", .handler = page_payment,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_POST, .pattern = "/ho-so/:code/thanh-toan",
	  .handler = page_payment_start, .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_GET, .pattern = "/sandbox-pay/checkout", .handler = page_sandbox_pay,
	  .query = sandbox_query },
	{ .method = HTTP_POST, .pattern = "/sandbox-pay/checkout",
	  .handler = page_sandbox_pay_post, .form = sandbox_form },
	{ .method = HTTP_GET, .pattern = PAYMENT_RETURN_PATH, .handler = page_payment_return,
	  .query = gateway_answer },
	{ .method = HTTP_POST, .pattern = PAYMENT_RETURN_PATH, .handler = page_payment_callback,
	  .form = gateway_answer, .csrf_exempt = "signed gateway callback (crypto_auth)" },
	{ .method = HTTP_GET, .pattern = "/bien-lai/:ref", .handler = page_receipt,
	  .roles = ROLES_SIGNED_IN },
	/* Slips (issue 8 item 9, src/web/slips.c): forms 01-05 and the withdrawal notice ("rut")
	 * for staff of the dossier's unit subtree; 01-04 and "rut" for the dossier's owner (404
	 * for anyone else); the ledger (Form 06, item 5). */
	{ .method = HTTP_GET, .pattern = "/can-bo/ho-so/:code/phieu",
	  .handler = page_slip_index_staff, .roles = ROLES_STAFF },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/phieu", .handler = page_slip_index_owner,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_GET, .pattern = "/can-bo/ho-so/:code/phieu/:form",
	  .handler = page_slip_staff, .roles = ROLES_STAFF },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/phieu/:form", .handler = page_slip_owner,
	  .roles = ROLES_SIGNED_IN },
	{ .method = HTTP_GET, .pattern = "/can-bo/so-theo-doi", .handler = page_ledger,
	  .roles = ROLES_STAFF, .query = ledger_query },
	/* One-stop shop intake (issue 8 items 2, 3, 5; helper "intake", docs/intake.md): the
	 * queues for clerks, leaders and admins; the counter intake for clerks (decided in the
	 * domain, intake.h: others get 403). */
	{ .method = HTTP_GET, .pattern = "/can-bo/tiep-nhan", .handler = page_intake_queue,
	  .roles = ROLES_STAFF, .query = intake_page_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/tra-ket-qua", .handler = page_ready_queue,
	  .roles = ROLES_STAFF, .query = intake_page_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/tiep-nhan/moi", .handler = page_intake_choose,
	  .roles = ROLES_STAFF, .query = intake_choose_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/tiep-nhan/moi/:code", .handler = page_intake_new,
	  .roles = ROLES_STAFF },
	{ .method = HTTP_POST, .pattern = "/can-bo/tiep-nhan/moi/:code",
	  .handler = page_intake_post, .roles = ROLES_STAFF, .form_for = intake_form },
	{ .method = HTTP_GET, .pattern = "/can-bo/tiep-nhan/bien-lai/:code",
	  .handler = page_intake_fee_receipt, .roles = ROLES_STAFF },
	/* Issue 8, work lists, search and feedback (helper "work"; docs/worklists.md). */
	{ .method = HTTP_GET, .pattern = "/can-bo", .handler = page_staff_home,
	  .roles = ROLES_STAFF },
	{ .method = HTTP_GET, .pattern = "/can-bo/viec", .handler = page_worklist,
	  .roles = ROLES_STAFF, .query = worklist_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/tim-kiem", .handler = page_search_staff,
	  .roles = ROLES_STAFF, .query = staff_search_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/tim-kiem.csv", .handler = page_search_csv,
	  .roles = ROLES_STAFF, .query = staff_search_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/tim-kiem.xlsx", .handler = page_search_xlsx,
	  .roles = ROLES_STAFF, .query = staff_search_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/in-phieu", .handler = page_search_print,
	  .roles = ROLES_STAFF, .query = staff_print_query },
	/* The same list from the search page's form (POST, so the form's CSRF token never goes
	 * into a URL, a log line or the history). */
	{ .method = HTTP_POST, .pattern = "/can-bo/in-phieu", .handler = page_search_print,
	  .roles = ROLES_STAFF, .form = staff_print_query },
	/* Bulk assign from the search page (issue 8 item 8; docs/worklists.md): clerks and
	 * leaders, decided in the domain (desk_may_ever: others 403). */
	{ .method = HTTP_POST, .pattern = "/can-bo/tim-kiem/phan-cong", .handler = page_search_assign,
	  .roles = ROLES_STAFF, .form = staff_assign_form },
	{ .method = HTTP_GET, .pattern = "/can-bo/phan-anh", .handler = page_staff_feedback,
	  .roles = STAFF_FEEDBACK_ROLES, .query = staff_feedback_query },
	{ .method = HTTP_POST, .pattern = "/can-bo/phan-anh/:feedback",
	  .handler = page_staff_feedback_post, .roles = STAFF_FEEDBACK_ROLES,
	  .form = staff_feedback_form },
	/* The catalogue editor (issue 10 §3, helper "catalog"; docs/admin-catalog.md): the
	 * role is checked here, the province scope in the handlers (others 403). "moi" comes
	 * before ":code" (the first match wins). */
	{ .method = HTTP_GET, .pattern = "/quan-tri/thu-tuc", .handler = page_admin_catalog,
	  .roles = CAT_ADMIN, .query = admin_cat_list_query },
	{ .method = HTTP_GET, .pattern = "/quan-tri/thu-tuc/moi", .handler = page_admin_procedure,
	  .roles = CAT_ADMIN, .query = admin_cat_edit_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/thu-tuc/moi",
	  .handler = page_admin_procedure_post, .roles = CAT_ADMIN, .query = admin_cat_edit_query,
	  .form_for = admin_catalog_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/thu-tuc/:code", .handler = page_admin_procedure,
	  .roles = CAT_ADMIN, .query = admin_cat_edit_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/thu-tuc/:code",
	  .handler = page_admin_procedure_post, .roles = CAT_ADMIN, .query = admin_cat_edit_query,
	  .form_for = admin_catalog_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/thu-tuc/:code/xem-truoc",
	  .handler = page_admin_procedure_preview, .roles = CAT_ADMIN },
	{ .method = HTTP_POST, .pattern = "/quan-tri/thu-tuc/:code/cong-bo",
	  .handler = page_admin_procedure_publish, .roles = CAT_ADMIN, .form = admin_cat_publish_form },
	{ .method = HTTP_POST, .pattern = "/quan-tri/thu-tuc/:code/ngung",
	  .handler = page_admin_procedure_unpublish, .roles = CAT_ADMIN },
	{ .method = HTTP_POST, .pattern = "/quan-tri/thu-tuc/:code/mo-lai",
	  .handler = page_admin_procedure_republish, .roles = CAT_ADMIN },
	{ .method = HTTP_POST, .pattern = "/quan-tri/thu-tuc/:code/huy-nhap",
	  .handler = page_admin_procedure_discard, .roles = CAT_ADMIN },
	/* The one-stop shop's dossier page (helper "desk"). */
	{ .method = HTTP_GET, .pattern = "/can-bo/ho-so/:code", .handler = page_desk_dossier,
	  .roles = ROLES_STAFF, .query = desk_query },
	{ .method = HTTP_GET, .pattern = "/can-bo/ho-so/:code/tep/:file", .handler = page_desk_file,
	  .roles = ROLES_STAFF, .query = desk_file_query },
	DESK_POST("tiep-nhan", page_desk_receive, desk_note_form),
	DESK_POST("tu-choi", page_desk_refuse, desk_reason_form),
	DESK_POST("yeu-cau-bo-sung", page_desk_request_supplement, desk_supplement_request_form),
	DESK_POST("bo-sung", page_desk_supplement, desk_note_form),
	DESK_POST("phan-cong", page_desk_assign, desk_hand_form),
	DESK_POST("chuyen-buoc", page_desk_transfer, desk_hand_form),
	DESK_POST("yeu-cau-thanh-toan", page_desk_request_payment, desk_amount_form),
	DESK_POST("thu-phi", page_desk_pay, desk_amount_form),
	DESK_POST("xin-loi", page_desk_apologise, desk_apology_form),
	DESK_POST("dung", page_desk_stop, desk_reason_form),
	DESK_POST("tra-ket-qua", page_desk_return, desk_return_form),
	DESK_POST("rut", page_desk_withdraw, desk_reason_form),
	{ .method = HTTP_POST, .pattern = "/can-bo/ho-so/:code/giai-quyet",
	  .handler = page_desk_resolve, .roles = ROLES_STAFF, .form = desk_resolve_form },
	/* Issue 10 §2, §4 (helper "units"; docs/admin-units.md, docs/calendar-changes.md). */
	{ .method = HTTP_GET, .pattern = "/quan-tri/don-vi", .handler = page_admin_units,
	  .roles = UNITS_ADMIN_ROLES, .query = admin_units_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/don-vi", .handler = page_admin_unit_add,
	  .roles = UNITS_ADMIN_ROLES, .form = admin_unit_add_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/don-vi/:code", .handler = page_admin_unit,
	  .roles = UNITS_ADMIN_ROLES, .query = admin_units_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/don-vi/:code", .handler = page_admin_unit_edit,
	  .roles = UNITS_ADMIN_ROLES, .form = admin_unit_edit_form },
	{ .method = HTTP_POST, .pattern = "/quan-tri/don-vi/:code/chuyen",
	  .handler = page_admin_unit_move, .roles = UNITS_ADMIN_ROLES, .form = admin_unit_move_form },
	{ .method = HTTP_POST, .pattern = "/quan-tri/don-vi/:code/dong",
	  .handler = page_admin_unit_close, .roles = UNITS_ADMIN_ROLES, .form = admin_unit_close_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/lich", .handler = page_admin_calendar,
	  .roles = UNITS_ADMIN_ROLES, .query = admin_calendar_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/lich", .handler = page_admin_calendar_post,
	  .roles = UNITS_ADMIN_ROLES, .form = admin_calendar_form },
	/* Issue 9 §3, §5, §6 and issue 10 §6 (helper "index"). */
	{ .method = HTTP_GET, .pattern = "/bao-cao/766", .handler = page_index766,
	  .roles = INDEX_ROLES, .query = index766_query },
	{ .method = HTTP_POST, .pattern = "/bao-cao/766/nhap", .handler = page_index766_enter,
	  .roles = INDEX_ROLES, .form = index766_form },
	{ .method = HTTP_GET, .pattern = "/bao-cao/par", .handler = page_par,
	  .roles = INDEX_ROLES, .query = par_query },
	{ .method = HTTP_POST, .pattern = "/bao-cao/par/nhap", .handler = page_par_enter,
	  .roles = INDEX_ROLES, .form = par_form },
	{ .method = HTTP_GET, .pattern = "/bao-cao/xep-hang", .handler = page_ranking,
	  .roles = INDEX_ROLES, .query = ranking_query },
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/766", .handler = page_settings_766,
	  .roles = ROLE_BIT(ROLE_ADMIN), .query = index_settings_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/cai-dat/766",
	  .handler = page_settings_766_post, .roles = ROLE_BIT(ROLE_ADMIN),
	  .form = index_settings_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/par", .handler = page_settings_par,
	  .roles = ROLE_BIT(ROLE_ADMIN), .query = index_settings_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/cai-dat/par",
	  .handler = page_settings_par_post, .roles = ROLE_BIT(ROLE_ADMIN),
	  .form = index_settings_form },
	/* Issue 9 §7-9, issue 10 §6 (helper "api"; docs/api.md). A token opens only these. */
	{ .method = HTTP_GET, .pattern = "/api/v1/reports/ontime", .handler = api_report_ontime,
	  .roles = API_REPORT_ROLES, .query = api_report_query },
	{ .method = HTTP_GET, .pattern = "/api/v1/reports/index766",
	  .handler = api_report_index766, .roles = API_REPORT_ROLES, .query = api_report_query },
	{ .method = HTTP_GET, .pattern = "/minh-bach", .handler = page_transparency },
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/token", .handler = page_admin_tokens,
	  .roles = ROLE_BIT(ROLE_ADMIN), .query = admin_tokens_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/cai-dat/token",
	  .handler = page_admin_tokens_post, .roles = ROLE_BIT(ROLE_ADMIN),
	  .form = admin_tokens_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/token/:id/thu-hoi",
	  .handler = page_admin_token_revoke, .roles = ROLE_BIT(ROLE_ADMIN) },
	{ .method = HTTP_POST, .pattern = "/quan-tri/cai-dat/token/:id/thu-hoi",
	  .handler = page_admin_token_revoke_post, .roles = ROLE_BIT(ROLE_ADMIN) },
	/* Issue 10 items 1 and 7 (helper "users"): administration landing, accounts, the
	 * two-factor policy; password links and two-factor sign-in (anyone: the pages check the
	 * link, the pending sign-in or the session). */
	{ .method = HTTP_GET, .pattern = "/quan-tri", .handler = page_admin_home, .roles = ADMIN },
	{ .method = HTTP_GET, .pattern = "/quan-tri/nguoi-dung", .handler = page_admin_users,
	  .roles = ADMIN, .query = admin_users_query },
	{ .method = HTTP_GET, .pattern = "/quan-tri/nguoi-dung/moi", .handler = page_admin_user_new,
	  .roles = ADMIN },
	{ .method = HTTP_POST, .pattern = "/quan-tri/nguoi-dung/moi",
	  .handler = page_admin_user_create, .roles = ADMIN, .form = admin_user_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/nguoi-dung/:user", .handler = page_admin_user,
	  .roles = ADMIN, .query = admin_user_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/nguoi-dung/:user",
	  .handler = page_admin_user_update, .roles = ADMIN, .form = admin_role_unit_form },
	ADMIN_USER_POST("khoa", page_admin_user_disable),
	ADMIN_USER_POST("mo-khoa", page_admin_user_enable),
	ADMIN_USER_POST("dat-lai-mat-khau", page_admin_user_reset),
	ADMIN_USER_POST("xoa-hai-buoc", page_admin_user_reset_2fa),
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/bao-mat", .handler = page_admin_security,
	  .roles = ADMIN, .query = admin_security_query },
	{ .method = HTTP_POST, .pattern = "/quan-tri/cai-dat/bao-mat",
	  .handler = page_admin_security_post, .roles = ADMIN, .form = admin_security_form },
	{ .method = HTTP_GET, .pattern = "/dat-lai-mat-khau/:token", .handler = page_password_link },
	{ .method = HTTP_POST, .pattern = "/dat-lai-mat-khau/:token",
	  .handler = page_password_link_post, .form = password_link_form },
	{ .method = HTTP_GET, .pattern = "/dang-nhap/ma-xac-thuc", .handler = page_signin_code,
	  .query = signin_code_query },
	{ .method = HTTP_POST, .pattern = "/dang-nhap/ma-xac-thuc",
	  .handler = page_signin_code_post, .form = signin_code_form },
	{ .method = HTTP_GET, .pattern = "/tai-khoan/hai-buoc", .handler = page_twofactor },
	{ .method = HTTP_POST, .pattern = "/tai-khoan/hai-buoc", .handler = page_twofactor_post,
	  .form = twofactor_form },
	/* Issue 10 §8, §5, §6 (helper "audit"; docs/accountability.md, docs/admin-imports.md):
	 * the administrative record, imports as uploads, notification templates. */
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/thong-bao",
	  .handler = page_admin_notify_list, .roles = ADMIN, .query = admin_notify_query },
	{ .method = HTTP_GET, .pattern = "/quan-tri/cai-dat/thong-bao/:lang/:event",
	  .handler = page_admin_notify_edit, .roles = ADMIN },
	{ .method = HTTP_POST, .pattern = "/quan-tri/cai-dat/thong-bao/:lang/:event",
	  .handler = page_admin_notify_post, .roles = ADMIN, .form = admin_notify_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/nhat-ky", .handler = page_admin_log,
	  .roles = ADMIN, .query = admin_log_query },
	{ .method = HTTP_GET, .pattern = "/quan-tri/nhap", .handler = page_admin_imports,
	  .roles = ADMIN },
	{ .method = HTTP_POST, .pattern = "/quan-tri/nhap", .handler = page_admin_import_post,
	  .roles = ADMIN, .form = admin_import_form },
	{ .method = HTTP_GET, .pattern = "/quan-tri/nhap/:id", .handler = page_admin_import_job,
	  .roles = ADMIN },
	/* Issue 9, the leader's dashboard (helper "dash"; docs/dashboard.md): leaders and
	 * administrators, scoped to their unit subtree in the domain (dash_scope: 404). */
	{ .method = HTTP_GET, .pattern = "/bao-cao", .handler = page_dashboard,
	  .roles = DASH_ROLES, .query = dash_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/in", .handler = page_dashboard_print,
	  .roles = DASH_ROLES, .query = dash_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/xuat", .handler = page_dashboard_export,
	  .roles = DASH_ROLES, .query = dash_export_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/danh-sach", .handler = page_dashboard_list,
	  .roles = DASH_ROLES, .query = dash_list_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/danh-sach/xuat",
	  .handler = page_dashboard_list_export, .roles = DASH_ROLES, .query = dash_list_query },
	/* Issue 9, charts and at risk (helper "risk"; docs/at-risk.md, docs/charts.md). */
	{ .method = HTTP_GET, .pattern = "/bao-cao/bieu-do", .handler = page_risk_charts,
	  .roles = RISK_ROLES, .query = risk_charts_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/nguy-co", .handler = page_risk_atrisk,
	  .roles = RISK_ROLES, .query = risk_atrisk_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/nguy-co.csv", .handler = page_risk_atrisk_csv,
	  .roles = RISK_ROLES, .query = risk_atrisk_query },
	{ .method = HTTP_GET, .pattern = "/bao-cao/nguy-co.xlsx", .handler = page_risk_atrisk_xlsx,
	  .roles = RISK_ROLES, .query = risk_atrisk_query },
};

/* See web.h. */
const struct route *web_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
