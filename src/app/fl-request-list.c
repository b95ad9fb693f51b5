/* fl-request-list.c: a list of search requests
 *
 * "Mine" lists what the signed-in person submitted (the core shows a
 * requester only their own; an examiner's own are the outside agencies'
 * requests they entered). "Queue" lists the requests waiting for triage,
 * oldest first, with Accept (opens the case; the core refuses an examiner
 * without current training, R1) and Return (a reason is required).
 */
#include <glib/gi18n.h>

#include "fl-case.h"
#include "fl-request-list.h"

struct _FlRequestList
{
  AdwBin             parent_instance;

  FlSession         *session;
  FlRequestListMode  mode;
  GPtrArray         *rows;

  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkWidget         *empty_button;
  AdwStatusPage     *error_page;
  GtkLabel          *intro_label;
  GtkListBox        *list_box;
};

G_DEFINE_FINAL_TYPE (FlRequestList, fl_request_list, ADW_TYPE_BIN)

enum {
  SIGNAL_CASE_OPENED,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---------------------------------------------------------- */

static GtkWindow *
parent_window (FlRequestList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error_dialog (FlRequestList *self,
                   const char    *heading,
                   const char    *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static glong
stripped_length (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return g_utf8_strlen (copy, -1);
}

/* ---- triage ----------------------------------------------------------- */

static void
row_accept_cb (FlRequestList *self,
               FlRequestRow  *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) kase = NULL;
  gint64 case_id;

  case_id = fl_request_accept (self->session, fl_request_row_get_request_id (row), &error);
  if (case_id == 0)
    {
      show_error_dialog (self, _("Request Not Accepted"), error->message);
      fl_request_list_reload (self);
      return;
    }
  kase = fl_case_get (self->session, case_id, NULL);
  fl_request_list_reload (self);
  g_signal_emit (self, signals[SIGNAL_CASE_OPENED], 0, case_id, kase != NULL ? kase->fr_number : NULL);
}

static void
return_reason_changed_cb (AdwMessageDialog *dialog,
                          GtkEditable      *entry)
{
  adw_message_dialog_set_response_enabled (dialog, "return",
                                           stripped_length (gtk_editable_get_text (entry)) >= FL_REQUEST_NOTE_MIN_CHARS);
}

static void
return_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FlRequestList    *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "fl-reason-row");
  gint64 request_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "fl-request-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "return") != 0)
    return;
  if (!fl_request_return (self->session, request_id, gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    show_error_dialog (self, _("Request Not Returned"), error->message);
  fl_request_list_reload (self);
}

static void
row_return_cb (FlRequestList *self,
               FlRequestRow  *row)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog, *list, *entry;

  /* Translators: %d is the minimum number of characters */
  body = g_strdup_printf (_("The requester sees your reason and must send a new request. Say what is missing or "
                            "wrong, in at least %d characters."), FL_REQUEST_NOTE_MIN_CHARS);
  dialog = adw_message_dialog_new (parent_window (self), _("Return the Request?"), body);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Reason for returning"));
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "return", _("_Return Request"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "return", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "return", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "return");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "fl-reason-row", entry);
  g_object_set_data (G_OBJECT (dialog), "fl-request-id", GSIZE_TO_POINTER (fl_request_row_get_request_id (row)));
  g_signal_connect_object (entry, "changed", G_CALLBACK (return_reason_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (return_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
row_activated_cb (FlRequestList *self,
                  GtkListBoxRow *row)
{
  if (FL_IS_REQUEST_ROW (row))
    fl_request_row_set_expanded (FL_REQUEST_ROW (row), !fl_request_row_get_expanded (FL_REQUEST_ROW (row)));
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_request_list_dispose (GObject *object)
{
  /* The bin's child is a template child: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REQUEST_LIST);

  G_OBJECT_CLASS (fl_request_list_parent_class)->dispose (object);
}

static void
fl_request_list_finalize (GObject *object)
{
  FlRequestList *self = FL_REQUEST_LIST (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fl_request_list_parent_class)->finalize (object);
}

static void
fl_request_list_class_init (FlRequestListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_request_list_dispose;
  object_class->finalize = fl_request_list_finalize;

  /**
   * FlRequestList::case-opened:
   * @case_id: the new case
   * @fr_number: its FR number
   *
   * An examiner accepted a request from the queue.
   */
  signals[SIGNAL_CASE_OPENED] = g_signal_new ("case-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /**
   * FlRequestList::changed:
   *
   * The list was read again (its rows were replaced).
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-request-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRequestList, stack);
  gtk_widget_class_bind_template_child (widget_class, FlRequestList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlRequestList, empty_button);
  gtk_widget_class_bind_template_child (widget_class, FlRequestList, error_page);
  gtk_widget_class_bind_template_child (widget_class, FlRequestList, intro_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
fl_request_list_init (FlRequestList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_request_list_new (FlSession         *session,
                     FlRequestListMode  mode)
{
  FlRequestList *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_REQUEST_LIST, NULL);
  self->session = g_object_ref (session);
  self->mode = mode;

  if (mode == FL_REQUEST_LIST_QUEUE)
    {
      adw_status_page_set_title (self->empty_page, _("No Requests Waiting"));
      adw_status_page_set_description (self->empty_page,
                                       _("Search requests from investigators wait here, oldest first, until an "
                                         "examiner accepts one and opens its case or returns it with a reason."));
      gtk_widget_set_visible (self->empty_button, FALSE);
      gtk_label_set_text (self->intro_label,
                          _("Oldest first. Unfold a request to read it and see its images, then accept it to open "
                            "its case or return it to the requester with a reason."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Requests Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("To ask the unit for a facial-recognition search, fill in a new request: "
                                         "who you are, the case, the reason, and the images of the subject. "
                                         "Each request you send is listed here with its state."));
      gtk_label_set_text (self->intro_label,
                          _("Newest first. Unfold a request to see everything it says."));
    }
  fl_request_list_reload (self);
  return GTK_WIDGET (self);
}

FlRequestListMode
fl_request_list_get_mode (FlRequestList *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_LIST (self), FL_REQUEST_LIST_MINE);
  return self->mode;
}

void
fl_request_list_reload (FlRequestList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  FlRequestFilter queue_filter = { .any_state = FALSE, .state = FL_REQUEST_SUBMITTED };
  gint64 me;

  g_return_if_fail (FL_IS_REQUEST_LIST (self));

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list_box, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  requests = fl_request_list (self->session, self->mode == FL_REQUEST_LIST_QUEUE ? &queue_filter : NULL, &error);
  if (requests == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }

  me = fl_session_get_user_id (self->session);
  for (guint n = 0; n < requests->len; n++)
    {
      /* The core lists newest first; the queue is worked oldest first. */
      guint i = self->mode == FL_REQUEST_LIST_QUEUE ? requests->len - 1 - n : n;
      const FlRequest *request = g_ptr_array_index (requests, i);
      GtkWidget *row;

      /* An examiner is shown every request by the core: "mine" keeps only their own. */
      if (self->mode == FL_REQUEST_LIST_MINE && request->created_by != me)
        continue;
      row = fl_request_row_new (self->session, request, self->mode == FL_REQUEST_LIST_QUEUE);
      g_signal_connect_object (row, "accept", G_CALLBACK (row_accept_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "return", G_CALLBACK (row_return_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->list_box, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "list" : "empty");
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

guint
fl_request_list_get_n_rows (FlRequestList *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_LIST (self), 0);
  return self->rows->len;
}

FlRequestRow *
fl_request_list_get_row (FlRequestList *self,
                         guint          index)
{
  g_return_val_if_fail (FL_IS_REQUEST_LIST (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

FlRequestRow *
fl_request_list_find_row (FlRequestList *self,
                          gint64         request_id)
{
  g_return_val_if_fail (FL_IS_REQUEST_LIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (fl_request_row_get_request_id (g_ptr_array_index (self->rows, i)) == request_id)
      return g_ptr_array_index (self->rows, i);
  return NULL;
}
