/* svgchart.h - small accessible charts as inline SVG (issue 9 §2, docs/charts.md): series
 * in, one <svg> element out. The root has role="img" and aria-labelledby naming its <title>
 * and <desc>; series are told apart by patterns (solid, hatched, dotted) and a legend, and
 * every value is written beside its bar or point, so nothing depends on colour. Every text
 * is escaped; the output is well-formed XML. Pure: no I/O. */
#ifndef MOTCUA_SVGCHART_H
#define MOTCUA_SVGCHART_H

#include <stdbool.h>

#include "motcua/buf.h"

enum svgchart_kind {
	SVGCHART_BARS,		/* one bar per category (first series only) */
	SVGCHART_STACKED,	/* the series stacked in each category's bar */
	SVGCHART_LINE,		/* a line through the first series' points */
};

struct svgchart_series {
	const char *name;	/* legend text */
	const double *values;	/* one per category; NAN = no value ("—") */
};

struct svgchart {
	enum svgchart_kind kind;
	const char *id;		/* element id prefix: "<id>-title", "<id>-desc", patterns */
	const char *title, *desc;
	int n;			/* categories */
	const char *const *labels;	/* n category labels (under the axis) */
	int nseries;		/* 1..3 */
	const struct svgchart_series *series;
	bool percent;		/* values are fractions 0..1 shown as percentages, else counts */
	const char *lang;	/* "vi" (decimal comma) or "en" */
};

/* Append the chart to out. n <= 0 gives an empty chart with its title and description.
 * id must be an XML name ([A-Za-z][A-Za-z0-9-]*); anything else is replaced by "chart". */
void svgchart_render(const struct svgchart *c, struct buf *out);

#endif
