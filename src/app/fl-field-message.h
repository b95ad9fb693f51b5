/* fl-field-message.h: a message shown right under a form field, and the field marked */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  FL_FIELD_MESSAGE_NONE,     /* hide the message, unmark the field */
  FL_FIELD_MESSAGE_ERROR,    /* something to fix: the field gets the "error" style */
  FL_FIELD_MESSAGE_WARNING,  /* allowed but with consequences (e.g. the request will be refused) */
} FlFieldMessageKind;

/* Shows @message under @field: in a row inserted after it when @field is a
 * row of a GtkListBox (e.g. in an AdwPreferencesGroup), else in a label
 * placed after it in its GtkBox. The message widget is created on first use. */
void        fl_field_message_set (GtkWidget          *field,
                                  FlFieldMessageKind  kind,
                                  const char         *message);
/* The message shown under @field, or NULL. */
const char *fl_field_message_get (GtkWidget          *field);

G_END_DECLS
