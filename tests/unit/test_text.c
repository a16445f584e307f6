/* test_text.c - diacritic folding, UTF-8 checks and name masking. */
#include "harness.h"

#include "motcua/buf.h"
#include "motcua/text.h"

/* Fold s and compare with want. */
static void check_fold(const char *s, const char *want)
{
	struct buf b = BUF_INIT;
	text_fold(s, strlen(s), &b);
	CHECK_STR(buf_str(&b), want);
	buf_free(&b);
}

static void fold_removes_vietnamese_diacritics(void)
{
	check_fold("Đăng ký khai sinh", "dang ky khai sinh");
	check_fold("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh");
	check_fold("Chứng thực bản sao từ bản chính", "chung thuc ban sao tu ban chinh");
	check_fold("Cấp Giấy chứng nhận quyền sử dụng đất", "cap giay chung nhan quyen su dung dat");
	check_fold("ỳỷỹỵýữựừứửươờởỡợớ", "yyyyyuuuuuuoooooo");
}

static void fold_collapses_separators(void)
{
	check_fold("  Hộ   tịch -- khai-sinh ", "ho tich khai sinh");
	check_fold("1.000948.H29", "1 000948 h29");
	check_fold("", "");
}

static void fold_drops_combining_marks(void)
{
	/* "Đăng" written decomposed: D-stroke is precomposed, a + combining breve. */
	check_fold("\xc4\x90\x61\xcc\x86ng", "dang");
}

static void utf8_validation(void)
{
	CHECK(utf8_valid("Nguyễn", strlen("Nguyễn")));
	CHECK(!utf8_valid("\xc3\x28", 2));
	CHECK(!utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	CHECK(!utf8_valid("\xc0\xaf", 2));	/* overlong '/' */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));	/* above U+10FFFF */
	CHECK(utf8_valid("\xef\xbf\xbd", 3));	/* U+FFFD itself */
	CHECK_INT(utf8_length("Đăng", strlen("Đăng")), 4);
}

static void mask_keeps_family_name_and_initials(void)
{
	struct buf b = BUF_INIT;
	text_mask_name("Nguyễn Văn An", &b);
	CHECK_STR(buf_str(&b), "Nguyễn V. A.");
	buf_reset(&b);
	text_mask_name("  Trần   Thị Ánh  Tuyết ", &b);
	CHECK_STR(buf_str(&b), "Trần T. Á. T.");
	buf_reset(&b);
	text_mask_name("Lan", &b);
	CHECK_STR(buf_str(&b), "Lan");
	buf_free(&b);
}

int main(void)
{
	RUN(fold_removes_vietnamese_diacritics);
	RUN(fold_collapses_separators);
	RUN(fold_drops_combining_marks);
	RUN(utf8_validation);
	RUN(mask_keeps_family_name_and_initials);
	return harness_done("test_text");
}
