/* report_nav.c - the view data of the shared sub-menu of the leader's report pages
 * (templates/partials/report_menu.html). */
#include <string.h>

#include "motcua/web.h"

/* See web.h. */
json_t *web_report_nav(const char *current)
{
	static const char *const pages[] = { "overview", "charts", "risk", "ranking", "index766",
					     "par" };
	json_t *nav = json_object();
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		json_object_set_new(nav, pages[i],
				    json_boolean(current && !strcmp(current, pages[i])));
	return nav;
}
