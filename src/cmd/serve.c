/* serve.c - `motcua serve`: run the web server until SIGTERM or SIGINT. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/digest_timer.h"
#include "motcua/http.h"
#include "motcua/keyguard.h"
#include "motcua/log.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "motcua/settings_store.h"
#include "motcua/web.h"
#include "outbox_cli.h"

/* Open the database once to check that its schema is exactly what this binary knows; prints
 * what to do otherwise. Returns true when the server may start. */
static bool schema_ready(const char *db_file, const char *migrations)
{
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return false;
	int have = db_user_version(db);
	int want = migrate_latest(migrations);
	db_close(db);
	if (have == want && want > 0)
		return true;
	if (have > want)
		fprintf(stderr, "motcua serve: database %s has schema %d, newer than this program "
				"(%d): use a newer motcua\n", db_file, have, want);
	else
		fprintf(stderr, "motcua serve: database %s has schema %d, this program needs %d: "
				"run `motcua migrate --db %s` first\n", db_file, have, want, db_file);
	return false;
}

/* The server key may be loaded (or made): see keyguard.h. */
static bool key_ready(const char *db_file)
{
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return false;
	bool ok = server_key_may_load(db, db_file, "motcua serve");
	db_close(db);
	return ok;
}

/* Print where to go and, for the demo database, which accounts exist. */
static void print_welcome(const char *db_file, unsigned port)
{
	printf("motcua: serving %s on http://127.0.0.1:%u/  (Ctrl-C to stop)\n", db_file, port);
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return;
	static const char *const keys[] = { "demo_accounts", "demo_lookups" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct buf text = BUF_INIT;
		if (settings_get(db, keys[i], &text) == E_OK)
			printf("%s\n", buf_str(&text));
		buf_free(&text);
	}
	db_close(db);
	fflush(stdout);
}

/* Set app->public_url from --public-url (checked: http:// or https://, printable ASCII
 * without quotes, spaces or '<>', trailing '/' dropped), else from the bind address and
 * port. false after printing why. */
static bool public_url_set(struct app *app, const char *given, const char *bind, unsigned port)
{
	char *u = app->public_url;
	size_t cap = sizeof(app->public_url);
	if (!given) {
		const char *host = !bind || !strcmp(bind, "0.0.0.0") || !strcmp(bind, "::")
					   ? "127.0.0.1" : bind;
		snprintf(u, cap, strchr(host, ':') ? "http://[%s]:%u" : "http://%s:%u", host, port);
		return true;
	}
	size_t n = strlen(given);
	bool ok = n < cap && (!strncmp(given, "http://", 7) || !strncmp(given, "https://", 8));
	for (size_t i = 0; ok && i < n; i++)
		ok = given[i] > ' ' && given[i] < 127 && !strchr("\"'<>\\", given[i]);
	if (!ok) {
		fprintf(stderr, "motcua serve: --public-url (MOTCUA_PUBLIC_URL): '%s' is not an "
				"http:// or https:// address (e.g. https://dichvucong.example.vn)\n",
			given);
		return false;
	}
	while (n > 0 && given[n - 1] == '/')
		n--;
	snprintf(u, cap, "%.*s", (int)n, given);
	return true;
}

/* Free the senders of a server that does not start. */
static void free_senders(struct sender *senders[OUTBOX_CHANNEL__MAX])
{
	for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
		sender_free(senders[i]);
}

/* See cmd.h. */
int cmd_serve(int argc, char **argv, int first)
{
	/* SIGTERM and SIGINT are taken only by sigwait in http_server_wait_for_signal: blocked
	 * here, before any thread exists, so every thread (MHD's, the workers, the delivery
	 * thread) inherits the mask and a signal arriving before the wait (right after the
	 * welcome line) is kept pending instead of killing the process. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	struct http_limits lim;
	http_limits_default(&lim);
	const char *db_file = default_db_path();
	const char *bind = NULL;
	const char *trusted_proxy = NULL;
	const char *public_url = NULL;
	char static_buf[4096], templates_buf[4096], migrations_buf[4096];
	const char *static_dir = share_path(static_buf, sizeof(static_buf), "static");
	const char *templates = share_path(templates_buf, sizeof(templates_buf), "templates");
	const char *migrations = share_path(migrations_buf, sizeof(migrations_buf), "migrations");
	int64_t port = 8080, threads = lim.threads, timeout = lim.connection_timeout_s;
	int64_t per_ip = lim.per_ip_connections, body_max = (int64_t)lim.body_max;
	int64_t header_max = (int64_t)lim.header_memory;
	int64_t max_conn = lim.max_connections;
	int64_t upload_max = (int64_t)lim.file_max, uploads_max = lim.files_max;
	const char *files = NULL;
	char files_buf[4096];
	bool strict = false, quiet = false, cookie_secure = false;
	const char *digest_at = "07:00";
	bool no_digest = false;
	struct account_policy policy;
	account_policy_default(&policy);
	int64_t idle_min = policy.idle_s / 60, max_hours = policy.absolute_s / 3600;
	int64_t signin_slots = 0, signin_wait = 10000, signin_queue = 256;
	int64_t fail_account = policy.by_account.failures, fail_client = policy.by_client.failures;
	int64_t registrations = policy.registrations.failures;
	struct outbox_settings outbox;
	outbox_settings_default(&outbox);
	struct outbox_policy retry;
	outbox_policy_default(&retry);
	int64_t retry_base = retry.base_s, retry_cap = retry.cap_s, retry_max = retry.max_attempts;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "port", "MOTCUA_PORT", CLI_INT, &port, 0, 65535, "TCP port (0 = any free port)" },
		{ "bind", "MOTCUA_BIND", CLI_STR, &bind, 0, 0, "listen address (default all)" },
		{ "threads", "MOTCUA_THREADS", CLI_INT, &threads, 1, 256, "server threads" },
		{ "timeout", "MOTCUA_TIMEOUT", CLI_INT, &timeout, 1, 3600, "idle connection timeout, s" },
		{ "per-ip", "MOTCUA_PER_IP", CLI_INT, &per_ip, 1, 10000, "connections per client address" },
		{ "max-connections", "MOTCUA_MAX_CONNECTIONS", CLI_INT, &max_conn, 1, 1000000, "open connections in all (default 1000)" },
		{ "body-max", "MOTCUA_BODY_MAX", CLI_INT, &body_max, 1024, 1 << 30, "request body cap, bytes" },
		{ "header-max", "MOTCUA_HEADER_MAX", CLI_INT, &header_max, 4096, 1 << 20, "request header cap, bytes" },
		{ "trusted-proxy", "MOTCUA_TRUSTED_PROXY", CLI_STR, &trusted_proxy, 0, 0,
		  "reverse proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, comma-separated" },
		{ "public-url", "MOTCUA_PUBLIC_URL", CLI_STR, &public_url, 0, 0,
		  "the site's public address for QR codes (default http://<bind>:<port>)" },
		{ "cookie-secure", "MOTCUA_COOKIE_SECURE", CLI_BOOL, &cookie_secure, 0, 0,
		  "behind TLS: Secure __Host- cookies and HSTS" },
		{ "upload-max", "MOTCUA_UPLOAD_MAX", CLI_INT, &upload_max, 1024, (int64_t)1 << 32, "bytes per uploaded file (default 10 MiB)" },
		{ "uploads-max", "MOTCUA_UPLOADS_MAX", CLI_INT, &uploads_max, 1, 100, "uploaded files per request (default 10)" },
		{ "digest-at", "MOTCUA_DIGEST_AT", CLI_STR, &digest_at, 0, 0, "local time (HH:MM, Asia/Ho_Chi_Minh) of the daily work-list digest email (default 07:00)" },
		{ "no-digest", "MOTCUA_NO_DIGEST", CLI_BOOL, &no_digest, 0, 0, "do not send the daily digest from the server (`motcua digest` still can)" },
		{ "files", "MOTCUA_FILES", CLI_STR, &files, 0, 0, "file store folder (default: files beside the database)" },
		{ "templates", "MOTCUA_TEMPLATES", CLI_STR, &templates, 0, 0, "templates folder" },
		{ "static", "MOTCUA_STATIC", CLI_STR, &static_dir, 0, 0, "static files folder" },
		{ "migrations", "MOTCUA_MIGRATIONS", CLI_STR, &migrations, 0, 0, "migrations folder" },
		{ "strict-templates", "MOTCUA_STRICT", CLI_BOOL, &strict, 0, 0, "fail pages on undefined template keys (tests)" },
		{ "quiet", "MOTCUA_QUIET", CLI_BOOL, &quiet, 0, 0, "no access log lines" },
		{ "session-idle", "MOTCUA_SESSION_IDLE", CLI_INT, &idle_min, 1, 24 * 60, "minutes of inactivity that end a session" },
		{ "session-max", "MOTCUA_SESSION_MAX", CLI_INT, &max_hours, 1, 24 * 30, "hours after sign-in that end a session" },
		{ "signin-slots", "MOTCUA_SIGNIN_SLOTS", CLI_INT, &signin_slots, 0, 256, "Argon2id hashes at once (0 = cores - 1, at least 1): the deferred-work threads" },
		{ "signin-queue", "MOTCUA_SIGNIN_QUEUE", CLI_INT, &signin_queue, 0, 100000, "sign-ins and password changes waiting for a hashing thread; more get 503" },
		{ "signin-wait", "MOTCUA_SIGNIN_WAIT", CLI_INT, &signin_wait, 0, 60000, "ms a sign-in waits in the queue for a hashing thread before 503" },
		{ "signin-failures", "MOTCUA_SIGNIN_FAILURES", CLI_INT, &fail_account, 1, 1000, "failed sign-ins per account in 15 min before delays" },
		{ "signin-ip-failures", "MOTCUA_SIGNIN_IP_FAILURES", CLI_INT, &fail_client, 1, 100000, "failed sign-ins per client address in 15 min before delays" },
		{ "register-limit", "MOTCUA_REGISTER_LIMIT", CLI_INT, &registrations, 1, 100000, "registration attempts per client address in an hour before delays" },
		OUTBOX_CLI_OPTS(outbox, retry_base, retry_cap, retry_max),
	};
	const struct cli_spec spec = { "motcua serve", "run the web server", NULL, opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (quiet)
		log_set_level(LOG_WARN);
	struct ip_set *trusted = NULL;
	if (ip_set_parse(trusted_proxy, &trusted) != E_OK) {
		fprintf(stderr, "motcua serve: --trusted-proxy (MOTCUA_TRUSTED_PROXY): '%s' is not a "
				"list of addresses or CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8)\n",
			trusted_proxy);
		return 2;
	}
	ip_set_free(trusted);
	int digest_minute = 0;
	if (!parse_hhmm(digest_at, &digest_minute)) {
		fprintf(stderr, "motcua serve: --digest-at (MOTCUA_DIGEST_AT): '%s' is not a time "
			"HH:MM (00:00 to 23:59)\n", digest_at);
		return 2;
	}
	if (!schema_ready(db_file, migrations) || !key_ready(db_file))
		return 1;
	if (!files && !(files = files_dir_for_db(db_file, files_buf, sizeof(files_buf)))) {
		fprintf(stderr, "motcua serve: the path of the file store is too long\n");
		return 1;
	}
	if (upload_dir_prepare(files) != E_OK) {
		fprintf(stderr, "motcua serve: cannot use the file store %s\n", files);
		return 1;
	}
	struct app app = { .db_path = db_file, .files_dir = files, .upload_max = (size_t)upload_max,
			   .uploads_max = (unsigned)uploads_max };
	if (!public_url_set(&app, public_url, bind, (unsigned)port))
		return 1;
	char why[512] = "";
	struct sender *senders[OUTBOX_CHANNEL__MAX];
	if (outbox_senders_open(&outbox, db_file, senders, why, sizeof(why)) != E_OK) {
		fprintf(stderr, "motcua serve: %s\n", why);
		return 2;
	}
	retry.base_s = retry_base;
	retry.cap_s = retry_cap;
	retry.max_attempts = (int)retry_max;

	if (view_load(templates, &app.view, why, sizeof(why)) != E_OK) {
		fprintf(stderr, "motcua serve: templates: %s\n", why);
		free_senders(senders);
		return 1;
	}
	view_set_strict(app.view, strict);
	if (server_key_load(db_file, app.key) != E_OK) {
		view_free(app.view);
		free_senders(senders);
		return 1;
	}
	policy.idle_s = idle_min * 60;
	policy.absolute_s = max_hours * 3600;
	policy.by_account.failures = fail_account;
	policy.by_client.failures = fail_client;
	policy.registrations.failures = registrations;
	/* One hash per core but one: a core stays free for the pages during a sign-in storm
	 * (make bench, 2 cores: lookup p99 57 ms with 2 hashing, 17 ms with 1). Sign-ins are
	 * deferred (req_defer) to as many worker threads as the gate has slots, so server threads
	 * never hash and the waiting happens in the workers' queue (--signin-queue, --signin-wait);
	 * the gate then never makes a worker wait. */
	unsigned cores = pwgate_cores();
	unsigned slots = signin_slots ? (unsigned)signin_slots : cores > 1 ? cores - 1 : 1;
	struct accounts accounts;
	if (accounts_init(&accounts, &policy, pwgate_new(slots, slots, (unsigned)signin_wait)) !=
	    E_OK) {
		fprintf(stderr, "motcua serve: not enough memory for Argon2id\n");
		accounts_free(&accounts);
		view_free(app.view);
		free_senders(senders);
		return 1;
	}
	app.accounts = &accounts;
	if (web_startup(&app) != E_OK)
		log_warn("start-up repairs not finished (see above); serving anyway");
	app.lookup_failures = ratelimit_new(LOOKUP_FAILURES_PER_MINUTE, 60);

	lim.port = (unsigned)port;
	lim.threads = (unsigned)threads;
	lim.connection_timeout_s = (unsigned)timeout;
	lim.per_ip_connections = (unsigned)per_ip;
	lim.max_connections = (unsigned)max_conn;
	lim.body_max = (size_t)body_max;
	lim.header_memory = (size_t)header_max;
	lim.file_max = (size_t)upload_max;
	lim.files_max = (unsigned)uploads_max;
	lim.files_dir = files;
	if (lim.body_max < lim.file_max + 1024 * 1024)	/* a form with one file always fits */
		lim.body_max = lim.file_max + 1024 * 1024;
	lim.static_dir = static_dir;
	lim.bind = bind;
	lim.trusted_proxy = trusted_proxy;
	lim.cookie_secure = cookie_secure;
	lim.defer_threads = slots;
	lim.defer_queue = (unsigned)signin_queue;
	lim.defer_wait_ms = (unsigned)signin_wait;
	size_t nroutes;
	const struct route *routes = web_routes(&nroutes);
	struct http_hooks hooks = web_hooks(&app);
	http_server_on_thread_exit(web_thread_exit);
	struct http_server *server;
	if (http_server_start(&lim, routes, nroutes, &hooks, &server) != E_OK) {
		fprintf(stderr, "motcua serve: cannot start on port %u (see the log above)\n",
			lim.port);
		ratelimit_free(app.lookup_failures);
		accounts_free(&accounts);
		view_free(app.view);
		sodium_memzero(app.key, sizeof(app.key));
		free_senders(senders);
		return 1;
	}
	/* With --port 0 the default address needs the port picked; no page is asked for before
	 * the welcome line below tells anyone where the server is. */
	if (!public_url && port == 0)
		public_url_set(&app, NULL, bind, http_server_port(server));
	/* The delivery thread takes the senders over; NULL (logged) leaves the outbox to
	 * `motcua outbox deliver`. */
	struct outbox_thread *delivery = outbox_thread_start(db_file, senders, &retry, outbox.poll_s);
	/* The daily digest: a thread of its own (not the delivery loop, which may be busy or
	 * absent); NULL (logged) leaves it to `motcua digest`. */
	struct digest_timer *digest = NULL;
	if (!no_digest) {
		char digest_dir[4200];
		snprintf(digest_dir, sizeof(digest_dir), "%s/digest", templates);
		digest = digest_timer_start(db_file, digest_minute, digest_dir, app.public_url);
	}
	print_welcome(db_file, http_server_port(server));
	int sig = http_server_wait_for_signal();
	log_info("signal %d: finishing in-flight requests", sig);
	http_server_stop(server);
	digest_timer_stop(digest);
	outbox_thread_stop(delivery);
	web_close_dbs();
	ratelimit_free(app.lookup_failures);
	accounts_free(&accounts);
	view_free(app.view);
	sodium_memzero(app.key, sizeof(app.key));
	log_info("stopped cleanly");
	return 0;
}
