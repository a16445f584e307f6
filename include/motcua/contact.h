/* contact.h - pure checks of the contact details people type: Vietnamese phone numbers and
 * e-mail addresses. The same rules as the HTTP form validator (src/http/form.c FK_PHONE,
 * FK_EMAIL), without any HTTP, for the domain (the e-form). */
#ifndef MOTCUA_CONTACT_H
#define MOTCUA_CONTACT_H

#include <stdbool.h>
#include <stddef.h>

/* Check a Vietnamese phone number s[0..n): spaces, dots and dashes ignored, then "0" and nine
 * digits not starting with 0, or "+84" and the same nine digits. On success writes the
 * national form "0" + nine digits to out and returns true; false otherwise (out untouched). */
bool contact_phone_normalize(const char *s, size_t n, char out[static 11]);

/* True for a plausible e-mail address s[0..n): at most 254 bytes, exactly one '@', a local
 * part of 1..64 bytes without spaces, controls or ()<>,;:\"[], a domain of ASCII letters,
 * digits, '-' and '.' that contains a dot, with no empty label at either end or between
 * two dots. */
bool contact_email_valid(const char *s, size_t n);

#endif
