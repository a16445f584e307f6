/* test_proxy.c - the client address behind trusted proxies (X-Forwarded-For walk), the
 * rate-limit key (IPv6 /64), and --cookie-secure (__Host- cookies, HSTS) on a real server. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/http.h"
#include "raw_http.h"
#include "motcua/log.h"

/* client_ip_resolve with trusted set spec; returns a static copy of the answer. */
static const char *resolve(const char *spec, const char *peer, const char *xff)
{
	static char out[64];
	struct ip_set *set = NULL;
	if (ip_set_parse(spec, &set) != E_OK)
		return "(bad set)";
	client_ip_resolve(set, peer, xff, out, sizeof(out));
	ip_set_free(set);
	return out;
}

static void untrusted_peer_ignores_xff(void)
{
	CHECK_STR(resolve("127.0.0.1", "127.0.0.9", "203.0.113.7"), "127.0.0.9");
	CHECK_STR(resolve("", "127.0.0.1", "203.0.113.7"), "127.0.0.1");
	CHECK_STR(resolve("10.0.0.0/8", "192.168.1.1", "203.0.113.7"), "192.168.1.1");
}

static void trusted_peer_takes_last_untrusted_hop(void)
{
	/* nginx appends the address it saw: the client may prepend anything. */
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "203.0.113.7"), "203.0.113.7");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "1.1.1.1, 203.0.113.7"), "203.0.113.7");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "garbage, 203.0.113.7"), "203.0.113.7");
	/* Two proxies in a row: walk past both. */
	CHECK_STR(resolve("127.0.0.1, 10.0.0.0/8", "127.0.0.1", "1.1.1.1, 203.0.113.7, 10.2.3.4"),
		  "203.0.113.7");
	CHECK_STR(resolve("127.0.0.1,10.1.2.3", "10.1.2.3", "198.51.100.1 ,127.0.0.1"),
		  "198.51.100.1");
	/* Every hop trusted: the leftmost is the client. */
	CHECK_STR(resolve("127.0.0.0/8", "127.0.0.1", "127.0.0.5, 127.0.0.6"), "127.0.0.5");
	/* IPv6 hops are normalised. */
	CHECK_STR(resolve("::1", "::1", "2001:DB8:0:0::1"), "2001:db8::1");
	CHECK_STR(resolve("::1", "::1", "[2001:db8::2]"), "2001:db8::2");
}

static void malformed_xff_keeps_the_peer(void)
{
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", ""), "127.0.0.1");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "203.0.113.7:4431"), "127.0.0.1");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "unknown"), "127.0.0.1");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "203.0.113.7,"), "127.0.0.1");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "1.2.3.4, , 127.0.0.1"), "127.0.0.1");
	CHECK_STR(resolve("127.0.0.1", "127.0.0.1", "999.1.1.1"), "127.0.0.1");
}

static void mapped_ipv4_peer_counts_as_ipv4(void)
{
	CHECK_STR(resolve("127.0.0.1", "::ffff:127.0.0.1", "203.0.113.9"), "203.0.113.9");
	CHECK_STR(resolve("", "::ffff:192.0.2.1", NULL), "192.0.2.1");
}

static void trusted_set_parses_addresses_and_cidr(void)
{
	struct ip_set *s = NULL;
	CHECK_INT(ip_set_parse("127.0.0.1, 10.0.0.0/8 192.168.0.0/16,2001:db8::/32", &s), E_OK);
	CHECK_INT(ip_set_count(s), 4);
	CHECK(ip_set_has(s, "127.0.0.1"));
	CHECK(!ip_set_has(s, "127.0.0.2"));
	CHECK(ip_set_has(s, "10.255.1.2"));
	CHECK(!ip_set_has(s, "11.0.0.1"));
	CHECK(ip_set_has(s, "192.168.44.1"));
	CHECK(ip_set_has(s, "2001:db8:ffff::1"));
	CHECK(!ip_set_has(s, "2001:db9::1"));
	CHECK(!ip_set_has(s, "not-an-ip"));
	ip_set_free(s);
	CHECK_INT(ip_set_parse("10.0.0.0/33", &s), E_INVALID);
	CHECK_INT(ip_set_parse("localhost", &s), E_INVALID);
	CHECK_INT(ip_set_parse("10.0.0.1/", &s), E_INVALID);
	CHECK_INT(ip_set_parse("::/129", &s), E_INVALID);
	CHECK_INT(ip_set_parse("10.1.0.0/12x", &s), E_INVALID);
	CHECK_INT(ip_set_parse("10.16.0.0/12", &s), E_OK);
	CHECK(ip_set_has(s, "10.31.255.255"));
	CHECK(!ip_set_has(s, "10.32.0.0"));
	ip_set_free(s);
}

static void key_is_ipv4_address_or_ipv6_slash64(void)
{
	char k[64];
	client_key_of("203.0.113.7", k, sizeof(k));
	CHECK_STR(k, "203.0.113.7");
	client_key_of("2001:db8:1:2:aaaa:bbbb:cccc:dddd", k, sizeof(k));
	CHECK_STR(k, "2001:db8:1:2::/64");
	char k2[64];
	client_key_of("2001:db8:1:2::99", k2, sizeof(k2));
	CHECK_STR(k2, k);	/* same /64: same key */
	client_key_of("2001:db8:1:3::1", k2, sizeof(k2));
	CHECK_STR(k2, "2001:db8:1:3::/64");
	client_key_of("::1", k, sizeof(k));
	CHECK_STR(k, "::/64");
	client_key_of("::ffff:198.51.100.4", k, sizeof(k));
	CHECK_STR(k, "198.51.100.4");
}

/* ---- a real server with trusted_proxy and cookie_secure ---- */
static unsigned port;

/* GET /who: the client address, its key and the cookie "lang"; sets cookie "lang". */
static void h_who(struct request *req, struct response *res)
{
	const char *lang = req_cookie(req, "lang");
	buf_printf(res_body(res), "ip=%s key=%s lang=%s", req_client_ip(req), req_client_key(req),
		   lang ? lang : "-");
	res_cookie(res, "lang", "en", 60, true);
}

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/who", .handler = h_who },
};

/* Send raw from source address src (NULL = any) and read the whole answer into out. */
static void http_from(const char *src, const char *raw, struct buf *out)
{
	raw_exchange(port, src, raw, strlen(raw), out);
}

static void server_resolves_client_behind_trusted_proxy(void)
{
	struct buf b = BUF_INIT;
	http_from("127.0.0.1", "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			       "X-Forwarded-For: 6.6.6.6, 203.0.113.7\r\n\r\n", &b);
	CHECK_STR(raw_body(&b), "ip=203.0.113.7 key=203.0.113.7 lang=-");
	http_from("127.0.0.1", "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			       "X-Forwarded-For: 2001:db8:5:6:7::8\r\n\r\n", &b);
	CHECK_STR(raw_body(&b), "ip=2001:db8:5:6:7::8 key=2001:db8:5:6::/64 lang=-");
	/* From a peer that is not trusted the header is ignored. */
	http_from("127.0.0.2", "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			       "X-Forwarded-For: 203.0.113.7\r\n\r\n", &b);
	CHECK_STR(raw_body(&b), "ip=127.0.0.2 key=127.0.0.2 lang=-");
	buf_free(&b);
}

static void cookie_secure_gives_host_prefix_and_hsts(void)
{
	struct buf b = BUF_INIT;
	http_from(NULL, "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			"Cookie: lang=vi\r\n\r\n", &b);
	CHECK(strstr(buf_str(&b), "\r\nSet-Cookie: __Host-lang=en; Path=/; SameSite=Lax; "
				  "Max-Age=60; HttpOnly; Secure\r\n") != NULL);
	CHECK(strstr(buf_str(&b), "\r\nStrict-Transport-Security: max-age=31536000\r\n") != NULL);
	/* A cookie without the prefix (planted over plain HTTP or by a subdomain) is ignored. */
	CHECK(strstr(raw_body(&b), "lang=-") != NULL);
	http_from(NULL, "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			"Cookie: __Host-lang=vi\r\n\r\n", &b);
	CHECK(strstr(raw_body(&b), "lang=vi") != NULL);
	http_from(NULL, "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &b);
	CHECK(strstr(buf_str(&b), "\r\nStrict-Transport-Security: max-age=31536000\r\n") != NULL);
	buf_free(&b);
}

static void start_rejects_bad_trusted_proxy(void)
{
	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	l.trusted_proxy = "127.0.0.1, nginx.local";
	struct http_server *s = NULL;
	CHECK_INT(http_server_start(&l, routes, 1, NULL, &s), E_INVALID);
	CHECK(s == NULL);
}

int main(void)
{
	log_set_level(LOG_WARN);
	RUN(untrusted_peer_ignores_xff);
	RUN(trusted_peer_takes_last_untrusted_hop);
	RUN(malformed_xff_keeps_the_peer);
	RUN(mapped_ipv4_peer_counts_as_ipv4);
	RUN(trusted_set_parses_addresses_and_cidr);
	RUN(key_is_ipv4_address_or_ipv6_slash64);
	RUN(start_rejects_bad_trusted_proxy);

	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	l.threads = 2;
	l.bind = "127.0.0.1";
	l.cookie_secure = true;
	l.trusted_proxy = "127.0.0.1";
	struct http_server *server = NULL;
	if (http_server_start(&l, routes, sizeof(routes) / sizeof(routes[0]), NULL, &server) != E_OK)
		return 1;
	port = http_server_port(server);
	RUN(server_resolves_client_behind_trusted_proxy);
	RUN(cookie_secure_gives_host_prefix_and_hsts);
	http_server_stop(server);
	return harness_done("test_proxy");
}
