/* export_send.c - where a page's export is written and how it is sent (web.h, export.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "motcua/export.h"
#include "motcua/log.h"
#include "motcua/web.h"

/* See web.h. */
const char *web_export_dir(struct request *req)
{
	const struct app *app = req_app(req);
	if (!app || !app->files_dir)
		return "/tmp";
	const char *dir = arena_printf(req_arena(req), "%s/tmp", app->files_dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		log_error("export: cannot create %s: %s", dir, strerror(errno));
	return dir;
}

/* See web.h. */
void web_export_send(struct request *req, struct response *res, struct export *x,
		     enum export_format f, const char *basename)
{
	int fd = -1;
	uint64_t size = 0;
	if (export_finish(x, &fd, &size) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	res_file(res, fd, size);
	res_status(res, 200);
	res_type(res, export_content_type(f));
	res_header(res, "Content-Disposition",
		   arena_printf(req_arena(req), "attachment; filename=\"%s.%s\"", basename,
				export_extension(f)));
	res_header(res, "Cache-Control", "no-store");
}
