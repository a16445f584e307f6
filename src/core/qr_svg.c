/* qr_svg.c - a QR code as one SVG path of its dark modules (libqrencode for the matrix). */
#include "motcua/qr.h"

#include <string.h>

#include <qrencode.h>

/* See qr.h. */
enum err qr_svg(const char *text, const char *label, struct buf *out)
{
	size_t len = text ? strlen(text) : 0;
	if (len == 0 || len > QR_TEXT_MAX)
		return E_INVALID;
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return E_LIMIT;
	const int w = qr->width, q = QR_QUIET_ZONE, size = w + 2 * q;
	if (!label)
		label = text;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 %d %d\" "
			"role=\"img\" aria-label=\"", size, size);
	buf_put_html(out, label, strlen(label));
	buf_puts(out, "\" shape-rendering=\"crispEdges\"><title>");
	buf_put_html(out, label, strlen(label));
	buf_printf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		   size, size);
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int start = x;
			while (x < w && (row[x] & 1))
				x++;
			buf_printf(out, "M%d %dh%dv1h-%dz", start + q, y + q, x - start, x - start);
		}
	}
	buf_puts(out, "\"/></svg>");
	QRcode_free(qr);
	return E_OK;
}
