/* fl-case-actions.c: "Enhance Probe…" and "Review" in a case's header.
 * They only open the windows and sections that do the work; every rule is
 * checked again by the core there. */
#include <glib/gi18n.h>

#include "fl-case-actions.h"
#include "fl-enhance-window.h"
#include "fl-main-window.h"
#include "fl-peer-review.h"
#include "fl-probe.h"
#include "fl-report.h"
#include "fl-reports-page.h"
#include "fl-review-page.h"

typedef struct
{
  FlCaseView *view;     /* weak: the buttons live inside it */
  FlSession  *session;
  GtkWidget  *enhance;
  GtkWidget  *review;
  GtkWidget  *report;
  GtkWidget  *comments;   /* in the open "Issue Report" dialog */
  gint64      lead;       /* the reportable candidate offered there, or 0 */
} Actions;

static void
actions_free (gpointer data)
{
  Actions *a = data;

  g_clear_object (&a->session);
  g_free (a);
}

static gboolean
case_is_open (const FlCase *kase)
{
  return kase != NULL && !kase->sealed && kase->state != FL_CASE_CLOSED &&
         kase->state != FL_CASE_REPORTED && kase->state != FL_CASE_NO_MATCH;
}

static void
case_changed_cb (FlCaseView *view,
                 GParamSpec *pspec,
                 Actions    *a)
{
  gboolean open = case_is_open (fl_case_view_get_case (view));

  const FlCase *kase = fl_case_view_get_case (view);

  gtk_widget_set_sensitive (a->enhance, open);
  gtk_widget_set_sensitive (a->review, kase != NULL);
  /* A report follows a search: a lead after peer review, or no possible match. */
  gtk_widget_set_sensitive (a->report, open && kase->state != FL_CASE_INTAKE);
}

static void
probe_saved_cb (FlEnhanceWindow *window,
                gint64           probe_id,
                FlCaseView      *view)
{
  fl_case_view_reload (view);
}

static void
open_enhancement (Actions *a,
                  gint64   probe_id)
{
  GtkWidget *window = fl_enhance_window_new (a->session, probe_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (a->view));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  /* The window may outlive the case view: the handler goes with the view. */
  g_signal_connect_object (window, "probe-saved", G_CALLBACK (probe_saved_cb), a->view, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
probe_chosen_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Actions          *a)
{
  gint64 probe_id;

  if (g_str_has_prefix (response, "probe-") &&
      g_ascii_string_to_signed (response + 6, 10, 1, G_MAXINT64, &probe_id, NULL))
    open_enhancement (a, probe_id);
}

static void
show_message (Actions    *a,
              const char *heading,
              const char *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (a->view));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
enhance_clicked_cb (GtkButton *button,
                    Actions   *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = fl_probe_list_for_case (a->session, fl_case_view_get_case_id (a->view), &error);
  GtkRoot *root;
  GtkWidget *dialog;

  if (probes == NULL)
    {
      show_message (a, _("Cannot Open the Probes"), error->message);
      return;
    }
  if (probes->len == 0)
    {
      show_message (a, _("No Probe Images"), _("This case has no probe image to enhance."));
      return;
    }
  if (probes->len == 1)
    {
      open_enhancement (a, ((FlProbe *) g_ptr_array_index (probes, 0))->id);
      return;
    }

  /* Several probes: let the examiner say which. */
  root = gtk_widget_get_root (GTK_WIDGET (a->view));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Enhance Which Probe?"),
                                   _("Enhancement works on a copy: the original is never changed."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  for (guint i = 0; i < probes->len && i < 8; i++)
    {
      FlProbe *p = g_ptr_array_index (probes, i);
      g_autofree char *id = g_strdup_printf ("probe-%" G_GINT64_FORMAT, p->id);
      g_autofree char *label = p->parent_id == 0
        ? g_strdup_printf (_("%s (original)"), p->filename)
        : g_strdup_printf (_("%s (enhanced)"), p->filename);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), id, label);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (probe_chosen_cb), a);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_clicked_cb (GtkButton *button,
                   Actions   *a)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (a->view));
  GtkWidget *page;

  if (!FL_IS_MAIN_WINDOW (root) || !fl_main_window_show_section (FL_MAIN_WINDOW (root), "review"))
    return;
  page = fl_main_window_get_page (FL_MAIN_WINDOW (root), "review");
  if (FL_IS_REVIEW_PAGE (page))
    fl_review_page_open_case (FL_REVIEW_PAGE (page), fl_case_view_get_case_id (a->view));
}

static void
show_report (Actions *a,
             gint64   report_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (a->view));
  GtkWidget *page;

  fl_case_view_reload (a->view);
  if (!FL_IS_MAIN_WINDOW (root) || !fl_main_window_show_section (FL_MAIN_WINDOW (root), "reports"))
    return;
  page = fl_main_window_get_page (FL_MAIN_WINDOW (root), "reports");
  if (FL_IS_REPORTS_PAGE (page))
    fl_reports_page_select_report (FL_REPORTS_PAGE (page), report_id);
}

/* Issues the report through the core, which checks R1, R13 and R17 again;
 * the case moves to "reported" or "no match" on the way. */
static gboolean
issue_report (Actions     *a,
              gboolean     lead,
              const char  *comments,
              gint64      *out_report,
              GError     **error)
{
  gint64 case_id = fl_case_view_get_case_id (a->view);
  g_autoptr(FlReportInfo) info = NULL;

  if (!lead)
    {
      const FlCase *kase = fl_case_view_get_case (a->view);
      if (kase->state != FL_CASE_NO_MATCH &&
          !fl_case_set_state (a->session, case_id, FL_CASE_NO_MATCH,
                              _("No candidate was a possible investigative lead."), error))
        return FALSE;
    }
  info = fl_report_create (a->session, case_id, lead ? a->lead : 0, comments, error);
  if (info == NULL)
    return FALSE;
  if (lead && fl_case_view_get_case (a->view)->state != FL_CASE_REPORTED &&
      !fl_case_set_state (a->session, case_id, FL_CASE_REPORTED, NULL, error))
    return FALSE;
  *out_report = info->id;
  return TRUE;
}

static void
report_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FlCaseView       *view)
{
  Actions *a = g_object_get_data (G_OBJECT (view), "fl-case-actions");
  g_autoptr(GError) error = NULL;
  g_autofree char *comments = NULL;
  gint64 report_id = 0;

  if (!g_str_equal (response, "lead") && !g_str_equal (response, "no-match"))
    return;
  comments = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (a->comments))));
  if (!issue_report (a, g_str_equal (response, "lead"), *comments ? comments : NULL, &report_id, &error))
    {
      fl_case_view_reload (a->view);
      show_message (a, _("The Report Was Not Issued"), error->message);
      return;
    }
  show_report (a, report_id);
}

/* For tests: answers the open "Issue Report" dialog. */
gboolean
fl_case_actions_issue_report (FlCaseView  *view,
                              gboolean     lead,
                              const char  *comments,
                              gint64      *out_report,
                              GError     **error)
{
  Actions *a = g_object_get_data (G_OBJECT (view), "fl-case-actions");

  g_return_val_if_fail (a != NULL, FALSE);
  if (lead)
    {
      g_autoptr(GArray) leads = fl_peer_review_reportable_leads (fl_session_get_db (a->session),
                                                                 fl_case_view_get_case_id (view), error);
      if (leads == NULL)
        return FALSE;
      a->lead = leads->len ? g_array_index (leads, gint64, 0) : 0;
    }
  return issue_report (a, lead, comments, out_report, error);
}

static void
report_clicked_cb (GtkButton *button,
                   Actions   *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) leads = fl_peer_review_reportable_leads (fl_session_get_db (a->session),
                                                             fl_case_view_get_case_id (a->view), &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (a->view));
  GtkWidget *dialog;

  if (leads == NULL)
    {
      show_message (a, _("Cannot Issue a Report"), error->message);
      return;
    }
  a->lead = leads->len ? g_array_index (leads, gint64, 0) : 0;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Issue a Manual Search Report"),
                                   a->lead
                                   ? _("A possible investigative lead of this case has been reviewed by a second "
                                       "examiner (or the reason it could not be is recorded). The report states that "
                                       "it is an investigative lead only, never a positive identification.")
                                   : _("No lead of this case is ready to report: a possible lead needs a second "
                                       "examiner’s review first. If no candidate was a possible lead, issue the "
                                       "“no possible match” report; the requester then needs a new request for "
                                       "other images."));
  a->comments = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (a->comments), _("Comments printed on the report (optional)"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), a->comments);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "no-match", _("_No Possible Match"));
  if (a->lead)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "lead", _("Issue _Lead Report"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lead", ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (report_response_cb), a->view, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
fl_case_actions_attach (FlCaseView *view,
                        FlSession  *session)
{
  Actions *a;

  g_return_if_fail (FL_IS_CASE_VIEW (view));
  g_return_if_fail (FL_IS_SESSION (session));

  if (!fl_session_has_role (session, FL_ROLE_EXAMINER))
    return;

  a = g_new0 (Actions, 1);
  a->view = view;
  a->session = g_object_ref (session);
  a->enhance = gtk_button_new_with_mnemonic (_("_Enhance Probe…"));
  gtk_widget_set_tooltip_text (a->enhance, _("Enhance a copy of a probe with recorded, reproducible steps"));
  a->review = gtk_button_new_with_mnemonic (_("Re_view"));
  gtk_widget_set_tooltip_text (a->review, _("Search the galleries and review this case’s candidates"));
  gtk_widget_add_css_class (a->review, "suggested-action");
  a->report = gtk_button_new_with_mnemonic (_("_Issue Report…"));
  gtk_widget_set_tooltip_text (a->report, _("Issue the Manual Search Report: a reviewed lead, or no possible match"));
  g_signal_connect (a->report, "clicked", G_CALLBACK (report_clicked_cb), a);
  g_signal_connect (a->enhance, "clicked", G_CALLBACK (enhance_clicked_cb), a);
  g_signal_connect (a->review, "clicked", G_CALLBACK (review_clicked_cb), a);
  fl_case_view_add_action (view, a->enhance);
  fl_case_view_add_action (view, a->review);
  fl_case_view_add_action (view, a->report);
  g_object_set_data_full (G_OBJECT (view), "fl-case-actions", a, actions_free);
  g_signal_connect (view, "notify::case-id", G_CALLBACK (case_changed_cb), a);
  case_changed_cb (view, NULL, a);
}
