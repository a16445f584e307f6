/* svgchart.c - accessible inline SVG charts (svgchart.h). */
#include "motcua/svgchart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "motcua/format.h"

#define W 640
#define H_PLOT 220		/* plot height */
#define TOP 28
#define LEFT 56
#define RIGHT 16
#define INK "#1f1f1f"		/* text and axes: 16:1 on white */
#define GRID "#6b6b6b"
#define ROTATED_MAX 22	/* code points of a rotated category label */

/* Fill of series i: a pattern defined in <defs> (solid, hatched, dotted). */
static void fill_of(struct buf *out, const char *id, int i)
{
	buf_printf(out, "url(#%s-p%d)", id, i % 3);
}

/* The id to use: c->id when it is an XML name, else "chart". */
static const char *safe_id(const char *id)
{
	if (!id || !((*id >= 'A' && *id <= 'Z') || (*id >= 'a' && *id <= 'z')))
		return "chart";
	for (const char *p = id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return "chart";
	return id;
}

/* Escaped text. */
static void put_text(struct buf *out, const char *s)
{
	if (s)
		buf_put_html(out, s, strlen(s));
}

/* Escaped text cut after max code points with "…" (UTF-8 kept whole). */
static void put_text_cut(struct buf *out, const char *s, int max)
{
	if (!s)
		return;
	size_t n = 0;
	int points = 0;
	while (s[n] && points < max) {
		n++;
		while (((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		points++;
	}
	buf_put_html(out, s, n);
	if (s[n])
		buf_puts(out, "…");
}

/* A value as people read it: "94,3%" or "1.234"; "—" for NAN. */
static void put_value(struct buf *out, const struct svgchart *c, double v)
{
	if (isnan(v)) {
		buf_puts(out, "—");
		return;
	}
	if (c->percent)
		format_percent(round(v * 1000.0) / 10.0, c->lang, out);
	else
		format_count((int64_t)llround(v), c->lang, out);
}

/* The largest value to draw (1 for percentages; the largest stack or value, at least 1). */
static double scale_max(const struct svgchart *c)
{
	if (c->percent)
		return 1.0;
	double max = 1.0;
	for (int i = 0; i < c->n; i++) {
		double sum = 0;
		for (int s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			if (isnan(v) || v < 0)
				continue;
			if (c->kind == SVGCHART_STACKED)
				sum += v;
			else if (s == 0)
				sum = v;
		}
		if (sum > max)
			max = sum;
	}
	/* a round top: 1, 2 or 5 times a power of ten */
	double p = pow(10.0, floor(log10(max)));
	double top = max <= p ? p : max <= 2 * p ? 2 * p : max <= 5 * p ? 5 * p : 10 * p;
	return top;
}

/* <defs>: the three patterns. */
static void put_defs(struct buf *out, const char *id)
{
	buf_printf(out, "<defs><pattern id=\"%s-p0\" width=\"8\" height=\"8\" "
		   "patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" "
		   "fill=\"#1d4f91\"/></pattern>", id);
	buf_printf(out, "<pattern id=\"%s-p1\" width=\"8\" height=\"8\" "
		   "patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/>"
		   "<path d=\"M0 8L8 0M-2 2L2 -2M6 10L10 6\" stroke=\"#1f6f3f\" "
		   "stroke-width=\"2.5\"/></pattern>", id);
	buf_printf(out, "<pattern id=\"%s-p2\" width=\"6\" height=\"6\" "
		   "patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
		   "<circle cx=\"3\" cy=\"3\" r=\"1.6\" fill=\"#9a2a12\"/></pattern></defs>", id);
}

/* See svgchart.h. */
void svgchart_render(const struct svgchart *c, struct buf *out)
{
	const char *id = safe_id(c->id);
	bool rotate = c->kind == SVGCHART_STACKED;
	int bottom = rotate ? 120 : 40;
	int legend = c->kind == SVGCHART_STACKED ? 28 : 0;
	int h = TOP + H_PLOT + bottom + legend;
	int n = c->n > 0 && c->labels && c->series && c->nseries > 0 ? c->n : 0;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
		   "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-title %s-desc\" "
		   "font-family=\"sans-serif\" font-size=\"12\">", W, h, id, id);
	buf_printf(out, "<title id=\"%s-title\">", id);
	put_text(out, c->title);
	buf_printf(out, "</title><desc id=\"%s-desc\">", id);
	put_text(out, c->desc);
	buf_puts(out, "</desc>");
	put_defs(out, id);
	buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>", W, h);
	double max = scale_max(c);
	int plot_w = W - LEFT - RIGHT, base = TOP + H_PLOT;
	/* grid and y labels: 0, 1/4, 1/2, 3/4, max */
	for (int g = 0; g <= 4; g++) {
		double v = max * g / 4.0;
		double y = base - H_PLOT * g / 4.0;
		buf_printf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
			   "stroke-width=\"%s\"/>", LEFT, y, W - RIGHT, y, g ? GRID : INK,
			   g ? "0.5" : "1");
		buf_printf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">",
			   LEFT - 6, y + 4, INK);
		put_value(out, c, c->percent ? v : round(v));
		buf_puts(out, "</text>");
	}
	double slot = n ? (double)plot_w / n : plot_w;
	double bar = slot * 0.6;
	/* the line first, so markers and labels are drawn over it */
	if (c->kind == SVGCHART_LINE && n) {
		bool open = false;
		for (int i = 0; i < n; i++) {
			double v = c->series[0].values[i];
			if (isnan(v)) {
				if (open)
					buf_puts(out, "\" fill=\"none\" stroke=\"#1d4f91\" "
						 "stroke-width=\"2\"/>");
				open = false;
				continue;
			}
			double x = LEFT + slot * (i + 0.5), y = base - H_PLOT * (v / max);
			buf_printf(out, "%s%.1f,%.1f", open ? " " : "<polyline points=\"", x, y);
			open = true;
		}
		if (open)
			buf_puts(out, "\" fill=\"none\" stroke=\"#1d4f91\" stroke-width=\"2\"/>");
	}
	for (int i = 0; i < n; i++) {
		double x0 = LEFT + slot * i + (slot - bar) / 2, xc = LEFT + slot * (i + 0.5);
		double top = base;
		bool any = false;
		if (c->kind == SVGCHART_LINE) {
			double v = c->series[0].values[i];
			if (!isnan(v)) {
				top = base - H_PLOT * (v / max);
				buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#ffffff\" "
					   "stroke=\"#1d4f91\" stroke-width=\"2\"/>", xc, top);
				any = true;
			}
		} else {
			int ns = c->kind == SVGCHART_STACKED ? c->nseries : 1;
			for (int s = 0; s < ns; s++) {
				double v = c->series[s].values[i];
				if (isnan(v) || v <= 0) {
					any = any || !isnan(v);
					continue;
				}
				any = true;
				double hgt = H_PLOT * (v / max);
				top -= hgt;
				buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
					   "fill=\"", x0, top, bar, hgt);
				fill_of(out, id, s);
				buf_printf(out, "\" stroke=\"%s\" stroke-width=\"1\"/>", INK);
			}
		}
		/* the value (or the stack's total) written above */
		double label = NAN;
		if (c->kind == SVGCHART_STACKED) {
			double sum = 0;
			for (int s = 0; s < c->nseries; s++)
				if (!isnan(c->series[s].values[i]))
					sum += c->series[s].values[i];
			if (any)
				label = sum;
		} else {
			label = c->series[0].values[i];
		}
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">", xc,
			   top - 6, INK);
		put_value(out, c, label);
		buf_puts(out, "</text>");
		/* the category under the axis */
		if (rotate)
			buf_printf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" fill=\"%s\" "
				   "transform=\"rotate(-35 %.1f %d)\">", xc, base + 14, INK, xc,
				   base + 14);
		else
			buf_printf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
				   xc, base + 18, INK);
		/* a rotated label is cut so that it stays inside the image (the table has it whole) */
		if (rotate)
			put_text_cut(out, c->labels[i], ROTATED_MAX);
		else
			put_text(out, c->labels[i]);
		buf_puts(out, "</text>");
	}
	if (legend) {
		int y = base + bottom + 6, x = LEFT;
		for (int s = 0; s < c->nseries; s++) {
			buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"", x, y);
			fill_of(out, id, s);
			buf_printf(out, "\" stroke=\"%s\"/><text x=\"%d\" y=\"%d\" fill=\"%s\">", INK,
				   x + 22, y + 12, INK);
			put_text(out, c->series[s].name);
			buf_puts(out, "</text>");
			x += 160;
		}
	}
	buf_puts(out, "</svg>");
}
