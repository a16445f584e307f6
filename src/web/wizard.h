/* wizard.h - shared parts of the citizen's pages (src/web/wizard*.c, dossiers.c): the loaded
 * submission form, collected error messages and the acknowledgement. Private to src/web/. */
#ifndef MOTCUA_WEB_WIZARD_H
#define MOTCUA_WEB_WIZARD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/dossier.h"
#include "motcua/eform.h"
#include "motcua/web.h"

/* The procedure and draft a submission page is about. */
struct wiz {
	json_t *proc;		/* catalog_get's object */
	json_t *draft;		/* portal_dossier's object of the draft, or NULL for a blank form */
	struct eform *form;	/* the procedure's e-form */
	struct eform *who;	/* the applicant block (applicant.h) */
	int64_t draft_id;	/* 0 until saved */
	const char *code;	/* procedure code (owned by proc) */
	bool full;		/* online level "full" (mức độ 4) */
	bool online;		/* partial or full: may be submitted online */
};

/* Messages of one POST: a summary at the top (links to the inputs) and one per input. */
struct wiz_errors {
	json_t *summary;	/* [{"href": "#input", "text"}] */
	json_t *by_input;	/* {"input": "text"} */
	int n;
};

/* The server's clock (the app's). */
static inline const struct clock *web_clock(struct request *req)
{
	return &((struct app *)req_app(req))->clock;
}

/* Load the procedure of the path (:code) or the signed-in citizen's dossier (:id, any state)
 * with its procedure, and parse both e-forms. E_NOTFOUND (no such procedure, or the dossier
 * is not this account's), E_DB. Clear w with wiz_clear whatever the result. */
enum err wiz_load(struct request *req, struct wiz *w);
void wiz_clear(struct wiz *w);

void wiz_errors_init(struct wiz_errors *e);
void wiz_errors_free(struct wiz_errors *e);
/* Record text for input (its id in the page); label (may be NULL) prefixes the summary line.
 * The first message of an input is kept. */
void wiz_error(struct request *req, struct wiz_errors *e, const char *input, const char *label,
	       const char *text);

/* The message for file field field when the layer refused its upload (too large, wrong kind,
 * not saved), with the matching status in *status; nothing when it was not refused. */
void wiz_file_error(struct request *req, struct wiz_errors *errs, const char *field,
		    const char *label, int *status);
/* Attach the accepted upload of field (if any) to dossier_id in slot with title; failures are
 * recorded under field with label. E_OK when there was nothing to attach. */
enum err wiz_attach(struct request *req, int64_t owner, int64_t dossier_id, const char *field,
		    int slot, const char *title, struct wiz_errors *errs, const char *label);

/* Render the submission form of w (blank, or the draft as saved) with errs and notice. */
void wiz_render(struct request *req, struct response *res, int status, const struct wiz *w,
		const struct wiz_errors *errs, const char *notice);
/* The acknowledgement page of a submission just made: code, the lookup secret (shown this
 * once), the lookup QR code, what comes next. */
void wiz_acknowledge(struct request *req, struct response *res, const struct event_result *r);
/* 404 for a procedure that cannot be submitted online, a dossier or draft that is not this
 * account's, or a file that is not there: one answer for all. */
void wiz_not_found(struct request *req, struct response *res);
/* The owner's dossier page of code with status, a notice (may be NULL) and the messages of a
 * refused action (may be NULL); 404 when it is not the signed-in account's. */
void dossier_page(struct request *req, struct response *res, int status, const char *code,
		  const char *notice, const struct wiz_errors *errs);
/* Display fields of one dossier object (portal_list item or portal_dossier) in place: labels
 * of status and next step, dates as dd/mm/yyyy or hh:mm dd/mm/yyyy, its link. */
void dossier_decorate(struct request *req, json_t *d);

/* --- eform_view.c (shared with the counter intake, intake*.c) --- */
/* eform_get_fn over the request's e-form fields ("f_" + name), as typed. */
const char *eform_view_get_field(void *ctx, const char *name);
/* eform_get_fn over the request's fields named as in the e-form (the applicant block). */
const char *eform_view_get_raw(void *ctx, const char *name);
/* Validate e-form f read with get; errors go to errs under prefix+name (labels from
 * "wizard.<name>" when applicant). Returns everything typed (the caller json_decref()s it);
 * strict adds the required-field errors of a submission. */
json_t *eform_view_validate(struct request *req, const struct eform *f, eform_get_fn get,
			    const char *prefix, bool strict, struct wiz_errors *errs, bool applicant);
/* The applicant object to store: the applicant e-form's values without their prefix (new
 * reference). */
json_t *eform_view_applicant(json_t *values);
/* The e-form's inputs ("f_" + name) with values (may be NULL) and errs, for the templates'
 * fields block (new reference). */
json_t *eform_view_inputs(struct request *req, const struct eform *form, json_t *values,
			  const struct wiz_errors *errs);

#endif
