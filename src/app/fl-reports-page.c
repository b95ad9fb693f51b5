/* fl-reports-page.c: the Reports section: manual search reports and their releases (R19–R21)
 *
 * The list holds the reports the person may see (the core decides: records
 * staff every report, examiners their cases', requesters their requests'),
 * newest first, with the case, the kind, the date, the releases and the
 * lead's outcome. Selecting one shows it in the FlReportView beside the
 * list. The page shows "empty", a status page saying what will appear and
 * how, only when the person has no report at all.
 */
#include <glib/gi18n.h>

#include "fl-format.h"
#include "fl-lead-notice.h"
#include "fl-report-register.h"
#include "fl-reports-page.h"

/* Rows listed at once; a search finds older reports. */
#define LIST_LIMIT 200

struct _FlReportsPage
{
  FlPage          parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkSearchEntry *search_entry;
  GtkListBox     *report_list;
  GtkLabel       *limit_label;
  FlReportView   *report_view;
};

G_DEFINE_FINAL_TYPE (FlReportsPage, fl_reports_page, FL_TYPE_PAGE)

static gint64
row_report_id (GtkListBoxRow *row)
{
  return row ? GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "fl-report-id")) : 0;
}

static char *
releases_text (const FlReportEntry *e)
{
  if (e->sealed)
    return g_strdup (_("Sealed: may not be shown, printed or released"));
  if (e->release_count == 0)
    return g_strdup (_("Not released"));
  {
    g_autofree char *when = fl_format_time (e->last_released_at);

    /* Translators: how many times a report was released, and when last */
    return g_strdup_printf (ngettext ("Released %u time, last %s", "Released %u times, last %s", e->release_count),
                            e->release_count, when);
  }
}

static GtkWidget *
report_row (const FlReportEntry *e)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = fl_format_time (e->report->created_at);
  g_autofree char *releases = releases_text (e);
  g_autofree char *subtitle = NULL;
  gboolean lead = e->report->kind == FL_REPORT_KIND_LEAD;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->report->uid);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: kind of report · when it was issued, then a line about its releases */
  subtitle = g_strdup_printf (_("%s · %s\n%s"), lead ? _("Investigative lead") : _("No possible match"), date,
                              releases);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (e->sealed ? "channel-secure-symbolic"
                                                           : lead ? "x-office-document-symbolic"
                                                                  : "edit-find-symbolic"));
  g_object_set_data (G_OBJECT (row), "fl-report-id", GSIZE_TO_POINTER (e->report->id));
  gtk_widget_set_tooltip_text (row, e->fr_number);
  return row;
}

static const char *
empty_description (FlSession *session)
{
  if (fl_session_has_role (session, FL_ROLE_RECORDS))
    return _("No report has been issued yet. Reports appear here once an examiner issues one; every print, save "
             "and release of a report is logged.");
  if (fl_session_has_role (session, FL_ROLE_EXAMINER))
    return _("No report has been issued in your cases yet. A report is issued from the case once its review, "
             "and the second examiner’s review, are complete.");
  return _("No report has been issued for your requests yet. When the unit finishes a search you asked for, its "
           "report appears here.");
}

/* Re-reads the list, keeping the selected report selected. */
static void
reload (FlReportsPage *self)
{
  FlSession *session = fl_page_get_session (FL_PAGE (self));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gint64 shown = fl_report_view_get_report_id (self->report_view);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *select = NULL;
  GtkListBoxRow *old;

  if (session == NULL)
    return;
  entries = fl_report_register_list (session, search, LIST_LIMIT + 1, 0, &error);

  g_signal_handlers_block_matched (self->report_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  /* Rows only: the list's placeholder stays. */
  while ((old = gtk_list_box_get_row_at_index (self->report_list, 0)) != NULL)
    gtk_list_box_remove (self->report_list, GTK_WIDGET (old));
  for (guint i = 0; entries != NULL && i < MIN (entries->len, LIST_LIMIT); i++)
    {
      FlReportEntry *e = g_ptr_array_index (entries, i);
      GtkWidget *row = report_row (e);

      gtk_list_box_append (self->report_list, row);
      if (e->report->id == shown)
        select = GTK_LIST_BOX_ROW (row);
    }
  if (select != NULL)
    gtk_list_box_select_row (self->report_list, select);
  g_signal_handlers_unblock_matched (self->report_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  gtk_widget_set_visible (GTK_WIDGET (self->limit_label), error != NULL || (entries && entries->len > LIST_LIMIT));
  if (error != NULL)
    gtk_label_set_text (self->limit_label, error->message);
  else if (entries->len > LIST_LIMIT)
    {
      g_autofree char *text = g_strdup_printf (_("Showing the newest %d reports. Search to find older ones."),
                                               LIST_LIMIT);
      gtk_label_set_text (self->limit_label, text);
    }

  /* "No reports" only when there are none at all, not when a search finds none. */
  if (error == NULL && entries->len == 0 && *search == '\0')
    {
      adw_status_page_set_description (self->empty_page, empty_description (session));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      fl_report_view_show_report (self->report_view, 0);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "content");
  if (select == NULL && shown != 0)
    fl_report_view_show_report (self->report_view, 0);
  else if (select != NULL)
    fl_report_view_reload (self->report_view);
}

static void
search_changed_cb (FlReportsPage *self)
{
  reload (self);
}

static void
row_selected_cb (FlReportsPage *self,
                 GtkListBoxRow *row)
{
  gint64 id = row_report_id (row);

  if (id != fl_report_view_get_report_id (self->report_view))
    fl_report_view_show_report (self->report_view, id);
}

static void
report_changed_cb (FlReportsPage *self)
{
  reload (self);
}

static GtkWidget *
placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("No report matches the search."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
fl_reports_page_refresh (FlPage *page)
{
  reload (FL_REPORTS_PAGE (page));
}

static void
fl_reports_page_constructed (GObject *object)
{
  FlReportsPage *self = FL_REPORTS_PAGE (object);

  G_OBJECT_CLASS (fl_reports_page_parent_class)->constructed (object);

  fl_report_view_set_session (self->report_view, fl_page_get_session (FL_PAGE (self)));
  reload (self);
}

static void
fl_reports_page_dispose (GObject *object)
{
  FlReportsPage *self = FL_REPORTS_PAGE (object);

  /* Tearing the list down deselects its row: nothing to show any more. */
  if (self->report_list != NULL)
    g_signal_handlers_disconnect_by_data (self->report_list, self);
  if (self->search_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->search_entry, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (fl_reports_page_parent_class)->dispose (object);
}

static void
fl_reports_page_class_init (FlReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FlPageClass *page_class = FL_PAGE_CLASS (klass);

  object_class->constructed = fl_reports_page_constructed;
  object_class->dispose = fl_reports_page_dispose;
  page_class->refresh = fl_reports_page_refresh;

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  g_type_ensure (FL_TYPE_REPORT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, report_list);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, limit_label);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, report_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, report_changed_cb);
}

static void
fl_reports_page_init (FlReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->report_list, placeholder ());
}

GtkWidget *
fl_reports_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REPORTS_PAGE, "session", session, NULL);
}

gboolean
fl_reports_page_select_report (FlReportsPage *self,
                               gint64         report_id)
{
  g_return_val_if_fail (FL_IS_REPORTS_PAGE (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->report_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && row_report_id (GTK_LIST_BOX_ROW (child)) == report_id)
      {
        gtk_list_box_select_row (self->report_list, GTK_LIST_BOX_ROW (child));
        return fl_report_view_get_report_id (self->report_view) == report_id;
      }
  return FALSE;
}

FlReportView *
fl_reports_page_get_report_view (FlReportsPage *self)
{
  g_return_val_if_fail (FL_IS_REPORTS_PAGE (self), NULL);
  return self->report_view;
}
