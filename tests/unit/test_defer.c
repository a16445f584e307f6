/* test_defer.c - deferred work (req_defer): a real server with one MHD thread hands handlers'
 * work to worker threads through MHD suspend/resume, keeps answering other requests meanwhile,
 * answers busy (the route's page or the layer's 503) when the queue is full or waited too long,
 * survives clients that hang up, and answers every queued job when it stops. */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/http.h"
#include "motcua/log.h"
#include "raw_http.h"

/* GET / */
static void h_home(struct request *req, struct response *res)
{
	(void)req;
	buf_puts(res_body(res), "xin chao");
}

static atomic_int held_running;		/* /hold jobs inside their work */
static atomic_int held_done;		/* /hold jobs that finished their work */
static atomic_bool held_release;	/* lets every /hold job finish */
static atomic_int worker_exits;		/* exit hooks run on a deferral worker */
static _Thread_local bool on_worker;

/* Deferred part of /later: a 201 built on the worker. */
static void w_later(struct request *req, struct response *res)
{
	on_worker = true;
	res_status(res, 201);
	buf_printf(res_body(res), "sau %s", req_param(req, "x"));
}

/* GET /later/:x: defers (what it wrote before is dropped). */
static void h_later(struct request *req, struct response *res)
{
	buf_puts(res_body(res), "dropped");
	req_defer(req, w_later, NULL);
}

/* Deferred part of /hold: waits (at most 10 s) for held_release. */
static void w_hold(struct request *req, struct response *res)
{
	(void)req;
	on_worker = true;
	atomic_fetch_add(&held_running, 1);
	for (int i = 0; i < 1000 && !atomic_load(&held_release); i++)
		usleep(10 * 1000);
	buf_puts(res_body(res), "xong");
	atomic_fetch_sub(&held_running, 1);
	atomic_fetch_add(&held_done, 1);
}

/* Busy answer of /hold/ban: the handler's own page. */
static void b_hold(struct request *req, struct response *res)
{
	(void)req;
	res_status(res, 503);
	res_header(res, "Retry-After", "7");
	buf_puts(res_body(res), "ban qua");
}

/* GET /hold/:busy: defers to w_hold; busy "ban" uses b_hold, else the layer's 503. */
static void h_hold(struct request *req, struct response *res)
{
	(void)res;
	req_defer(req, w_hold, strcmp(req_param(req, "busy"), "ban") == 0 ? b_hold : NULL);
}

static const struct route defer_routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = h_home },
	{ .method = HTTP_GET, .pattern = "/later/:x", .handler = h_later },
	{ .method = HTTP_GET, .pattern = "/hold/:busy", .handler = h_hold },
};

/* A server with one MHD thread and `workers` deferral threads, queue and wait as given. */
static struct http_server *defer_server(unsigned workers, unsigned queue, unsigned wait_ms)
{
	atomic_store(&held_running, 0);
	atomic_store(&held_done, 0);
	atomic_store(&held_release, false);
	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	l.bind = "127.0.0.1";
	l.threads = 1;
	l.defer_threads = workers;
	l.defer_queue = queue;
	l.defer_wait_ms = wait_ms;
	struct http_server *s = NULL;
	if (http_server_start(&l, defer_routes, 3, NULL, &s) != E_OK)
		return NULL;
	return s;
}

/* Send "GET path" with Connection: close to port p; the socket, or -1. */
static int ask(unsigned p, const char *path)
{
	int fd = raw_dial(p, NULL);
	if (fd < 0)
		return -1;
	char req[256];
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
		 path);
	send(fd, req, strlen(req), MSG_NOSIGNAL);
	return fd;
}

/* Read the whole answer on fd (until EOF or the 5 s timeout), close fd, return its status. */
static int answer(int fd, struct buf *out)
{
	buf_reset(out);
	char tmp[1024];
	ssize_t r;
	while ((r = recv(fd, tmp, sizeof(tmp), 0)) > 0)
		buf_append(out, tmp, (size_t)r);
	close(fd);
	return raw_status(out);
}

/* Wait (at most 5 s) until *v reaches n. */
static bool wait_for(atomic_int *v, int n)
{
	for (int i = 0; i < 500 && atomic_load(v) < n; i++)
		usleep(10 * 1000);
	return atomic_load(v) >= n;
}

/* True when nothing arrives on fd within ms. */
static bool silent_for(int fd, int ms)
{
	struct timeval tv = { 0, ms * 1000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char c;
	ssize_t r = recv(fd, &c, 1, MSG_PEEK);
	tv.tv_sec = 5;
	tv.tv_usec = 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return r < 0;
}

static void deferred_answer_arrives(void)
{
	struct http_server *s = defer_server(1, 8, 5000);
	if (!CHECK(s != NULL))
		return;
	struct buf b = BUF_INIT;
	CHECK_INT(answer(ask(http_server_port(s), "/later/mot"), &b), 201);
	CHECK_STR(raw_body(&b), "sau mot");
	CHECK(raw_has_header(&b, "X-Content-Type-Options", "nosniff"));	/* same response path */
	buf_free(&b);
	http_server_stop(s);
}

static void one_server_thread_answers_while_jobs_run(void)
{
	struct http_server *s = defer_server(2, 8, 5000);
	if (!CHECK(s != NULL))
		return;
	unsigned p = http_server_port(s);
	int fd[4];
	for (int i = 0; i < 4; i++)
		fd[i] = ask(p, "/hold/x");
	CHECK(wait_for(&held_running, 2));	/* both workers busy, two jobs queued */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 3; i++) {	/* the single server thread still answers */
		CHECK_INT(answer(ask(p, "/"), &b), 200);
		CHECK_STR(raw_body(&b), "xin chao");
	}
	CHECK_INT(atomic_load(&held_done), 0);
	CHECK(silent_for(fd[0], 50));
	atomic_store(&held_release, true);
	for (int i = 0; i < 4; i++) {
		CHECK_INT(answer(fd[i], &b), 200);
		CHECK_STR(raw_body(&b), "xong");
	}
	buf_free(&b);
	http_server_stop(s);
}

static void queue_full_or_timed_out_is_busy(void)
{
	struct http_server *s = defer_server(1, 1, 150);
	if (!CHECK(s != NULL))
		return;
	unsigned p = http_server_port(s);
	struct buf b = BUF_INIT;
	int a = ask(p, "/hold/x");
	CHECK(wait_for(&held_running, 1));
	int queued = ask(p, "/hold/x");
	usleep(100 * 1000);
	/* the queue (1) is full: answered at once with the route's busy page */
	CHECK_INT(answer(ask(p, "/hold/ban"), &b), 503);
	CHECK(raw_has_header(&b, "Retry-After", "7"));
	CHECK(strstr(raw_body(&b), "ban qua") != NULL);
	usleep(200 * 1000);	/* the queued one has now waited past 150 ms */
	atomic_store(&held_release, true);
	CHECK_INT(answer(a, &b), 200);
	CHECK_INT(answer(queued, &b), 503);	/* never ran: the layer's 503 */
	CHECK(raw_has_header(&b, "Retry-After", "5"));
	CHECK_INT(atomic_load(&held_done), 1);
	buf_free(&b);
	http_server_stop(s);
}

static void client_gone_while_queued_or_running(void)
{
	struct http_server *s = defer_server(1, 8, 5000);
	if (!CHECK(s != NULL))
		return;
	unsigned p = http_server_port(s);
	int running = ask(p, "/hold/x");
	CHECK(wait_for(&held_running, 1));
	int queued = ask(p, "/hold/x");
	usleep(50 * 1000);
	close(queued);
	close(running);
	usleep(50 * 1000);
	atomic_store(&held_release, true);
	CHECK(wait_for(&held_done, 2));	/* both jobs end harmlessly */
	struct buf b = BUF_INIT;
	CHECK_INT(answer(ask(p, "/later/hai"), &b), 201);
	buf_free(&b);
	for (int i = 0; i < 500 && http_server_active(s) > 0; i++)
		usleep(10 * 1000);
	CHECK_INT(http_server_active(s), 0);	/* every request freed */
	http_server_stop(s);
}

/* Thread body: stop the server given. */
static void *stopper(void *s)
{
	http_server_stop(s);
	return NULL;
}

static void stop_with_jobs_queued_answers_them(void)
{
	struct http_server *s = defer_server(1, 8, 5000);
	if (!CHECK(s != NULL))
		return;
	unsigned p = http_server_port(s);
	int exits = atomic_load(&worker_exits);
	int running = ask(p, "/hold/x");
	CHECK(wait_for(&held_running, 1));
	int q1 = ask(p, "/hold/x"), q2 = ask(p, "/hold/ban");
	usleep(50 * 1000);
	pthread_t t;
	pthread_create(&t, NULL, stopper, s);
	usleep(100 * 1000);
	atomic_store(&held_release, true);
	struct buf b = BUF_INIT;
	CHECK_INT(answer(running, &b), 200);	/* the running job finishes */
	CHECK_INT(answer(q1, &b), 503);		/* queued ones are failed, not lost */
	CHECK_INT(answer(q2, &b), 503);
	CHECK(strstr(raw_body(&b), "ban qua") != NULL);
	pthread_join(t, NULL);
	CHECK_INT(atomic_load(&held_done), 1);
	CHECK_INT(atomic_load(&worker_exits), exits + 1);	/* the worker ran the exit hook */
	buf_free(&b);
}

/* Thread-exit hook: counts the exits of deferral workers. */
static void on_exit_thread(void)
{
	if (on_worker)
		atomic_fetch_add(&worker_exits, 1);
}

int main(void)
{
	log_set_level(LOG_WARN);
	http_server_on_thread_exit(on_exit_thread);
	RUN(deferred_answer_arrives);
	RUN(one_server_thread_answers_while_jobs_run);
	RUN(queue_full_or_timed_out_is_busy);
	RUN(client_gone_while_queued_or_running);
	RUN(stop_with_jobs_queued_answers_them);
	http_server_on_thread_exit(NULL);
	return harness_done("test_defer");
}
