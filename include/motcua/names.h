/* names.h - the enums whose names are stored in the database, and their name tables (store
 * layer: src/store/names.c). Each name is the text a column holds; where the schema spells a
 * CHECK list for that column, tests/unit/test_names.c compares it with the table both ways.
 * Roles are in role.h (same rule). The domain adds meaning (dossier.h, worktime.h); the store
 * only converts names and enums. */
#ifndef MOTCUA_NAMES_H
#define MOTCUA_NAMES_H

/* Longest dossier code kept (dossiers.code), NUL included. */
#define DOSSIER_CODE_MAX 64

/* States (dossiers.status, dossier_events.from_status/to_status) with the national status
 * codes of the National Public Service Portal. */
enum dossier_status {
	DS_DRAFT, DS_SUBMITTED, DS_RECEIVED, DS_REFUSED, DS_PROCESSING, DS_SUPPLEMENT,
	DS_PAYMENT, DS_WITHDRAWN, DS_STOPPED, DS_RESOLVED, DS_RETURNED, DS__MAX
};

/* Events (dossier_events.kind). reschedule and move_unit are administrative (issue 10:
 * a calendar change moves a due date; a closed unit hands its open dossiers over). */
enum event_kind {
	EV_SUBMIT, EV_RECEIVE, EV_REFUSE, EV_REQUEST_SUPPLEMENT, EV_SUPPLEMENT,
	EV_EXPIRE_SUPPLEMENT, EV_ASSIGN, EV_TRANSFER, EV_REQUEST_PAYMENT, EV_PAY, EV_APOLOGISE,
	EV_RESOLVE, EV_STOP, EV_WITHDRAW, EV_RETURN, EV_RATE, EV_RESCHEDULE, EV_MOVE_UNIT, EV__MAX
};

/* dossiers.channel, dossiers.outcome (NULL: OUT_NONE), dossiers.rating (NULL: RATING_NONE). */
enum channel { CH_ONLINE, CH_COUNTER, CH_POST, CH__MAX };
enum outcome { OUT_NONE = -1, OUT_EARLY, OUT_ON_TIME, OUT_LATE, OUT__MAX };
enum rating { RATING_NONE = -1, RATING_VERY, RATING_SATISFIED, RATING_DISSATISFIED, RATING__MAX };

/* procedures.duration_unit. */
enum duration_unit { DU_WORKING_DAYS, DU_WORKING_HOURS, DU_CALENDAR_DAYS, DU__MAX };

/* Names as stored ("received", "request_supplement", "on_time", ...): out of range gives "?"
 * (outcome and rating: "" for NONE and out of range). Parsers return -1 for an unknown name
 * or NULL. */
const char *dossier_status_name(enum dossier_status s);
int dossier_status_parse(const char *s);
/* National status code 1..10, or 0 for draft. */
int dossier_status_code(enum dossier_status s);
const char *event_kind_name(enum event_kind k);
int event_kind_parse(const char *s);
const char *channel_name(enum channel c);
int channel_parse(const char *s);
const char *outcome_name(enum outcome o);
int outcome_parse(const char *s);
const char *rating_name(enum rating r);
int rating_parse(const char *s);
const char *duration_unit_name(enum duration_unit u);
int duration_unit_parse(const char *s);

/* NULL-terminated lists of the values of text columns the code handles as text:
 * units.level (also the entries of procedures.levels), procedures.online_level and
 * procedures.supplement_policy. */
extern const char *const unit_level_names[];
extern const char *const online_level_names[];
extern const char *const supplement_policy_names[];

#endif
