/* names.c - stored names of states, events, channels, outcomes, ratings, duration units and
 * the text-valued columns of units and procedures (names.h). */
#include "motcua/names.h"

#include <string.h>

static const char *const status_names[DS__MAX] = {
	[DS_DRAFT] = "draft", [DS_SUBMITTED] = "submitted", [DS_RECEIVED] = "received",
	[DS_REFUSED] = "refused", [DS_PROCESSING] = "processing", [DS_SUPPLEMENT] = "supplement",
	[DS_PAYMENT] = "payment", [DS_WITHDRAWN] = "withdrawn", [DS_STOPPED] = "stopped",
	[DS_RESOLVED] = "resolved", [DS_RETURNED] = "returned",
};

/* National status codes (domain.md §4); draft has none. */
static const int status_codes[DS__MAX] = {
	[DS_DRAFT] = 0, [DS_SUBMITTED] = 1, [DS_RECEIVED] = 2, [DS_REFUSED] = 3,
	[DS_PROCESSING] = 4, [DS_SUPPLEMENT] = 5, [DS_PAYMENT] = 6, [DS_WITHDRAWN] = 7,
	[DS_STOPPED] = 8, [DS_RESOLVED] = 9, [DS_RETURNED] = 10,
};

static const char *const event_names[EV__MAX] = {
	[EV_SUBMIT] = "submit", [EV_RECEIVE] = "receive", [EV_REFUSE] = "refuse",
	[EV_REQUEST_SUPPLEMENT] = "request_supplement", [EV_SUPPLEMENT] = "supplement",
	[EV_EXPIRE_SUPPLEMENT] = "expire_supplement", [EV_ASSIGN] = "assign",
	[EV_TRANSFER] = "transfer", [EV_REQUEST_PAYMENT] = "request_payment", [EV_PAY] = "pay",
	[EV_APOLOGISE] = "apologise", [EV_RESOLVE] = "resolve", [EV_STOP] = "stop",
	[EV_WITHDRAW] = "withdraw", [EV_RETURN] = "return", [EV_RATE] = "rate",
	[EV_RESCHEDULE] = "reschedule", [EV_MOVE_UNIT] = "move_unit",
};

static const char *const channel_names[CH__MAX] = {
	[CH_ONLINE] = "online", [CH_COUNTER] = "counter", [CH_POST] = "post",
};

static const char *const outcome_names[OUT__MAX] = {
	[OUT_EARLY] = "early", [OUT_ON_TIME] = "on_time", [OUT_LATE] = "late",
};

static const char *const rating_names[RATING__MAX] = {
	[RATING_VERY] = "very_satisfied", [RATING_SATISFIED] = "satisfied",
	[RATING_DISSATISFIED] = "dissatisfied",
};

static const char *const duration_unit_names[DU__MAX] = {
	[DU_WORKING_DAYS] = "working_days", [DU_WORKING_HOURS] = "working_hours",
	[DU_CALENDAR_DAYS] = "calendar_days",
};

const char *const unit_level_names[] = { "province", "district", "commune", "department", NULL };
const char *const online_level_names[] = { "info", "partial", "full", NULL };
const char *const supplement_policy_names[] = { "restart", "pause", NULL };

/* Index of s in names[0..n), or -1. */
static int find(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* See names.h. */
const char *dossier_status_name(enum dossier_status s)
{
	return s < DS__MAX ? status_names[s] : "?";
}

/* See names.h. */
int dossier_status_parse(const char *s)
{
	return find(status_names, DS__MAX, s);
}

/* See names.h. */
int dossier_status_code(enum dossier_status s)
{
	return s < DS__MAX ? status_codes[s] : 0;
}

/* See names.h. */
const char *event_kind_name(enum event_kind k)
{
	return k < EV__MAX ? event_names[k] : "?";
}

/* See names.h. */
int event_kind_parse(const char *s)
{
	return find(event_names, EV__MAX, s);
}

/* See names.h. */
const char *channel_name(enum channel c)
{
	return c < CH__MAX ? channel_names[c] : "?";
}

/* See names.h. */
int channel_parse(const char *s)
{
	return find(channel_names, CH__MAX, s);
}

/* See names.h. */
const char *outcome_name(enum outcome o)
{
	return o >= 0 && o < OUT__MAX ? outcome_names[o] : "";
}

/* See names.h. */
int outcome_parse(const char *s)
{
	return find(outcome_names, OUT__MAX, s);
}

/* See names.h. */
const char *rating_name(enum rating r)
{
	return r >= 0 && r < RATING__MAX ? rating_names[r] : "";
}

/* See names.h. */
int rating_parse(const char *s)
{
	return find(rating_names, RATING__MAX, s);
}

/* See names.h. */
const char *duration_unit_name(enum duration_unit u)
{
	return (unsigned)u < DU__MAX ? duration_unit_names[u] : "?";
}

/* See names.h. */
int duration_unit_parse(const char *s)
{
	return find(duration_unit_names, DU__MAX, s);
}
