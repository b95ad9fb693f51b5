/* fl-user-dialog.h: add an account, change its roles, or set a new password */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

typedef enum
{
  FL_USER_DIALOG_ADD,       /* user name, full name, roles, password */
  FL_USER_DIALOG_ROLES,     /* the roles of @user */
  FL_USER_DIALOG_PASSWORD,  /* a new password for @user */
} FlUserDialogMode;

#define FL_TYPE_USER_DIALOG (fl_user_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlUserDialog, fl_user_dialog, FL, USER_DIALOG, AdwWindow)

/* @user is the account to change (NULL for FL_USER_DIALOG_ADD). The dialog
 * emits "done" with the account's id after the core accepted the change,
 * then closes. */
GtkWidget   *fl_user_dialog_new         (GtkWindow          *parent,
                                         FlSession          *session,
                                         FlUserDialogMode    mode,
                                         const FlUserInfo   *user);
FlUserDialogMode fl_user_dialog_get_mode (FlUserDialog      *self);
/* Checks every field, shows each problem under its field and, when none is
 * left, hands the change to the core (a new password is hashed off the main
 * loop). Returns FALSE when a field is wrong. */
gboolean     fl_user_dialog_submit      (FlUserDialog       *self);
/* The first problem shown, or NULL. */
const char  *fl_user_dialog_get_problem (FlUserDialog       *self);
gboolean     fl_user_dialog_is_busy     (FlUserDialog       *self);

G_END_DECLS
