/* applicant.h - the applicant block of every submission form (who the dossier is for), as an
 * e-form (eform.h) so it is validated by the same rules and messages as the procedure's own
 * fields. Field names: applicant_name, applicant_id_number, applicant_phone, applicant_email,
 * applicant_address; the stored applicant JSON uses the names without the prefix. */
#ifndef MOTCUA_APPLICANT_H
#define MOTCUA_APPLICANT_H

#define APPLICANT_PREFIX "applicant_"

/* The applicant block as catalogue `form` JSON text (static storage): name (required, 200
 * characters), id_number (12-digit citizen ID, optional: organisations and foreigners have
 * none), phone (required: the SMS notices go there), email (optional), address (required, 300
 * characters). */
const char *applicant_form_json(void);

#endif
