/* proxy.c - the client address behind trusted reverse proxies (X-Forwarded-For) and the
 * rate-limit key of a client (IPv4 address, IPv6 /64). */
#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

/* One address (IPv4 in 4 bytes, IPv6 in 16) with a prefix length. */
struct ip_net {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned bits;			/* prefix length: 32 or 128 for a single address */
};

struct ip_set {
	size_t n;
	struct ip_net *nets;
};

/* Parse the address s[0..n) ("1.2.3.4", "2001:db8::1", "[2001:db8::1]") into *out (bits set
 * to the full length). An IPv4-mapped IPv6 address becomes IPv4. False when malformed. */
static bool ip_parse(const char *s, size_t n, struct ip_net *out)
{
	char text[INET6_ADDRSTRLEN + 2];
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(text))
		return false;
	memcpy(text, s, n);
	text[n] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, text, out->addr) == 1) {
		out->family = AF_INET;
		out->bits = 32;
		return true;
	}
	if (inet_pton(AF_INET6, text, out->addr) != 1)
		return false;
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (memcmp(out->addr, mapped, sizeof(mapped)) == 0) {
		memmove(out->addr, out->addr + 12, 4);
		memset(out->addr + 4, 0, 12);
		out->family = AF_INET;
		out->bits = 32;
		return true;
	}
	out->family = AF_INET6;
	out->bits = 128;
	return true;
}

/* True when addr lies in net (same family, first net->bits bits equal). */
static bool net_has(const struct ip_net *net, const struct ip_net *addr)
{
	if (net->family != addr->family)
		return false;
	unsigned full = net->bits / 8, rest = net->bits % 8;
	if (memcmp(net->addr, addr->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (net->addr[full] & mask) == (addr->addr[full] & mask);
}

/* See http.h. */
enum err ip_set_parse(const char *spec, struct ip_set **out)
{
	*out = NULL;
	struct ip_set *set = xcalloc(1, sizeof(*set));
	const char *p = spec ? spec : "";
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		const char *start = p;
		while (*p && *p != ',' && !isspace((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - start);
		const char *slash = memchr(start, '/', len);
		struct ip_net net;
		if (!ip_parse(start, slash ? (size_t)(slash - start) : len, &net))
			goto bad;
		if (slash) {
			const char *d = slash + 1;
			unsigned bits = 0;
			if (d == p || p - d > 3)
				goto bad;
			for (; d < p; d++) {
				if (!isdigit((unsigned char)*d))
					goto bad;
				bits = bits * 10 + (unsigned)(*d - '0');
			}
			unsigned max = net.family == AF_INET ? 32 : 128;
			/* "::ffff:10.0.0.0/104" was turned into IPv4: shift its prefix too. */
			if (net.family == AF_INET && memchr(start, ':', (size_t)(slash - start))) {
				if (bits < 96)
					goto bad;
				bits -= 96;
			}
			if (bits > max)
				goto bad;
			net.bits = bits;
		}
		set->nets = xrealloc(set->nets, (set->n + 1) * sizeof(*set->nets));
		set->nets[set->n++] = net;
		continue;
bad:
		log_error("http: bad trusted proxy address '%.*s'", (int)len, start);
		ip_set_free(set);
		return E_INVALID;
	}
	*out = set;
	return E_OK;
}

/* True when the parsed address is in set. */
static bool set_has(const struct ip_set *set, const struct ip_net *addr)
{
	for (size_t i = 0; set && i < set->n; i++)
		if (net_has(&set->nets[i], addr))
			return true;
	return false;
}

/* See http.h. */
bool ip_set_has(const struct ip_set *set, const char *addr)
{
	struct ip_net a;
	return addr && ip_parse(addr, strlen(addr), &a) && set_has(set, &a);
}

/* See http.h. */
size_t ip_set_count(const struct ip_set *set)
{
	return set ? set->n : 0;
}

/* See http.h. */
void ip_set_free(struct ip_set *set)
{
	if (!set)
		return;
	free(set->nets);
	free(set);
}

/* Write the address a as text into out (n bytes, at least INET6_ADDRSTRLEN). */
static void ip_text(const struct ip_net *a, char *out, size_t n)
{
	if (!inet_ntop(a->family, a->addr, out, (socklen_t)n))
		snprintf(out, n, "-");
}

/* See http.h. */
void client_ip_resolve(const struct ip_set *trusted, const char *peer, const char *xff,
		       char *out, size_t n)
{
	struct ip_net p;
	if (!peer || !ip_parse(peer, strlen(peer), &p)) {
		snprintf(out, n, "%s", peer ? peer : "-");
		return;
	}
	ip_text(&p, out, n);
	if (!xff || !set_has(trusted, &p))
		return;
	/* Walk the hops right to left: the first one that is not a trusted proxy is the
	 * client. A malformed hop reached on the way means a proxy we trust wrote nonsense:
	 * keep the peer. When every hop is trusted, the leftmost one is the client. */
	const char *end = xff + strlen(xff);
	struct ip_net hop, last;
	bool have_last = false;
	while (end > xff) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *a = start, *b = end;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		end = start > xff ? start - 1 : xff;
		if (!ip_parse(a, (size_t)(b - a), &hop))
			return;
		if (!set_has(trusted, &hop)) {
			ip_text(&hop, out, n);
			return;
		}
		last = hop;
		have_last = true;
		if (start == xff)
			break;
	}
	if (have_last)
		ip_text(&last, out, n);
}

/* See http.h. */
void client_key_of(const char *ip, char *out, size_t n)
{
	struct ip_net a;
	if (!ip || !ip_parse(ip, strlen(ip), &a)) {
		snprintf(out, n, "%s", ip ? ip : "-");
		return;
	}
	if (a.family == AF_INET) {
		ip_text(&a, out, n);
		return;
	}
	memset(a.addr + 8, 0, 8);
	char text[INET6_ADDRSTRLEN];
	ip_text(&a, text, sizeof(text));
	snprintf(out, n, "%s/64", text);
}

/* MHD header iterator: remember the last X-Forwarded-For value (the nearest proxy's). */
static enum MHD_Result last_xff(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	if (key && strcasecmp(key, "X-Forwarded-For") == 0)
		*(const char **)cls = value;
	return MHD_YES;
}

/* See internal.h. */
void proxy_client_ip(struct http_server *s, struct MHD_Connection *c, char *ip, size_t n)
{
	if (!s->trusted || s->trusted->n == 0 || !c)
		return;
	const char *xff = NULL;
	MHD_get_connection_values(c, MHD_HEADER_KIND, last_xff, &xff);
	if (!xff)
		return;
	char peer[64];
	snprintf(peer, sizeof(peer), "%s", ip);
	client_ip_resolve(s->trusted, peer, xff, ip, n);
}

/* See http.h. */
const char *req_client_key(struct request *r)
{
	char key[INET6_ADDRSTRLEN + 4];
	client_key_of(r->ip, key, sizeof(key));
	return arena_strdup(r->arena, key);
}
