/* test_qr.c - the QR code as SVG: the dark modules read back from the one path are exactly
 * libqrencode's matrix, inside a quiet zone of 4 modules; known versions and sizes; the label
 * is escaped; bad text is refused. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "motcua/qr.h"

#define SIDE_MAX 200

/* The modules drawn by svg's path ("Mx yhNv1h-Nz" runs) into m (side x side); false when the
 * path has anything else or a run leaves the picture. */
static bool read_modules(const char *svg, int side, unsigned char m[SIDE_MAX][SIDE_MAX])
{
	memset(m, 0, sizeof(unsigned char[SIDE_MAX][SIDE_MAX]));
	const char *d = strstr(svg, "<path fill=\"#000\" d=\"");
	if (!d || strstr(d + 1, "<path"))
		return false;	/* exactly one path */
	d += strlen("<path fill=\"#000\" d=\"");
	while (*d != '"') {
		int x, y, n, n2, used = 0;
		if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used) != 4 || used == 0 ||
		    n != n2 || n < 1 || x < 0 || y < 0 || x + n > side || y >= side)
			return false;
		for (int i = 0; i < n; i++)
			m[y][x + i] = 1;
		d += used;
	}
	return true;
}

/* Encode text both ways and compare module by module; *version receives libqrencode's. */
static void same_matrix(const char *text, int *version, int *width)
{
	struct buf svg = BUF_INIT;
	CHECK_INT(qr_svg(text, NULL, &svg), E_OK);
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	CHECK(qr != NULL);
	if (!qr) {
		buf_free(&svg);
		return;
	}
	*version = qr->version;
	*width = qr->width;
	int side = qr->width + 2 * QR_QUIET_ZONE;
	char view[64];
	snprintf(view, sizeof(view), "viewBox=\"0 0 %d %d\"", side, side);
	CHECK(strstr(buf_str(&svg), view) != NULL);
	static unsigned char m[SIDE_MAX][SIDE_MAX];
	CHECK(read_modules(buf_str(&svg), side, m));
	int wrong = 0;
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			int qx = x - QR_QUIET_ZONE, qy = y - QR_QUIET_ZONE;
			bool inside = qx >= 0 && qy >= 0 && qx < qr->width && qy < qr->width;
			int want = inside ? qr->data[qy * qr->width + qx] & 1 : 0;	/* quiet zone light */
			wrong += m[y][x] != want;
		}
	CHECK_INT(wrong, 0);
	QRcode_free(qr);
	buf_free(&svg);
}

static void svg_modules_are_libqrencodes_matrix(void)
{
	int v, w;
	same_matrix("https://dvc.example.vn/tra-cuu?ma=H29.23-260105-0001", &v, &w);
	CHECK(v >= 1);
	same_matrix("Hồ sơ H29.23-260105-0001 — tra cứu", &v, &w);
	same_matrix("x", &v, &w);
}

/* Known vectors: byte mode (lower-case letters, which the alphanumeric mode cannot hold) at
 * level M holds 14 bytes in version 1 (21 modules), 106 in version 6 (41 modules); 15 bytes
 * need version 2 (25 modules). */
static void known_versions_and_sizes(void)
{
	int v = 0, w = 0;
	same_matrix("hello world 14", &v, &w);
	CHECK_INT(v, 1);
	CHECK_INT(w, 21);
	same_matrix("hello world 15!", &v, &w);
	CHECK_INT(v, 2);
	CHECK_INT(w, 25);
	char text[107];
	memset(text, 'a', 106);
	text[106] = '\0';
	same_matrix(text, &v, &w);
	CHECK_INT(v, 6);
	CHECK_INT(w, 41);
	struct buf svg = BUF_INIT;
	CHECK_INT(qr_svg("hello world 14", NULL, &svg), E_OK);
	CHECK(strstr(buf_str(&svg), "viewBox=\"0 0 29 29\"") != NULL);	/* 21 + 2 * 4 */
	buf_free(&svg);
}

static void svg_is_accessible_and_crisp(void)
{
	struct buf svg = BUF_INIT;
	CHECK_INT(qr_svg("https://x.vn/tra-cuu?ma=A&b", "Mã \"QR\" <hồ sơ> & A", &svg), E_OK);
	const char *s = buf_str(&svg);
	CHECK(!strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39));
	CHECK(strstr(s, "role=\"img\"") != NULL);
	CHECK(strstr(s, "aria-label=\"Mã &quot;QR&quot; &lt;hồ sơ&gt; &amp; A\"") != NULL);
	CHECK(strstr(s, "<title>Mã &quot;QR&quot; &lt;hồ sơ&gt; &amp; A</title>") != NULL);
	CHECK(strstr(s, "shape-rendering=\"crispEdges\"") != NULL);
	CHECK(strstr(s, "width=\"") == strstr(s, "<rect width=\"") + 6);	/* no fixed size on svg */
	CHECK(!strcmp(s + svg.len - 6, "</svg>"));
	buf_reset(&svg);
	CHECK_INT(qr_svg("a<b", NULL, &svg), E_OK);	/* label defaults to the text, escaped */
	CHECK(strstr(buf_str(&svg), "aria-label=\"a&lt;b\"") != NULL);
	buf_free(&svg);
}

static void bad_text_is_refused_and_appends_nothing(void)
{
	struct buf svg = BUF_INIT;
	CHECK_INT(qr_svg("", NULL, &svg), E_INVALID);
	CHECK_INT(qr_svg(NULL, NULL, &svg), E_INVALID);
	char *big = malloc(QR_TEXT_MAX + 2);
	memset(big, 'a', QR_TEXT_MAX + 1);
	big[QR_TEXT_MAX + 1] = '\0';
	CHECK_INT(qr_svg(big, NULL, &svg), E_INVALID);
	free(big);
	CHECK_INT(svg.len, 0);
	buf_free(&svg);
}

int main(void)
{
	RUN(svg_modules_are_libqrencodes_matrix);
	RUN(known_versions_and_sizes);
	RUN(svg_is_accessible_and_crisp);
	RUN(bad_text_is_refused_and_appends_nothing);
	return harness_done("test_qr");
}
