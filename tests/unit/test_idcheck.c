/* test_idcheck.c - CCCD and tax-code structure checks, the common-password list. */
#include "harness.h"

#include <string.h>

#include "motcua/idcheck.h"

static void cccd_structure_is_checked(void)
{
	CHECK_INT(cccd_check("001099012345", 2026), CCCD_OK);	/* Hà Nội, man, 1999 */
	CHECK_INT(cccd_check("079301012345", 2026), CCCD_OK);	/* TP.HCM, woman, 2001 */
	CHECK_INT(cccd_check("096000000001", 2026), CCCD_OK);	/* Cà Mau, man, 1900 */
	CHECK_INT(cccd_check("00109901234", 2026), CCCD_FORMAT);	/* 11 digits */
	CHECK_INT(cccd_check("0010990123456", 2026), CCCD_FORMAT);
	CHECK_INT(cccd_check("00109901234a", 2026), CCCD_FORMAT);
	CHECK_INT(cccd_check("００1099012345", 2026), CCCD_FORMAT);	/* full-width digits */
	CHECK_INT(cccd_check("", 2026), CCCD_FORMAT);
	CHECK_INT(cccd_check(NULL, 2026), CCCD_FORMAT);
	CHECK_INT(cccd_check("000099012345", 2026), CCCD_PROVINCE);
	CHECK_INT(cccd_check("097099012345", 2026), CCCD_PROVINCE);
	CHECK_INT(cccd_check("999099012345", 2026), CCCD_PROVINCE);
	CHECK_INT(cccd_check("001499012345", 2026), CCCD_CENTURY);	/* 2100s */
	CHECK_INT(cccd_check("001927012345", 2026), CCCD_CENTURY);
	CHECK_INT(cccd_check("001227012345", 2026), CCCD_YEAR);	/* born 2027 */
	CHECK_INT(cccd_check("001326012345", 2026), CCCD_OK);	/* born this year */
	CHECK_INT(cccd_check("001326012345", 2025), CCCD_YEAR);
}

static void tax_code_check_digit_is_checked(void)
{
	/* 0,1,0,0,1,0,9,1,0 weighted: 29 + 17 + 63 + 5 = 114; 114 mod 11 = 4; 10 - 4 = 6. */
	CHECK_INT(taxcode_check("0100109106"), TAXCODE_OK);
	CHECK_INT(taxcode_check("0100109106-001"), TAXCODE_OK);
	CHECK_INT(taxcode_check("0100109106-999"), TAXCODE_OK);
	CHECK_INT(taxcode_check("0100109105"), TAXCODE_CHECK);
	CHECK_INT(taxcode_check("0100109107-001"), TAXCODE_CHECK);
	/* 1,0,0,0,0,0,0,0,0: 31 mod 11 = 9, 10 - 9 = 1. */
	CHECK_INT(taxcode_check("1000000001"), TAXCODE_OK);
	/* sum mod 11 = 0 would need a check digit 10: none is valid. 0000000000: sum 0. */
	for (char c = '0'; c <= '9'; c++) {
		char s[11] = "000000000";
		s[9] = c;
		s[10] = '\0';
		CHECK_INT(taxcode_check(s), TAXCODE_CHECK);
	}
	CHECK_INT(taxcode_check("0100109106-000"), TAXCODE_BRANCH);
	CHECK_INT(taxcode_check("010010910"), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check("01001091061"), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check("0100109106-01"), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check("0100109106 001"), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check("0100109106-0a1"), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check("01001O9106"), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check(""), TAXCODE_FORMAT);
	CHECK_INT(taxcode_check(NULL), TAXCODE_FORMAT);
}

static void common_passwords_match_folded(void)
{
	static const char text[] = "# comment\r\nmatkhau123\n\n123456789\r\nMotCua@123\n";
	struct pwlist l;
	pwlist_parse(text, sizeof(text) - 1, &l);
	CHECK_INT(l.n, 3);
	CHECK(pwlist_contains(&l, "matkhau123"));
	CHECK(pwlist_contains(&l, "MATKHAU123"));
	CHECK(pwlist_contains(&l, "Mật Khẩu 123"));
	CHECK(pwlist_contains(&l, "123456789"));
	CHECK(pwlist_contains(&l, "motcua-123"));
	CHECK(!pwlist_contains(&l, "# comment"));
	CHECK(!pwlist_contains(&l, "matkhau1234"));
	CHECK(!pwlist_contains(&l, "ngựa ô chạy qua cầu tre"));
	pwlist_free(&l);
	CHECK_INT(l.n, 0);
	CHECK(!pwlist_contains(&l, "matkhau123"));
}

static void shipped_list_loads(void)
{
	struct pwlist l;
	CHECK_INT(pwlist_load("data/common-passwords.txt", &l), E_OK);
	CHECK(l.n >= 300);
	CHECK(pwlist_contains(&l, "matkhau"));
	CHECK(pwlist_contains(&l, "123456789"));
	CHECK(pwlist_contains(&l, "MOTCUA123"));
	CHECK(pwlist_contains(&l, "Password123"));
	CHECK(!pwlist_contains(&l, "ngựa ô chạy qua cầu tre"));
	pwlist_free(&l);
	CHECK_INT(pwlist_load("data/no-such-file.txt", &l), E_IO);
	CHECK_INT(l.n, 0);
}

int main(void)
{
	RUN(cccd_structure_is_checked);
	RUN(tax_code_check_digit_is_checked);
	RUN(common_passwords_match_folded);
	RUN(shipped_list_loads);
	return harness_done("test_idcheck");
}
