/* fl-error.h: the one error domain of the FaceLeads core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_ERROR (fl_error_quark ())

typedef enum
{
  FL_ERROR_FAILED,
  FL_ERROR_INVALID,     /* a field value is wrong: the message names the field and the fix */
  FL_ERROR_DENIED,      /* the signed-in person's role or training does not allow it */
  FL_ERROR_POLICY,      /* a rule of POLICY-RULES.md forbids it */
  FL_ERROR_NOT_FOUND,
  FL_ERROR_EXISTS,
  FL_ERROR_LOCKED_OUT,  /* account locked after failed logins */
  FL_ERROR_AUTH,        /* wrong user name or password */
  FL_ERROR_DATABASE,
  FL_ERROR_CORRUPT,     /* damaged database, image, backup or audit chain */
  FL_ERROR_TOO_NEW,     /* database written by a newer FaceLeads */
  FL_ERROR_IO,
  FL_ERROR_BUSY,
  FL_ERROR_CANCELLED,
  FL_ERROR_MODEL,       /* a model file is missing or does not verify */
} FlError;

GQuark fl_error_quark (void);

G_END_DECLS
