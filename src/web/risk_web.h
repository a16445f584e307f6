/* risk_web.h - what the leader's charts and at-risk pages share (src/web/risk_*.c). */
#ifndef MOTCUA_RISK_WEB_H
#define MOTCUA_RISK_WEB_H

#include <stdint.h>

#include "motcua/portal.h"	/* struct actor */
#include "motcua/web.h"

/* The signed-in account as an actor of the domain (id, role, unit). */
struct actor risk_actor(struct request *req);

/* The account's unit: code, name and subtree path copied into the arena. E_NOTFOUND when the
 * account has no unit, E_DB. */
struct risk_unit {
	int64_t id;
	const char *code, *name, *path;
};
enum err risk_unit_of(struct request *req, int64_t unit_id, struct risk_unit *out);

/* The year of ?nam (2000..2100), else the current local year. */
int risk_year(struct request *req);

/* s percent-encoded as a query value (RFC 3986 unreserved kept), in the arena. */
const char *risk_query_escape(struct request *req, const char *s);

/* "94,34 %" (vi) / "94.34%" (en) of a rate (a fraction) or "—" when null; in the arena. */
const char *risk_rate_text(struct request *req, const json_t *rate);

/* A copy (new reference) of the value kept under key if younger than 60 s at now, or NULL;
 * risk_cache_put keeps a copy of value under key (replacing the oldest of 32 entries). Shared
 * by the server threads (locked). */
json_t *risk_cache_get(const char *key, int64_t now);
void risk_cache_put(const char *key, int64_t now, const json_t *value);

#endif
