/* fl-case-actions.c: "Enhance Probe…" and "Review" in a case's header.
 * They only open the windows and sections that do the work; every rule is
 * checked again by the core there. */
#include <glib/gi18n.h>

#include "fl-case-actions.h"
#include "fl-enhance-window.h"
#include "fl-main-window.h"
#include "fl-probe.h"
#include "fl-review-page.h"

typedef struct
{
  FlCaseView *view;     /* weak: the buttons live inside it */
  FlSession  *session;
  GtkWidget  *enhance;
  GtkWidget  *review;
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

  gtk_widget_set_sensitive (a->enhance, open);
  gtk_widget_set_sensitive (a->review, fl_case_view_get_case (view) != NULL);
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
  g_signal_connect (a->enhance, "clicked", G_CALLBACK (enhance_clicked_cb), a);
  g_signal_connect (a->review, "clicked", G_CALLBACK (review_clicked_cb), a);
  fl_case_view_add_action (view, a->enhance);
  fl_case_view_add_action (view, a->review);
  g_object_set_data_full (G_OBJECT (view), "fl-case-actions", a, actions_free);
  g_signal_connect (view, "notify::case-id", G_CALLBACK (case_changed_cb), a);
  case_changed_cb (view, NULL, a);
}
