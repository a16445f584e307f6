/* test_svgchart.c - the accessible SVG charts: well-formed XML (xmllint --noout), title and
 * desc referenced by aria-labelledby, every text escaped, values written beside the marks,
 * patterns for the stacked series, a hostile id replaced. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "motcua/svgchart.h"

/* Whether xmllint accepts s as well-formed XML (1), refuses it (0) or is missing (-1). */
static int well_formed(const char *s)
{
	char path[] = "/tmp/motcua-svg-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	fputs(s, f);
	fclose(f);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s 2>/dev/null", path);
	int rc = system(cmd);
	unlink(path);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) == 127)
		return -1;
	return WEXITSTATUS(rc) == 0;
}

static const char *const LABELS[3] = { "T1", "<b>&\"'", "T3" };
static const double RATE[3] = { 0.9434, NAN, 0.5 };
static const double E[3] = { 4, 0, 7 }, O[3] = { 3, 1, 2 }, L[3] = { 0, 0, 2 };

/* Render c into a new string (caller frees). */
static char *render(const struct svgchart *c)
{
	struct buf b = BUF_INIT;
	svgchart_render(c, &b);
	return buf_steal(&b);
}

static void bars_are_well_formed_and_labelled(void)
{
	struct svgchart_series s = { "Tỷ lệ", RATE };
	struct svgchart c = { .kind = SVGCHART_BARS, .id = "chart-a", .title = "Tỷ lệ <đúng> hạn",
			      .desc = "Mô tả & chi tiết", .n = 3, .labels = LABELS, .nseries = 1,
			      .series = &s, .percent = true, .lang = "vi" };
	char *svg = render(&c);
	CHECK(well_formed(svg) == 1);
	CHECK(strstr(svg, "role=\"img\"") != NULL);
	CHECK(strstr(svg, "aria-labelledby=\"chart-a-title chart-a-desc\"") != NULL);
	CHECK(strstr(svg, "<title id=\"chart-a-title\">Tỷ lệ &lt;đúng&gt; hạn</title>") != NULL);
	CHECK(strstr(svg, "<desc id=\"chart-a-desc\">Mô tả &amp; chi tiết</desc>") != NULL);
	/* The hostile label is escaped, never markup. */
	CHECK(strstr(svg, "<b>") == NULL);
	CHECK(strstr(svg, "&lt;b&gt;&amp;&quot;&#39;") != NULL);
	/* Direct labels: the value beside the bar, "—" for a month without figures. */
	CHECK(strstr(svg, ">94,3%</text>") != NULL);
	CHECK(strstr(svg, ">—</text>") != NULL);
	free(svg);
}

static void stacked_uses_patterns_and_legend(void)
{
	struct svgchart_series s[3] = { { "Sớm hạn", E }, { "Đúng hạn", O }, { "Trễ hạn", L } };
	static const char *const units[3] = { "T1", "Phòng Lao động – Thương binh và Xã hội",
					      "<b>&\"'" };
	struct svgchart c = { .kind = SVGCHART_STACKED, .id = "u", .title = "Theo đơn vị",
			      .desc = "d", .n = 3, .labels = units, .nseries = 3, .series = s,
			      .percent = false, .lang = "en" };
	char *svg = render(&c);
	CHECK(well_formed(svg) == 1);
	CHECK(strstr(svg, "<pattern id=\"u-p1\"") != NULL);
	CHECK(strstr(svg, "fill=\"url(#u-p2)\"") != NULL);
	CHECK(strstr(svg, ">Trễ hạn</text>") != NULL);
	/* A long unit name is cut whole characters at a time under the axis. */
	CHECK(strstr(svg, ">Phòng Lao động – Thươn…</text>") != NULL);
	/* The stack's total above each bar: 4 + 3 + 0 and 7 + 2 + 2. */
	CHECK(strstr(svg, ">7</text>") != NULL);
	CHECK(strstr(svg, ">11</text>") != NULL);
	free(svg);
}

static void line_breaks_at_missing_values(void)
{
	struct svgchart_series s = { "Online", RATE };
	struct svgchart c = { .kind = SVGCHART_LINE, .id = "x\" onload=\"alert(1)", .title = "t",
			      .desc = "d", .n = 3, .labels = LABELS, .nseries = 1, .series = &s,
			      .percent = true, .lang = "en" };
	char *svg = render(&c);
	CHECK(well_formed(svg) == 1);
	/* A hostile id is replaced. */
	CHECK(strstr(svg, "onload") == NULL);
	CHECK(strstr(svg, "<title id=\"chart-title\">") != NULL);
	/* Two points either side of the missing one: two polylines of one point each. */
	const char *p = strstr(svg, "<polyline");
	CHECK(p && strstr(p + 1, "<polyline") != NULL);
	CHECK(strstr(svg, ">94.3%</text>") != NULL);
	free(svg);
}

static void empty_chart_keeps_title(void)
{
	struct svgchart c = { .kind = SVGCHART_STACKED, .id = "e", .title = "Trống", .desc = "",
			      .n = 0, .labels = NULL, .nseries = 0, .series = NULL,
			      .percent = false, .lang = "vi" };
	char *svg = render(&c);
	CHECK(well_formed(svg) == 1);
	CHECK(strstr(svg, "<title id=\"e-title\">Trống</title>") != NULL);
	free(svg);
}

int main(void)
{
	RUN(bars_are_well_formed_and_labelled);
	RUN(stacked_uses_patterns_and_legend);
	RUN(line_breaks_at_missing_values);
	RUN(empty_chart_keeps_title);
	return harness_done("test_svgchart");
}
