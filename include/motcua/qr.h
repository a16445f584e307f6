/* qr.h - QR codes (libqrencode) as inline SVG (src/core/qr_svg.c): pure, no HTTP. */
#ifndef MOTCUA_QR_H
#define MOTCUA_QR_H

#include "motcua/buf.h"
#include "motcua/err.h"

#define QR_QUIET_ZONE 4		/* modules of light margin on each side (ISO/IEC 18004) */
#define QR_TEXT_MAX 1024	/* bytes of text encoded at most */

/* Encode text (UTF-8, case kept, error correction level M, the smallest version that fits)
 * and append an SVG element to out: a viewBox of (width + 2 * QR_QUIET_ZONE) modules, a white
 * background and ONE path of the dark modules (a "M x y h n v1 h -n z" rectangle per run of
 * dark modules in a row, in module units with crispEdges, so it is sharp at any size),
 * role="img", aria-label and a <title> of label (HTML-escaped; label NULL = text). The size on
 * the page comes from CSS (class "qr"). E_INVALID for empty or over-long text, E_LIMIT when
 * libqrencode cannot encode it. Nothing is appended on error. */
enum err qr_svg(const char *text, const char *label, struct buf *out);

#endif
