/* fl-list-editor.h: edits one of the unit's lists (authorized purposes, incident types) */
#pragma once

#include <adwaita.h>

#include "fl-settings.h"

G_BEGIN_DECLS

#define FL_TYPE_LIST_EDITOR (fl_list_editor_get_type ())
G_DECLARE_FINAL_TYPE (FlListEditor, fl_list_editor, FL, LIST_EDITOR, AdwPreferencesGroup)

GtkWidget  *fl_list_editor_new         (FlSession    *session,
                                        FlListKind    kind);
FlSession  *fl_list_editor_get_session (FlListEditor *self);
void        fl_list_editor_set_session (FlListEditor *self,
                                        FlSession    *session);
FlListKind  fl_list_editor_get_kind    (FlListEditor *self);
/* Saves @values as the whole list; on refusal the message is shown under the list. */
gboolean    fl_list_editor_save        (FlListEditor       *self,
                                        const char * const *values);
/* The refusal shown under the list, or NULL. */
const char *fl_list_editor_get_error   (FlListEditor *self);

G_END_DECLS
