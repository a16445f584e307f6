/* hello.c - the baseline for `make bench`: the smallest libmicrohttpd server, with the same
 * threading model as motcua (thread pool + epoll), answering "hello" to every request.
 * usage: hello PORT THREADS */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static struct MHD_Response *hello;

/* Queue the shared static response for every request. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **ctx)
{
	(void)cls; (void)url; (void)method; (void)version; (void)data; (void)size; (void)ctx;
	return MHD_queue_response(c, MHD_HTTP_OK, hello);
}

/* Serve until SIGTERM or SIGINT. */
int main(int argc, char **argv)
{
	unsigned port = argc > 1 ? (unsigned)atoi(argv[1]) : 8090;
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
	static const char body[] = "hello";
	hello = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(hello, "Content-Type", "text/plain");
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
						(uint16_t)port, NULL, NULL, answer, NULL,
						MHD_OPTION_THREAD_POOL_SIZE, threads,
						MHD_OPTION_CONNECTION_LIMIT, 1000u,
						MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "hello: cannot listen on %u\n", port);
		return 1;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sig;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(hello);
	return 0;
}
