/* slip.h - the statutory slips of a dossier (domain.md §9; docs/slips.md): what each form
 * prints, who may print it, and the ledger (Form 06). Pure reading: nothing here changes a
 * dossier. Views are jansson values ready for templates (the caller json_decref()s them). */
#ifndef MOTCUA_SLIP_H
#define MOTCUA_SLIP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/portal.h"	/* struct actor */

#define SLIP_LEDGER_PAGE 50		/* ledger rows on one screen page */
#define SLIP_LEDGER_PRINT_MAX 2000	/* ledger rows of one printed ledger (the rest: say so) */
#define SLIP_LEDGER_DAYS_MAX 366	/* longest period of one ledger */

/* The forms of Thông tư 01/2018/TT-VPCP printed per dossier, and the withdrawal notice. */
enum slip_form {
	SLIP_RECEIPT,		/* 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
	SLIP_SUPPLEMENT,	/* 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
	SLIP_REFUSAL,		/* 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ */
	SLIP_APOLOGY,		/* 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả */
	SLIP_CONTROL,		/* 05 Phiếu kiểm soát quá trình giải quyết hồ sơ */
	SLIP_WITHDRAWAL,	/* Thông báo dừng giải quyết hồ sơ */
	SLIP__MAX
};

/* The form of its URL name ("01".."05", "rut"), or -1. */
int slip_form_parse(const char *name);
/* The URL name of f ("01".."05", "rut"). */
const char *slip_form_name(enum slip_form f);
/* Whether the dossier's owner (citizen) may print f: every form but 05. */
bool slip_owner_may(enum slip_form f);

/* *out = what form f of dossier code prints, for who: as_owner, who must be its owner (and f
 * one the owner may print); otherwise desk_scope decides (staff whose unit subtree holds the
 * dossier's unit). Drafts never. E_NOTFOUND when who may not see it
 * (one answer for "none" and "not yours"). E_REFUSED when the form does not apply (yet): 01
 * before receipt, 02 without a supplement request, 03 without refusal, 04 without apology,
 * 05 before receipt, withdrawal unless withdrawn; *out is NULL then.
 * The view: {"form", "code", "status", "unit" {"code","name","address"}, "procedure"
 * {"code","name","field","result_name"}, "applicant" {"name","id_number","phone","address",
 * "email"}, "channel", "submitted_at", "received_at", "due_at", "promised_at",
 * "finished_at", "returned_at" (epoch, 0 = none), "components" [{"n","name","required",
 * "files" (how many attached to its slot), "attached" (files > 0)}], "event_at" (the event behind the slip: receive, last request_supplement,
 * refuse, apologise, withdraw; 0 for 05), "staff" (who recorded it, "" when unknown),
 * "reason" (the event's reason, ""), "items" [strings: the missing items, one a line],
 * "deadline" (end of the supplement window, 0), "handovers" (05 only, else []: desk_dossier's
 * Form 05 rows as [{"n","step","step_name","department" (name),"assignee","from_at",
 * "due_at","done_at" (0 = not known yet),"result" "early"|"on_time"|"late"|null}])}.
 * A staff view (!as_owner) is recorded in the view log ("slip"; admin_audit.h). */
enum err slip_view(struct db *db, const struct actor *who, bool as_owner, const char *code,
		   enum slip_form f, json_t **out);

/* Which forms of dossier code apply now for who (same rules as slip_view): avail[f] true when
 * slip_view would give E_OK. E_NOTFOUND when who may not see the dossier at all; E_DB. */
enum err slip_available(struct db *db, const struct actor *who, bool as_owner, const char *code,
			bool avail[SLIP__MAX]);

/* Form 06: dossiers of field field_id received in local days [day_from, day_to] in the
 * subtree of who's unit (staff; an admin's unit likewise), ordered by reception, rows
 * offset..offset+limit-1 (limit capped at SLIP_LEDGER_PRINT_MAX). *out = {"total", "rows"
 * [{"n" (1-based, counting from the period's first), "code","applicant","procedure",
 * "received_at","due_at","transferred_to","finished_at","returned_at","unit"}]}.
 * E_INVALID when day_to < day_from or the period is longer than SLIP_LEDGER_DAYS_MAX;
 * E_NOTFOUND when who has no unit; E_DB. */
enum err slip_ledger(struct db *db, const struct actor *who, int64_t field_id, int64_t day_from,
		     int64_t day_to, int offset, int limit, json_t **out);

#endif
