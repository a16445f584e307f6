/* test_attachment.c - attachments of stored files: file names cleaned, add records the file
 * once per hash, another owner's attachment is not found, removal keeps the file while another
 * attachment references it and drops it with the last one. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "motcua/attachment.h"
#include "motcua/auth.h"
#include "motcua/migrate.h"
#include "motcua/text.h"

static struct db *db;
static char db_file[64];
static int64_t alice, bob;

/* File operations recorded instead of done. */
struct ops {
	int placed, hidden, restored, purged;
	enum err place_result;
};

/* Place callback: counts, answers o->place_result. */
static enum err op_place(void *ctx)
{
	struct ops *o = ctx;
	o->placed++;
	return o->place_result;
}

/* Unstore callbacks: count their calls. */
static enum err op_hide(void *ctx, const char *hash)
{
	(void)hash;
	((struct ops *)ctx)->hidden++;
	return E_OK;
}

/* See op_hide. */
static void op_restore(void *ctx, const char *hash)
{
	(void)hash;
	((struct ops *)ctx)->restored++;
}

/* See op_hide. */
static void op_purge(void *ctx, const char *hash)
{
	(void)hash;
	((struct ops *)ctx)->purged++;
}

/* The cleaned name of in (static buffer). */
static const char *clean(const char *in)
{
	static char out[ATTACHMENT_NAME_BYTES];
	attachment_clean_name(in, out, sizeof(out));
	return out;
}

static void file_names_are_cleaned(void)
{
	CHECK_STR(clean("Giấy khai sinh.pdf"), "Giấy khai sinh.pdf");
	CHECK_STR(clean("C:\\Users\\an\\cccd.jpg"), "cccd.jpg");
	CHECK_STR(clean("../../etc/passwd"), "passwd");
	CHECK_STR(clean(".htaccess"), "htaccess");
	CHECK_STR(clean("a\r\nSet-Cookie: x.pdf"), "a__Set-Cookie_ x.pdf");
	CHECK_STR(clean("bad\xff\xfe.pdf"), "bad__.pdf");
	CHECK_STR(clean("\"quoted\";.pdf"), "quoted__.pdf");
	CHECK_STR(clean("..."), "tep");
	CHECK_STR(clean(""), "tep");
	CHECK_STR(clean(NULL), "tep");
	char longname[600];
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 150; i++)
		strcat(longname, "ồ");
	strcat(longname, ".pdf");
	const char *c = clean(longname);
	CHECK_INT(utf8_length(c, strlen(c)), ATTACHMENT_NAME_MAX);
	CHECK(strlen(c) > 4 && strcmp(c + strlen(c) - 4, ".pdf") == 0);
}

/* A new attachment of content hash h for owner. */
static enum err add(int64_t owner, char h, const char *title, struct ops *o, int64_t *id)
{
	char hash[65];
	memset(hash, h, 64);
	hash[64] = '\0';
	struct attachment_new a = { ATTACH_OWNER_USER, owner, hash, "pdf", 1234, title,
				    "../cccd.pdf", owner, 1764547200 };
	return attachment_add(db, &a, op_place, o, id);
}

static void add_list_and_get_own_only(void)
{
	struct ops o = { 0 };
	int64_t id1 = 0, id2 = 0;
	CHECK_INT(add(alice, 'a', "Căn cước công dân", &o, &id1), E_OK);
	CHECK_INT(add(alice, 'b', "Giấy khai sinh", &o, &id2), E_OK);
	CHECK_INT(o.placed, 2);
	struct attachment_row *rows;
	int n;
	CHECK_INT(attachment_list(db, ATTACH_OWNER_USER, alice, &rows, &n), E_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(rows[0].id, id2);	/* newest first */
		CHECK_STR(rows[1].title, "Căn cước công dân");
		CHECK_STR(rows[1].file_name, "cccd.pdf");
		CHECK_STR(rows[1].kind, "pdf");
		CHECK_INT(rows[1].size, 1234);
	}
	free(rows);
	struct attachment_row r;
	CHECK_INT(attachment_get(db, ATTACH_OWNER_USER, alice, id1, &r), E_OK);
	CHECK_INT(attachment_get(db, ATTACH_OWNER_USER, bob, id1, &r), E_NOTFOUND);
	CHECK_INT(attachment_get(db, ATTACH_OWNER_DOSSIER, alice, id1, &r), E_NOTFOUND);
	CHECK_INT(attachment_list(db, ATTACH_OWNER_USER, bob, &rows, &n), E_OK);
	CHECK_INT(n, 0);
	free(rows);
}

static void bad_input_records_nothing(void)
{
	struct ops o = { 0 };
	int64_t id;
	CHECK_INT(add(alice, 'c', "", &o, &id), E_INVALID);
	CHECK_INT(add(alice, 'G', "Hoá đơn", &o, &id), E_INVALID);	/* not a hash */
	CHECK_INT(o.placed, 0);
	o.place_result = E_IO;
	CHECK_INT(add(alice, 'c', "Hoá đơn", &o, &id), E_IO);
	struct attachment_row *rows;
	int n;
	CHECK_INT(attachment_list(db, ATTACH_OWNER_USER, alice, &rows, &n), E_OK);
	CHECK_INT(n, 2);
	free(rows);
}

static void removal_keeps_a_file_still_referenced(void)
{
	struct ops o = { 0 };
	struct attachment_unstore u = { &o, op_hide, op_restore, op_purge };
	int64_t mine, theirs;
	CHECK_INT(add(alice, 'd', "Sổ hộ khẩu", &o, &mine), E_OK);
	CHECK_INT(add(bob, 'd', "Sổ hộ khẩu", &o, &theirs), E_OK);	/* same content */
	CHECK_INT(attachment_remove(db, ATTACH_OWNER_USER, bob, mine, &u), E_NOTFOUND);
	CHECK_INT(attachment_remove(db, ATTACH_OWNER_USER, alice, mine, &u), E_OK);
	CHECK_INT(o.hidden, 0);		/* bob's attachment still uses it */
	CHECK_INT(attachment_remove(db, ATTACH_OWNER_USER, alice, mine, &u), E_NOTFOUND);
	CHECK_INT(attachment_remove(db, ATTACH_OWNER_USER, bob, theirs, &u), E_OK);
	CHECK_INT(o.hidden, 1);
	CHECK_INT(o.purged, 1);
	CHECK_INT(o.restored, 0);
	/* the stored_files row went with it: the same content can be added again */
	CHECK_INT(add(alice, 'd', "Sổ hộ khẩu", &o, &mine), E_OK);
}

int main(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-attachment-%d.db", (int)getpid());
	unlink(db_file);
	char why[128];
	if (db_open(db_file, &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK ||
	    user_add(db, "alice", "Nguyễn Thị An", ROLE_CITIZEN, NULL, "mot-cua-2026", 1, &alice,
		     why, sizeof(why)) != E_OK ||
	    user_add(db, "bob", "Trần Văn Bình", ROLE_CITIZEN, NULL, "mot-cua-2026", 1, &bob, why,
		     sizeof(why)) != E_OK)
		return 1;
	RUN(file_names_are_cleaned);
	RUN(add_list_and_get_own_only);
	RUN(bad_input_records_nothing);
	RUN(removal_keeps_a_file_still_referenced);
	db_close(db);
	char p[96];
	unlink(db_file);
	snprintf(p, sizeof(p), "%s-wal", db_file);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_file);
	unlink(p);
	return harness_done("test_attachment");
}
