/* fl-cases-page.c: the Cases section
 *
 * Left, every case the person may see (the core's read rules), newest
 * first, in a GtkListView over FlCaseListModel, which reads only the pages
 * on screen, so the list stays quick with hundreds of thousands of cases.
 * A search (FR or agency case number), a state and an opening date range
 * narrow it. Right, the chosen case's file (FlCaseView). In a narrow window
 * the two fold into one column with a back button. The lead-only notice
 * (R18) stays above both.
 */
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fl-case-row.h"
#include "fl-case-actions.h"
#include "fl-cases-page.h"
#include "fl-format.h"
#include "fl-lead-notice.h"

struct _FlCasesPage
{
  FlPage              parent_instance;

  FlCaseListModel    *model;
  GtkSingleSelection *selection;

  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *state_dropdown;
  GtkMenuButton      *date_button;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkWidget          *list_scroller;
  GtkListView        *list_view;
  GtkWidget          *case_pane;
  GtkWidget          *back_bar;
  GtkStack           *view_stack;
  FlCaseView         *case_view;
};

G_DEFINE_FINAL_TYPE (FlCasesPage, fl_cases_page, FL_TYPE_PAGE)

/* ---- helpers ---------------------------------------------------------- */

/* Empty is fine (no limit); anything else must be a real YYYY-MM-DD date. */
static gboolean
date_ok (const char *text)
{
  int y, m, d;
  char tail;

  if (*text == '\0')
    return TRUE;
  return strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
any_filter (FlCasesPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
         gtk_drop_down_get_selected (self->state_dropdown) != 0 ||
         *gtk_editable_get_text (GTK_EDITABLE (self->from_entry)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->to_entry)) != '\0';
}

static void
update_date_button (FlCasesPage *self)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  g_autofree char *label = NULL;

  if (*from != '\0' && *to != '\0')
    /* Translators: a date range, e.g. "2025-03-01 – 2025-03-31" */
    label = g_strdup_printf (_("%s – %s"), from, to);
  else if (*from != '\0')
    label = g_strdup_printf (_("From %s"), from);
  else if (*to != '\0')
    label = g_strdup_printf (_("Until %s"), to);
  else
    label = g_strdup (_("Any date"));
  gtk_menu_button_set_label (self->date_button, label);
}

static void
update_status (FlCasesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *error = fl_case_list_model_get_error (self->model);
  g_autofree char *text = NULL;

  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));

  if (!date_ok (from) || !date_ok (to))
    {
      /* Translators: %s is what was typed as a date */
      text = g_strdup_printf (_("“%s” is not a date: give it as YYYY-MM-DD. The list still shows the dates before."),
                              date_ok (from) ? to : from);
      gtk_label_set_text (self->count_label, text);
      fl_format_set_tone (GTK_WIDGET (self->count_label), "error");
    }
  else if (error != NULL)
    {
      gtk_label_set_text (self->count_label, error);
      fl_format_set_tone (GTK_WIDGET (self->count_label), "error");
    }
  else
    {
      text = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);
      gtk_label_set_text (self->count_label, text);
      fl_format_set_tone (GTK_WIDGET (self->count_label), "dim-label");
    }
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 || error != NULL ? "list" : "no-match");
  /* Without any filter, no cases at all means the person has none yet. */
  gtk_stack_set_visible_child_name (self->stack, n == 0 && error == NULL && !any_filter (self) ? "empty" : "content");
}

static void
apply_filter (FlCasesPage *self)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  guint state = gtk_drop_down_get_selected (self->state_dropdown);

  /* Filters set while the page is still being built wait for the model. */
  if (self->model == NULL)
    return;
  if (!date_ok (from) || !date_ok (to))
    {
      update_status (self);
      return;
    }
  fl_case_list_model_set_filter (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                 state <= FL_CASE_STATE_LAST ? (FlCaseState) state : FL_CASE_STATE_ANY,
                                 from, to);
  update_status (self);
}

static void
show_case_or_error (FlCasesPage *self,
                    gint64       case_id)
{
  g_autoptr(GError) error = NULL;

  if (!fl_cases_page_show_case (self, case_id, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Case Not Shown"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* ---- callbacks -------------------------------------------------------- */

static void
filter_changed_cb (FlCasesPage *self)
{
  apply_filter (self);
}

static void
date_changed_cb (FlCasesPage *self,
                 GtkEditable *entry)
{
  if (date_ok (gtk_editable_get_text (entry)))
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  update_date_button (self);
  apply_filter (self);
}


static void
clear_dates_cb (FlCasesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_menu_button_popdown (self->date_button);
}

static void
selection_changed_cb (FlCasesPage *self)
{
  FlCaseItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL && fl_case_item_get_id (item) != 0 &&
      fl_case_item_get_id (item) != fl_case_view_get_case_id (self->case_view))
    show_case_or_error (self, fl_case_item_get_id (item));
}

static void
folded_changed_cb (FlCasesPage *self)
{
  gtk_widget_set_visible (self->back_bar, adw_leaflet_get_folded (self->leaflet));
}

static void
back_clicked_cb (FlCasesPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, fl_case_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  FlCaseItem *item = gtk_list_item_get_item (list_item);

  fl_case_row_set_case (FL_CASE_ROW (gtk_list_item_get_child (list_item)),
                        item != NULL ? fl_case_item_get_case (item) : NULL);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlCasesPage *self = FL_CASES_PAGE (widget);

  /* A case opened elsewhere (e.g. just accepted) is new to the list too. */
  fl_case_list_model_reload (self->model);
  update_status (self);
  show_case_or_error (self, g_variant_get_int64 (parameter));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (FL_CASES_PAGE (widget)->search_entry));
}

/* ---- FlPage ----------------------------------------------------------- */

static void
fl_cases_page_refresh (FlPage *page)
{
  FlCasesPage *self = FL_CASES_PAGE (page);

  fl_case_list_model_reload (self->model);
  update_status (self);
  fl_case_view_reload (self->case_view);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_cases_page_constructed (GObject *object)
{
  FlCasesPage *self = FL_CASES_PAGE (object);
  FlSession *session = fl_page_get_session (FL_PAGE (self));
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (fl_cases_page_parent_class)->constructed (object);

  g_return_if_fail (FL_IS_SESSION (session));

  for (guint i = 0; i <= FL_CASE_STATE_LAST; i++)
    gtk_string_list_append (states, fl_format_case_state ((FlCaseState) i));
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (states));

  if (!fl_session_has_role (session, FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN) &&
      fl_session_has_role (session, FL_ROLE_REQUESTER))
    adw_status_page_set_description (self->empty_page,
                                     _("A case is opened when an examiner accepts one of your search requests. "
                                       "Send a request from Requests; its case appears here with its history."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("A case keeps a request’s probe images, searches, reviews and reports "
                                       "together. Accept a request in Requests → Queue to open its case."));

  fl_case_view_set_session (self->case_view, session);
  fl_case_actions_attach (self->case_view, session);
  self->model = fl_case_list_model_new (session);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_date_button (self);
  update_status (self);
}

static void
fl_cases_page_dispose (GObject *object)
{
  FlCasesPage *self = FL_CASES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CASES_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fl_cases_page_parent_class)->dispose (object);
}

static void
fl_cases_page_class_init (FlCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FlPageClass *page_class = FL_PAGE_CLASS (klass);

  object_class->constructed = fl_cases_page_constructed;
  object_class->dispose = fl_cases_page_dispose;
  page_class->refresh = fl_cases_page_refresh;

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  g_type_ensure (FL_TYPE_CASE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, case_pane);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, back_bar);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, case_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_dates_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "cases.show", "x", show_action);
  gtk_widget_class_install_action (widget_class, "cases.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "cases.find", NULL);
}

static void
fl_cases_page_init (FlCasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_cases_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_CASES_PAGE, "session", session, NULL);
}

gboolean
fl_cases_page_show_case (FlCasesPage  *self,
                         gint64        case_id,
                         GError      **error)
{
  g_return_val_if_fail (FL_IS_CASES_PAGE (self), FALSE);

  if (!fl_case_view_show_case (self->case_view, case_id, error))
    return FALSE;
  gtk_stack_set_visible_child_name (self->stack, "content");
  gtk_stack_set_visible_child_name (self->view_stack, "case");
  adw_leaflet_set_visible_child (self->leaflet, self->case_pane);
  return TRUE;
}

FlCaseView *
fl_cases_page_get_case_view (FlCasesPage *self)
{
  g_return_val_if_fail (FL_IS_CASES_PAGE (self), NULL);
  return self->case_view;
}

FlCaseListModel *
fl_cases_page_get_model (FlCasesPage *self)
{
  g_return_val_if_fail (FL_IS_CASES_PAGE (self), NULL);
  return self->model;
}
