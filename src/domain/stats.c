/* stats.c - counter deltas of one event (docs/reports.md), row sums and the in-memory
 * accumulator used by batches and replays. */
#include "motcua/stats.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "motcua/clock.h"
#include "motcua/xalloc.h"

/* See stats.h. */
int64_t day_month_start(int64_t d)
{
	int y, m, dd;
	civil_from_days(d, &y, &m, &dd);
	return days_from_civil(y, m, 1);
}

/* See stats.h. */
int64_t day_year_start(int64_t d)
{
	int y, m, dd;
	civil_from_days(d, &y, &m, &dd);
	return days_from_civil(y, 1, 1);
}

/* Append one delta. */
static void put(struct stat_delta *out, int *n, int64_t day, enum metric m, int64_t v)
{
	if (*n < STAT_DELTAS_MAX)
		out[(*n)++] = (struct stat_delta){ day, m, v };
}

/* Whether s is a state in which the clock runs. */
static bool running_state(enum dossier_status s)
{
	return s == DS_RECEIVED || s == DS_PROCESSING;
}

/* End the running interval on day e: open -1 at e; the overdue +1 placed at
 * p = max(run_day, due_day + 1) is ended at e when e >= p, else cancelled at p. */
static void end_running(struct stat_track *t, int64_t e, struct stat_delta *out, int *n)
{
	int64_t p = t->due_day + 1 > t->run_day ? t->due_day + 1 : t->run_day;
	put(out, n, e, M_OPEN_DELTA, -1);
	put(out, n, e >= p ? e : p, M_OVERDUE_DELTA, -1);
	t->running = false;
}

/* Start a running interval on day s with the given due instant. */
static void start_running(struct stat_track *t, int64_t s, int64_t due_at, struct stat_delta *out,
			  int *n)
{
	t->running = true;
	t->run_day = s;
	t->due_day = local_day(due_at);
	int64_t p = t->due_day + 1 > s ? t->due_day + 1 : s;
	put(out, n, s, M_OPEN_DELTA, 1);
	put(out, n, p, M_OVERDUE_DELTA, 1);
}

/* See stats.h. */
int stats_track(struct stat_track *t, const struct stat_event *ev, struct stat_delta *out)
{
	int n = 0;
	int64_t day = local_day(ev->at);
	bool was_received = t->received;
	if (ev->kind == EV_RECEIVE && !t->received) {
		t->received = true;
		put(out, &n, day, M_RECEIVED, 1);
		static const enum metric by_channel[CH__MAX] = {
			[CH_ONLINE] = M_RECEIVED_ONLINE, [CH_COUNTER] = M_RECEIVED_COUNTER,
			[CH_POST] = M_RECEIVED_POST,
		};
		if (ev->channel < CH__MAX)
			put(out, &n, day, by_channel[ev->channel], 1);
		if (ev->fee)
			put(out, &n, day, M_RECEIVED_FEE, 1);
		if (ev->digitised)
			put(out, &n, day, M_RECEIVED_DIGITISED, 1);
		if (ev->paid_online && !t->paid_online) {	/* paid before reception */
			t->paid_online = true;
			put(out, &n, day, M_PAID_ONLINE, 1);
		}
	}
	if (!t->received)
		return n;
	/* Clock intervals and waits. */
	if (t->running && !running_state(ev->to))
		end_running(t, day, out, &n);
	if (t->waiting && ev->to != DS_SUPPLEMENT && ev->to != DS_PAYMENT) {
		put(out, &n, day, M_WAITING_DELTA, -1);
		t->waiting = false;
	}
	if (!t->running && running_state(ev->to))
		start_running(t, day, ev->due_at, out, &n);
	if (!t->waiting && (ev->to == DS_SUPPLEMENT || ev->to == DS_PAYMENT)) {
		put(out, &n, day, M_WAITING_DELTA, 1);
		t->waiting = true;
	}
	/* A reschedule of a running dossier (docs/calendar-changes.md): the interval with the
	 * old due ends and one with the new due starts, as on a return from a wait. */
	if (ev->kind == EV_RESCHEDULE && t->running) {
		end_running(t, day, out, &n);
		start_running(t, day, ev->due_at, out, &n);
	}
	/* Finishing (first of resolve / stop / withdraw / expiry after receipt). */
	if (!t->finished && (ev->to == DS_RESOLVED || ev->to == DS_STOPPED ||
			     ev->to == DS_WITHDRAWN)) {
		t->finished = true;
		static const enum metric by_outcome[OUT__MAX] = {
			[OUT_EARLY] = M_FIN_EARLY, [OUT_ON_TIME] = M_FIN_ON_TIME,
			[OUT_LATE] = M_FIN_LATE,
		};
		if (ev->outcome >= 0 && ev->outcome < OUT__MAX)
			put(out, &n, day, by_outcome[ev->outcome], 1);
		if (ev->proc_mdays)
			put(out, &n, day, M_PROC_MDAYS, ev->proc_mdays);
		if (ev->to == DS_RESOLVED && ev->result_doc) {
			put(out, &n, day, M_FIN_DOC, 1);
			if (ev->result_file)
				put(out, &n, day, M_FIN_EFILE, 1);
		}
	}
	switch (ev->kind) {
	case EV_REQUEST_SUPPLEMENT:
		if (was_received)
			put(out, &n, day, M_SUPPLEMENT_REQUESTS, 1);
		break;
	case EV_APOLOGISE:
		put(out, &n, day, M_APOLOGIES, 1);
		break;
	case EV_PAY:
		if (ev->pay_online && !t->paid_online) {
			t->paid_online = true;
			put(out, &n, day, M_PAID_ONLINE, 1);
		}
		break;
	case EV_RATE: {
		static const enum metric by_rating[RATING__MAX] = {
			[RATING_VERY] = M_RATING_VERY, [RATING_SATISFIED] = M_RATING_SATISFIED,
			[RATING_DISSATISFIED] = M_RATING_DISSATISFIED,
		};
		if (ev->rating >= 0 && ev->rating < RATING__MAX)
			put(out, &n, day, by_rating[ev->rating], 1);
		break;
	}
	default:
		break;
	}
	return n;
}

/* Integer member of a JSON object, or 0. */
static int64_t obj_int(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_true(v))
		return 1;
	return 0;
}

/* String member of a JSON object, or "". */
static const char *obj_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* See stats.h. */
enum err stats_event_from_row(const char *kind, const char *from, const char *to, int64_t at,
			      const char *data, struct stat_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	int k = event_kind_parse(kind);
	int t = dossier_status_parse(to);
	int f = from ? dossier_status_parse(from) : DS__MAX;
	if (k < 0 || t < 0 || f < 0)
		return E_INVALID;
	ev->kind = (enum event_kind)k;
	ev->to = (enum dossier_status)t;
	ev->from = (enum dossier_status)f;
	ev->at = at;
	ev->outcome = OUT_NONE;
	ev->rating = RATING_NONE;
	json_t *o = json_loads(data ? data : "{}", 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return E_INVALID;
	}
	ev->due_at = obj_int(o, "due_at");
	int c = channel_parse(obj_str(o, "channel"));
	ev->channel = c < 0 ? CH__MAX : (enum channel)c;
	ev->fee = obj_int(o, "fee") != 0;
	ev->digitised = obj_int(o, "digitised") != 0;
	const char *oc = obj_str(o, "outcome");
	for (int i = 0; i < OUT__MAX; i++)
		if (!strcmp(oc, outcome_name((enum outcome)i)))
			ev->outcome = (enum outcome)i;
	ev->proc_mdays = obj_int(o, "proc_mdays");
	ev->result_doc = obj_int(o, "result_doc") != 0;
	ev->result_file = *obj_str(o, "result_file") != '\0';
	ev->pay_online = !strcmp(obj_str(o, "method"), "online");
	ev->paid_online = ev->kind == EV_RECEIVE && obj_int(o, "paid_online") != 0;
	int r = rating_parse(obj_str(o, "rating"));
	ev->rating = r < 0 ? RATING_NONE : (enum rating)r;
	json_decref(o);
	return E_OK;
}

/* See stats.h. */
void stat_rows_free(struct stat_rows *r)
{
	free(r->rows);
	free(r->index);
	memset(r, 0, sizeof(*r));
}

/* Slot of (unit, procedure) in the index: its row or the empty slot to use. */
static size_t rows_slot(const struct stat_rows *r, int64_t unit_id, int64_t procedure_id)
{
	uint64_t h = (uint64_t)unit_id * 0x9E3779B97F4A7C15ull ^
		     ((uint64_t)procedure_id + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
	h ^= h >> 31;
	size_t i = (size_t)h & (size_t)(r->icap - 1);
	for (;; i = (i + 1) & (size_t)(r->icap - 1)) {
		int k = r->index[i];
		if (!k || (r->rows[k - 1].unit_id == unit_id &&
			   r->rows[k - 1].procedure_id == procedure_id))
			return i;
	}
}

/* See stats.h. */
const struct stat_row *stat_rows_find(const struct stat_rows *r, int64_t unit_id,
				      int64_t procedure_id)
{
	if (!r->icap)
		return NULL;
	int k = r->index[rows_slot(r, unit_id, procedure_id)];
	return k ? &r->rows[k - 1] : NULL;
}

/* See stats.h. */
struct stat_row *stat_rows_get(struct stat_rows *r, int64_t unit_id, int64_t procedure_id)
{
	if ((r->n + 1) * 2 > r->icap) {
		free(r->index);
		r->icap = r->icap ? r->icap * 2 : 256;
		r->index = xcalloc((size_t)r->icap, sizeof(*r->index));
		for (int i = 0; i < r->n; i++)
			r->index[rows_slot(r, r->rows[i].unit_id, r->rows[i].procedure_id)] = i + 1;
	}
	size_t slot = rows_slot(r, unit_id, procedure_id);
	if (r->index[slot])
		return &r->rows[r->index[slot] - 1];
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->rows = xrealloc(r->rows, sizeof(*r->rows) * (size_t)r->cap);
	}
	struct stat_row *row = &r->rows[r->n++];
	memset(row, 0, sizeof(*row));
	row->unit_id = unit_id;
	row->procedure_id = procedure_id;
	r->index[slot] = r->n;
	return row;
}

/* --- accumulator: open-addressing hash table of counter rows --- */

struct acc_slot {
	bool used;
	int level;
	int64_t bucket, unit_id, procedure_id;
	int64_t v[M__MAX];
};

struct stat_acc {
	struct acc_slot *slots;
	size_t cap, used;
	struct acc_slot **order;	/* used slots in key order, built by the first stat_acc_next */
	size_t norder;
	int64_t memo_day, memo_month, memo_year;	/* month and year of the last day seen */
};

/* See stats.h. */
struct stat_acc *stat_acc_new(void)
{
	struct stat_acc *a = xcalloc(1, sizeof(*a));
	a->cap = 4096;
	a->slots = xcalloc(a->cap, sizeof(*a->slots));
	a->memo_day = INT64_MIN;
	return a;
}

/* See stats.h. */
void stat_acc_free(struct stat_acc *a)
{
	if (!a)
		return;
	free(a->slots);
	free(a->order);
	free(a);
}

/* Hash of a key. */
static size_t acc_hash(int level, int64_t bucket, int64_t unit, int64_t proc)
{
	uint64_t h = (uint64_t)level * 0x9E3779B97F4A7C15ull;
	h ^= (uint64_t)bucket + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	h ^= (uint64_t)unit * 0xC2B2AE3D27D4EB4Full + (h << 6) + (h >> 2);
	h ^= (uint64_t)proc * 0x165667B19E3779F9ull + (h << 6) + (h >> 2);
	h ^= h >> 29;
	return (size_t)h;
}

/* Slot for a key, inserted when missing. */
static struct acc_slot *acc_slot(struct stat_acc *a, int level, int64_t bucket, int64_t unit,
				 int64_t proc);

/* Double the table. */
static void acc_grow(struct stat_acc *a)
{
	struct acc_slot *old = a->slots;
	size_t old_cap = a->cap;
	a->cap *= 2;
	a->slots = xcalloc(a->cap, sizeof(*a->slots));
	a->used = 0;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].used)
			continue;
		struct acc_slot *s = acc_slot(a, old[i].level, old[i].bucket, old[i].unit_id,
					      old[i].procedure_id);
		memcpy(s->v, old[i].v, sizeof(s->v));
	}
	free(old);
}

static struct acc_slot *acc_slot(struct stat_acc *a, int level, int64_t bucket, int64_t unit,
				 int64_t proc)
{
	if ((a->used + 1) * 10 > a->cap * 7)
		acc_grow(a);
	size_t i = acc_hash(level, bucket, unit, proc) & (a->cap - 1);
	for (;; i = (i + 1) & (a->cap - 1)) {
		struct acc_slot *s = &a->slots[i];
		if (!s->used) {
			s->used = true;
			s->level = level;
			s->bucket = bucket;
			s->unit_id = unit;
			s->procedure_id = proc;
			a->used++;
			return s;
		}
		if (s->level == level && s->bucket == bucket && s->unit_id == unit &&
		    s->procedure_id == proc)
			return s;
	}
}

/* See stats.h. */
void stat_acc_add(struct stat_acc *a, int64_t unit_id, int64_t procedure_id,
		  const struct stat_delta *d, int n)
{
	for (int i = 0; i < n; i++) {
		if (d[i].day != a->memo_day) {	/* deltas of one event share a few days */
			a->memo_day = d[i].day;
			a->memo_month = day_month_start(d[i].day);
			a->memo_year = day_year_start(d[i].day);
		}
		int64_t b[3] = { d[i].day, a->memo_month, a->memo_year };
		for (int level = 0; level < 3; level++)
			acc_slot(a, level, b[level], unit_id, procedure_id)->v[d[i].metric] +=
				d[i].value;
	}
}

/* qsort of slot pointers by (level, bucket, unit, procedure): the primary-key order of
 * stat_counters, so a flush walks the b-tree from left to right. */
static int by_key(const void *x, const void *y)
{
	const struct acc_slot *a = *(struct acc_slot *const *)x;
	const struct acc_slot *b = *(struct acc_slot *const *)y;
	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if (a->bucket != b->bucket)
		return a->bucket < b->bucket ? -1 : 1;
	if (a->unit_id != b->unit_id)
		return a->unit_id < b->unit_id ? -1 : 1;
	return a->procedure_id < b->procedure_id ? -1 : a->procedure_id > b->procedure_id;
}

/* See stats.h. Keys come in primary-key order; adding while iterating is not allowed. */
bool stat_acc_next(struct stat_acc *a, size_t *pos, int *level, int64_t *bucket, int64_t *unit,
		   int64_t *proc, const int64_t **v)
{
	if (*pos == 0) {
		free(a->order);
		a->order = xmalloc(sizeof(*a->order) * (a->used + 1));
		a->norder = 0;
		for (size_t i = 0; i < a->cap; i++)
			if (a->slots[i].used)
				a->order[a->norder++] = &a->slots[i];
		qsort(a->order, a->norder, sizeof(*a->order), by_key);
	}
	if (*pos >= a->norder)
		return false;
	const struct acc_slot *s = a->order[(*pos)++];
	*level = s->level;
	*bucket = s->bucket;
	*unit = s->unit_id;
	*proc = s->procedure_id;
	*v = s->v;
	return true;
}

/* See stats.h. */
void stat_acc_clear(struct stat_acc *a)
{
	memset(a->slots, 0, sizeof(*a->slots) * a->cap);
	a->used = 0;
}
