/* fl-lead-notice.h: the "investigative lead only" banner (R18) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FL_TYPE_LEAD_NOTICE (fl_lead_notice_get_type ())
G_DECLARE_FINAL_TYPE (FlLeadNotice, fl_lead_notice, FL, LEAD_NOTICE, GtkWidget)

GtkWidget *fl_lead_notice_new (void);

G_END_DECLS
