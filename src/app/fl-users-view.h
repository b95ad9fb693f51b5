/* fl-users-view.h: the unit's accounts with their roles, state and training (R1, R3) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

/* Training that expires within this many days is highlighted. */
#define FL_TRAINING_WARNING_DAYS 30

#define FL_TYPE_USERS_VIEW (fl_users_view_get_type ())
G_DECLARE_FINAL_TYPE (FlUsersView, fl_users_view, FL, USERS_VIEW, AdwBin)

GtkWidget  *fl_users_view_new         (FlSession   *session);
FlSession  *fl_users_view_get_session (FlUsersView *self);
void        fl_users_view_set_session (FlUsersView *self,
                                       FlSession   *session);
/* Reads the accounts again. */
void        fl_users_view_reload      (FlUsersView *self);
/* The row of @username (an AdwExpanderRow), or NULL. A row whose training
 * expires within FL_TRAINING_WARNING_DAYS has the style class "training-expiring". */
GtkWidget  *fl_users_view_get_row     (FlUsersView *self,
                                       const char  *username);
/* The state ("Active", "Locked until …", "Deactivated") and the training
 * shown in the row of @username, or NULL. */
const char *fl_users_view_get_state_text    (FlUsersView *self,
                                             const char  *username);
const char *fl_users_view_get_training_text (FlUsersView *self,
                                             const char  *username);
/* The message of the last action (or NULL). */
const char *fl_users_view_get_message (FlUsersView *self);

G_END_DECLS
