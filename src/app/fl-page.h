/* fl-page.h: base class of the main window's sections (Requests, Cases, …) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_PAGE (fl_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (FlPage, fl_page, FL, PAGE, GtkWidget)

struct _FlPageClass
{
  GtkWidgetClass parent_class;

  /* Called each time the section is shown: reload what the page lists. */
  void (*refresh) (FlPage *self);

  gpointer padding[8];
};

FlSession *fl_page_get_session (FlPage *self);
FlDb      *fl_page_get_db      (FlPage *self);
void       fl_page_refresh     (FlPage *self);

G_END_DECLS
