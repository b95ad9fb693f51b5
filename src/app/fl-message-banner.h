/* fl-message-banner.h: a coloured line under a task saying how it ended (or what is wrong) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  FL_MESSAGE_NONE,     /* hidden */
  FL_MESSAGE_INFO,
  FL_MESSAGE_SUCCESS,
  FL_MESSAGE_WARNING,
  FL_MESSAGE_ERROR,
} FlMessageKind;

#define FL_TYPE_MESSAGE_BANNER (fl_message_banner_get_type ())
G_DECLARE_FINAL_TYPE (FlMessageBanner, fl_message_banner, FL, MESSAGE_BANNER, GtkWidget)

GtkWidget     *fl_message_banner_new      (void);
/* Shows @text (hides the banner for FL_MESSAGE_NONE or a NULL @text). */
void           fl_message_banner_set      (FlMessageBanner *self,
                                           FlMessageKind    kind,
                                           const char      *text);
FlMessageKind  fl_message_banner_get_kind (FlMessageBanner *self);
/* The text shown, or NULL when hidden. */
const char    *fl_message_banner_get_text (FlMessageBanner *self);

G_END_DECLS
