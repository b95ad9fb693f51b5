/* fl-search-dialog.c: New Search
 *
 * Everything the search needs is chosen here and handed to
 * fl_search_run_async() as it is: the core checks every rule (training,
 * the case's state and examiner, the probe's judgement, the justification)
 * and its refusal is shown word for word above the form. Faces are found in
 * the chosen probe with the search's own detector settings
 * (FL_SEARCH_DETECT_FLAGS) in a worker thread, so the face index the
 * examiner picks is the one the search uses.
 */
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "fl-case.h"
#include "fl-format.h"
#include "fl-gallery.h"
#include "fl-probe.h"
#include "fl-search-dialog.h"
#include "fl-search.h"
#include "fl-settings.h"
#include "fl-store.h"
#include "fl-thumbnail.h"

#define PROBE_THUMB_SIZE 140
#define FACE_THUMB_SIZE 96

struct _FlSearchDialog
{
  AdwWindow       parent_instance;

  FlSession      *session;
  GArray         *case_ids;         /* gint64, in the combo row's order */
  GPtrArray      *probes;           /* of FlProbe, in the probe box's order */
  GArray         *gallery_ids;      /* gint64, in the gallery list's order */
  GPtrArray      *gallery_checks;   /* of GtkCheckButton, same order */
  int             n_faces;
  gint64          faces_probe_id;   /* the probe n_faces and the face chips are of */
  GCancellable   *faces_cancellable;
  GCancellable   *thumbs_cancellable;
  GCancellable   *search_cancellable;
  gboolean        running;
  gboolean        disposed;
  gboolean        syncing;
  double          progress;
  gint64          search_id;
  char           *error;

  GtkWidget      *run_button;
  GtkWidget      *error_box;
  GtkLabel       *error_label;
  GtkWidget      *progress_box;
  GtkLabel       *stage_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *review_button;
  GtkWidget      *form;
  AdwComboRow    *case_row;
  GtkLabel       *case_message;
  GtkFlowBox     *probes_box;
  GtkWidget      *judge_box;
  GtkLabel       *quality_label;
  GtkWidget      *measure_button;
  GtkCheckButton *suitable_check;
  GtkCheckButton *unsuitable_check;
  GtkEditable    *reason_entry;
  GtkLabel       *judge_error;
  GtkWidget      *faces_section;
  GtkSpinner     *faces_spinner;
  GtkLabel       *faces_label;
  GtkFlowBox     *faces_box;
  GtkListBox     *galleries_list;
  GtkSpinButton  *k_spin;
  AdwActionRow   *blind_row;
  GtkSwitch      *blind_switch;
  GtkTextView    *justification_view;
};

G_DEFINE_FINAL_TYPE (FlSearchDialog, fl_search_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SEARCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_faces (FlSearchDialog *self);

static void
show_error (FlSearchDialog *self,
            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
}

static gint64
selected_case (FlSearchDialog *self)
{
  guint index = adw_combo_row_get_selected (self->case_row);

  return index < self->case_ids->len ? g_array_index (self->case_ids, gint64, index) : 0;
}

static FlProbe *
selected_probe (FlSearchDialog *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->probes_box);
  int index;

  if (selected == NULL || self->probes == NULL)
    return NULL;
  index = gtk_flow_box_child_get_index (selected->data);
  return index >= 0 && (guint) index < self->probes->len ? g_ptr_array_index (self->probes, index) : NULL;
}

static int
selected_face (FlSearchDialog *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->faces_box);

  return selected ? gtk_flow_box_child_get_index (selected->data) : -1;
}

static void
update_run (FlSearchDialog *self)
{
  gtk_widget_set_sensitive (self->run_button, !self->running && self->search_id == 0 &&
                                              selected_case (self) > 0 && selected_probe (self) != NULL);
  gtk_widget_set_sensitive (self->form, !self->running && self->search_id == 0);
}

/* ---- probes ----------------------------------------------------------- */

static char *
suitability_text (const FlProbe *probe,
                  const char   **tone)
{
  if (probe->suitability == NULL)
    {
      *tone = "warning";
      return g_strdup (_("Not judged yet"));
    }
  if (g_str_equal (probe->suitability, "suitable"))
    {
      *tone = "success";
      return g_strdup (_("Suitable"));
    }
  *tone = "error";
  /* Translators: a probe judged unsuitable, with the examiner's reason */
  return probe->suitability_reason ? g_strdup_printf (_("Unsuitable: %s"), probe->suitability_reason)
                                   : g_strdup (_("Unsuitable"));
}

static void
thumb_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = fl_thumbnail_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static GtkWidget *
probe_card (FlSearchDialog *self,
            const FlProbe  *probe)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *kind, *name, *state;
  g_autofree char *title = NULL;
  g_autofree char *judged = NULL;
  g_autofree char *path = NULL;
  const char *tone = NULL;

  gtk_widget_set_size_request (picture, PROBE_THUMB_SIZE, PROBE_THUMB_SIZE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_box_append (GTK_BOX (box), picture);
  title = probe->parent_id == 0 ? g_strdup_printf (_("Original · %s"), probe->filename)
                                : g_strdup_printf (_("Enhanced · %s"), probe->filename);
  kind = gtk_label_new (probe->parent_id == 0 ? _("Original") : _("Enhanced"));
  gtk_widget_add_css_class (kind, "heading");
  gtk_box_append (GTK_BOX (box), kind);
  name = gtk_label_new (probe->filename);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 20);
  gtk_widget_add_css_class (name, "caption");
  gtk_widget_set_tooltip_text (name, probe->filename);
  gtk_box_append (GTK_BOX (box), name);
  judged = suitability_text (probe, &tone);
  state = gtk_label_new (judged);
  gtk_label_set_ellipsize (GTK_LABEL (state), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (state), 18);
  gtk_widget_set_tooltip_text (state, judged);
  gtk_widget_add_css_class (state, "caption");
  fl_format_set_tone (state, tone);
  gtk_box_append (GTK_BOX (box), state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  path = fl_store_get_path (fl_session_get_db (self->session), probe->hash, NULL);
  if (path != NULL)
    fl_thumbnail_load_async (path, PROBE_THUMB_SIZE * 2, self->thumbs_cancellable, thumb_loaded_cb,
                             g_object_ref (picture));
  return box;
}

static void
load_probes (FlSearchDialog *self,
             gint64          keep_probe_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 case_id = selected_case (self);
  GtkWidget *child;
  guint select = 0;

  g_cancellable_cancel (self->thumbs_cancellable);
  g_clear_object (&self->thumbs_cancellable);
  self->thumbs_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->probes, g_ptr_array_unref);
  self->syncing = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->probes_box))) != NULL)
    gtk_flow_box_remove (self->probes_box, child);
  self->syncing = FALSE;
  if (case_id == 0)
    {
      show_faces (self);
      return;
    }

  all = fl_probe_list_for_case (self->session, case_id, &error);
  if (all == NULL)
    {
      show_error (self, error->message);
      show_faces (self);
      return;
    }
  /* Each original followed by the versions enhanced from it. */
  self->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_probe_free);
  for (guint i = 0; i < all->len; i++)
    {
      FlProbe *original = g_ptr_array_index (all, i);

      if (original == NULL || original->parent_id != 0)
        continue;
      for (guint j = 0; j < all->len; j++)
        {
          FlProbe *p = g_ptr_array_index (all, j);

          if (p != NULL && (j == i || p->parent_id == original->id))
            g_ptr_array_add (self->probes, g_steal_pointer (&all->pdata[j]));
        }
    }
  self->syncing = TRUE;
  for (guint i = 0; i < self->probes->len; i++)
    {
      FlProbe *p = g_ptr_array_index (self->probes, i);

      gtk_flow_box_append (self->probes_box, probe_card (self, p));
      if (p->id == keep_probe_id)
        select = i;
    }
  if (self->probes->len > 0)
    gtk_flow_box_select_child (self->probes_box, gtk_flow_box_get_child_at_index (self->probes_box, (int) select));
  self->syncing = FALSE;
  show_faces (self);
}

/* ---- judgement (R11) ---------------------------------------------------- */

/* A figure rounded for display ("-0" shows as "0"). */
static double
json_number (JsonObject *obj,
             const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);
  double value = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;

  return fabs (value) < 0.5 ? 0.0 : value;
}

static char *
quality_summary (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *obj;
  JsonArray *reasons;
  const char *hint;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (_("Quality not measured yet. Measure it, or judge from what you see."));
  obj = json_node_get_object (json_parser_get_root (parser));
  /* Translators: measured quality figures of a probe's face */
  g_string_append_printf (text, _("Measured: %.0f px between the eyes · sharpness %.0f · BRISQUE %.0f · "
                                  "head turn %.0f° · tilt %.0f°"),
                          json_number (obj, "inter_eye_px"), json_number (obj, "sharpness"),
                          json_number (obj, "brisque"), json_number (obj, "yaw_degrees"),
                          json_number (obj, "roll_degrees"));
  hint = json_object_get_string_member_with_default (obj, "suitability", "");
  g_string_append (text, "\n");
  if (g_str_equal (hint, "suitable"))
    g_string_append (text, _("The figures suggest: suitable."));
  else if (g_str_equal (hint, "marginal"))
    g_string_append (text, _("The figures suggest: marginal."));
  else
    g_string_append (text, _("The figures suggest: unsuitable. Judging it suitable needs a reason."));
  reasons = json_object_has_member (obj, "reasons") ? json_object_get_array_member (obj, "reasons") : NULL;
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    g_string_append_printf (text, "\n• %s", json_array_get_string_element (reasons, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_judgement (FlSearchDialog *self)
{
  FlProbe *probe = selected_probe (self);
  g_autofree char *summary = NULL;

  gtk_widget_set_visible (self->judge_box, probe != NULL && probe->suitability == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->judge_error), FALSE);
  if (probe == NULL || probe->suitability != NULL)
    return;
  summary = quality_summary (probe->quality_json);
  gtk_label_set_text (self->quality_label, summary);
  gtk_button_set_label (GTK_BUTTON (self->measure_button), probe->quality_json ? _("_Measure Again")
                                                                               : _("_Measure Quality"));
}

static void
show_judge_error (FlSearchDialog *self,
                  const char     *message)
{
  gtk_label_set_text (self->judge_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->judge_error), message != NULL);
}

static void
measure_clicked_cb (FlSearchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(FlQuality) quality = NULL;
  FlProbe *probe = selected_probe (self);
  gint64 probe_id;

  if (probe == NULL)
    return;
  probe_id = probe->id;
  /* A second or so on an ordinary photo; the result is stored with the probe. */
  matcher = fl_search_get_matcher (&error);
  if (matcher != NULL)
    quality = fl_probe_assess (self->session, matcher, probe_id, &error);
  if (quality == NULL)
    {
      show_judge_error (self, error->message);
      return;
    }
  load_probes (self, probe_id);
  show_judgement (self);
}

static void
judge_clicked_cb (FlSearchDialog *self)
{
  if (!gtk_check_button_get_active (self->suitable_check) && !gtk_check_button_get_active (self->unsuitable_check))
    {
      show_judge_error (self, _("Choose suitable or unsuitable."));
      return;
    }
  fl_search_dialog_judge (self, gtk_check_button_get_active (self->suitable_check),
                          gtk_editable_get_text (self->reason_entry));
}

/* ---- faces ------------------------------------------------------------ */

static void
free_textures (gpointer data)
{
  g_ptr_array_unref (data);
}

static void
faces_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(FlImage) image = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  GPtrArray *chips;
  GError *error = NULL;

  image = fl_image_new_from_file (task_data, &error);
  if (image != NULL)
    matcher = fl_search_get_matcher (&error);
  if (matcher != NULL)
    faces = fl_matcher_detect (matcher, image, FL_SEARCH_DETECT_FLAGS, &error);
  if (faces == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  chips = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < faces->len; i++)
    {
      g_autoptr(GBytes) rgb = g_bytes_new (fl_face_get_chip_rgb (g_ptr_array_index (faces, i)),
                                           FL_CHIP_SIZE * FL_CHIP_SIZE * 3);

      g_ptr_array_add (chips, gdk_memory_texture_new (FL_CHIP_SIZE, FL_CHIP_SIZE, GDK_MEMORY_R8G8B8, rgb,
                                                      FL_CHIP_SIZE * 3));
    }
  g_task_return_pointer (task, chips, free_textures);
}

static void
faces_found_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FlSearchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chips = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;
  gtk_spinner_stop (self->faces_spinner);
  if (chips == NULL)
    {
      gtk_label_set_text (self->faces_label, error->message);
      return;
    }
  self->n_faces = (int) chips->len;
  if (chips->len == 0)
    text = g_strdup (_("No face was found in this probe. Place the two eye centres by hand on the probe, "
                       "or judge it unsuitable."));
  else if (chips->len == 1)
    text = g_strdup (_("One face found: it is the face searched."));
  else
    text = g_strdup_printf (ngettext ("This probe shows %u face: choose the one to search.",
                                      "This probe shows %u faces: choose the one to search.", chips->len),
                            chips->len);
  gtk_label_set_text (self->faces_label, text);
  for (guint i = 0; i < chips->len; i++)
    {
      GtkWidget *picture = gtk_picture_new_for_paintable (g_ptr_array_index (chips, i));
      /* Translators: accessible name of a detected face, e.g. "Face 2" */
      g_autofree char *name = g_strdup_printf (_("Face %u"), i + 1);

      gtk_widget_set_size_request (picture, FACE_THUMB_SIZE, FACE_THUMB_SIZE);
      gtk_widget_set_tooltip_text (picture, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_flow_box_append (self->faces_box, picture);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->faces_box), chips->len > 0);
  gtk_flow_box_set_selection_mode (self->faces_box, chips->len > 1 ? GTK_SELECTION_SINGLE : GTK_SELECTION_NONE);
}

static void
show_faces (FlSearchDialog *self)
{
  FlProbe *probe = selected_probe (self);
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FlPoint l, r;
  GtkWidget *child;

  show_judgement (self);
  update_run (self);
  gtk_widget_set_visible (self->faces_section, probe != NULL);
  /* Reloading the same probe (after a judgement) keeps the faces found in it. */
  if (probe != NULL && probe->id == self->faces_probe_id)
    return;
  self->faces_probe_id = probe ? probe->id : 0;

  g_cancellable_cancel (self->faces_cancellable);
  g_clear_object (&self->faces_cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->faces_box))) != NULL)
    gtk_flow_box_remove (self->faces_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->faces_box), FALSE);
  gtk_spinner_stop (self->faces_spinner);
  self->n_faces = -1;
  update_run (self);
  if (probe == NULL)
    return;

  if (probe->eye_points_json != NULL && fl_probe_parse_eye_points (probe->eye_points_json, &l, &r))
    {
      gtk_label_set_text (self->faces_label, _("The eye centres placed by hand mark the face to search."));
      return;
    }
  path = fl_store_get_path (fl_session_get_db (self->session), probe->hash, &error);
  if (path == NULL)
    {
      gtk_label_set_text (self->faces_label, error->message);
      return;
    }
  gtk_label_set_text (self->faces_label, _("Finding the faces in this probe…"));
  gtk_spinner_start (self->faces_spinner);
  self->faces_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->faces_cancellable, faces_found_cb, g_object_ref (self));
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, faces_thread);
}

/* ---- cases and galleries ---------------------------------------------- */

static int
case_newest_first (gconstpointer a,
                   gconstpointer b)
{
  gint64 ia = (*(FlCase * const *) a)->id, ib = (*(FlCase * const *) b)->id;

  return ia < ib ? 1 : ia > ib ? -1 : 0;
}

static void
load_cases (FlSearchDialog *self)
{
  static const FlCaseState searchable[] = { FL_CASE_INTAKE, FL_CASE_SEARCHING, FL_CASE_REVIEW };
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_case_free);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_array_set_size (self->case_ids, 0);
  for (guint s = 0; s < G_N_ELEMENTS (searchable); s++)
    {
      g_autoptr(GError) error = NULL;
      FlCaseFilter filter = { .examiner_id = fl_session_get_user_id (self->session), .state = searchable[s],
                              .limit = 500 };
      g_autoptr(GPtrArray) some = fl_case_list (self->session, &filter, &error);

      if (some == NULL)
        {
          show_error (self, error->message);
          continue;
        }
      for (guint i = 0; i < some->len; i++)
        g_ptr_array_add (cases, g_steal_pointer (&some->pdata[i]));
    }
  g_ptr_array_sort (cases, case_newest_first);
  for (guint i = 0; i < cases->len; i++)
    {
      FlCase *c = g_ptr_array_index (cases, i);
      /* Translators: a case in the New Search dialog: FR number, incident type, state */
      g_autofree char *label = g_strdup_printf (_("%s · %s · %s"), c->fr_number,
                                                c->incident_type ? c->incident_type : "—",
                                                fl_format_case_state (c->state));

      gtk_string_list_append (labels, label);
      g_array_append_val (self->case_ids, c->id);
    }
  self->syncing = TRUE;
  adw_combo_row_set_model (self->case_row, G_LIST_MODEL (labels));
  self->syncing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->case_message), cases->len == 0);
  gtk_label_set_text (self->case_message, _("No case of yours can be searched now. A case is searched while it "
                                            "is in intake, searching or review and assigned to you."));
  load_probes (self, 0);
}

static void
load_galleries (FlSearchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) galleries = fl_gallery_list (fl_session_get_db (self->session), &error);

  if (galleries == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < galleries->len; i++)
    {
      FlGallery *g = g_ptr_array_index (galleries, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, g->n_templates);
      /* Translators: a gallery's provenance and how many of its photos can be searched */
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%s · %s searchable photo", "%s · %s searchable photos",
                                                             (gulong) g->n_templates),
                                                   g->provenance, count);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g->n_templates > 0);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->galleries_list, row);
      g_array_append_val (self->gallery_ids, g->id);
      g_ptr_array_add (self->gallery_checks, check);
    }
  if (galleries->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No gallery has been loaded yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Import booking photos in the Gallery section first."));
      gtk_list_box_append (self->galleries_list, row);
    }
}

/* ---- running ---------------------------------------------------------- */

static void
progress_cb (double      fraction,
             const char *stage,
             gpointer    user_data)
{
  FlSearchDialog *self = user_data;

  if (self->disposed)
    return;
  self->progress = fraction;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  if (stage != NULL)
    gtk_label_set_text (self->stage_label, stage);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FlSearchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSearchInfo) info = NULL;
  g_autofree char *text = NULL;
  gint64 id = fl_search_run_finish (result, &error);

  self->running = FALSE;
  if (self->disposed)
    return;
  if (id == 0)
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
      show_error (self, error->message);
      update_run (self);
      return;
    }
  self->search_id = id;
  self->progress = 1.0;
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  info = fl_search_get (self->session, id, NULL);
  if (info != NULL && info->candidate_count > 0)
    text = g_strdup_printf (ngettext ("Search finished: %u candidate to evaluate. The search is logged.",
                                      "Search finished: %u candidates to evaluate. The search is logged.",
                                      info->candidate_count),
                            info->candidate_count);
  else
    text = g_strdup (_("Search finished: no candidates. The search is logged."));
  gtk_label_set_text (self->stage_label, text);
  gtk_button_set_label (GTK_BUTTON (self->review_button),
                        info != NULL && info->candidate_count > 0 ? _("Review _Candidates") : _("_Close"));
  gtk_widget_set_visible (self->review_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), FALSE);
  update_run (self);
  g_signal_emit (self, signals[SIGNAL_SEARCHED], 0, id);
  gtk_widget_grab_focus (self->review_button);
}

static void
run_clicked_cb (FlSearchDialog *self)
{
  fl_search_dialog_run (self);
}

static void
case_selected_cb (FlSearchDialog *self)
{
  if (self->syncing)
    return;
  show_error (self, NULL);
  load_probes (self, 0);
  update_run (self);
}

static void
probe_selected_cb (FlSearchDialog *self)
{
  if (self->syncing)
    return;
  show_error (self, NULL);
  show_faces (self);
}

static void
face_selected_cb (FlSearchDialog *self)
{
  if (self->search_id == 0 && !self->running)
    show_error (self, NULL);
  update_run (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_search_dialog_dispose (GObject *object)
{
  FlSearchDialog *self = FL_SEARCH_DIALOG (object);

  self->disposed = TRUE;
  /* Closing the dialog stops a running search; the core logs what was done. */
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->faces_cancellable);
  g_cancellable_cancel (self->thumbs_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->faces_cancellable);
  g_clear_object (&self->thumbs_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_SEARCH_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->probes, g_ptr_array_unref);
  g_clear_pointer (&self->gallery_checks, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fl_search_dialog_parent_class)->dispose (object);
}

static void
fl_search_dialog_finalize (GObject *object)
{
  FlSearchDialog *self = FL_SEARCH_DIALOG (object);

  g_array_unref (self->case_ids);
  g_array_unref (self->gallery_ids);

  G_OBJECT_CLASS (fl_search_dialog_parent_class)->finalize (object);
}

static void
fl_search_dialog_class_init (FlSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_search_dialog_dispose;
  object_class->finalize = fl_search_dialog_finalize;

  /**
   * FlSearchDialog::searched:
   * @search_id: the logged search
   */
  signals[SIGNAL_SEARCHED] = g_signal_new ("searched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, run_button);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, stage_label);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, review_button);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, form);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, case_row);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, case_message);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, probes_box);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, judge_box);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, quality_label);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, measure_button);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, suitable_check);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, unsuitable_check);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, judge_error);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, faces_section);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, faces_spinner);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, faces_label);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, faces_box);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, galleries_list);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, k_spin);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, blind_row);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, blind_switch);
  gtk_widget_class_bind_template_child (widget_class, FlSearchDialog, justification_view);
  gtk_widget_class_bind_template_callback (widget_class, run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, probe_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, face_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, measure_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, judge_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_search_dialog_init (FlSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->gallery_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->gallery_checks = g_ptr_array_new ();
  self->n_faces = -1;
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->k_spin), FL_SEARCH_MAX_K);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_search_dialog_new (GtkWindow *parent,
                      FlSession *session)
{
  FlSearchDialog *self;
  FlDb *db;
  gint64 k;
  gboolean blind;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_SEARCH_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  db = fl_session_get_db (session);

  k = fl_settings_get_int (db, FL_SETTING_CANDIDATE_LIST_SIZE);
  gtk_spin_button_set_value (self->k_spin, CLAMP (k > 0 ? k : 50, 1, FL_SEARCH_MAX_K));
  /* R16: the unit's default; a unit that reviews blind does not let a search opt out. */
  blind = fl_settings_get_bool (db, FL_SETTING_BLIND_MODE_DEFAULT);
  gtk_switch_set_active (self->blind_switch, blind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->blind_switch), !blind);
  adw_action_row_set_subtitle (self->blind_row,
                               blind ? _("Your unit reviews blind: rank and score stay hidden until you have "
                                         "concluded on every candidate.")
                                     : _("Hide rank and score while you evaluate the candidates (recommended)."));

  load_galleries (self);
  load_cases (self);
  update_run (self);
  return GTK_WIDGET (self);
}

gboolean
fl_search_dialog_select_case (FlSearchDialog *self,
                              gint64          case_id)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), FALSE);

  for (guint i = 0; i < self->case_ids->len; i++)
    if (g_array_index (self->case_ids, gint64, i) == case_id)
      {
        if (adw_combo_row_get_selected (self->case_row) != i)
          adw_combo_row_set_selected (self->case_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
fl_search_dialog_select_probe (FlSearchDialog *self,
                               gint64          probe_id)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), FALSE);

  for (guint i = 0; self->probes != NULL && i < self->probes->len; i++)
    if (((FlProbe *) g_ptr_array_index (self->probes, i))->id == probe_id)
      {
        gtk_flow_box_select_child (self->probes_box, gtk_flow_box_get_child_at_index (self->probes_box, (int) i));
        return TRUE;
      }
  return FALSE;
}

gboolean
fl_search_dialog_select_face (FlSearchDialog *self,
                              int             index)
{
  GtkFlowBoxChild *child;

  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), FALSE);

  if (self->n_faces <= 1 || (child = gtk_flow_box_get_child_at_index (self->faces_box, index)) == NULL)
    return FALSE;
  gtk_flow_box_select_child (self->faces_box, child);
  return TRUE;
}

void
fl_search_dialog_set_k (FlSearchDialog *self,
                        guint           k)
{
  g_return_if_fail (FL_IS_SEARCH_DIALOG (self));

  gtk_spin_button_set_value (self->k_spin, k);
}

void
fl_search_dialog_set_justification (FlSearchDialog *self,
                                    const char     *text)
{
  g_return_if_fail (FL_IS_SEARCH_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->justification_view), text ? text : "", -1);
}

gboolean
fl_search_dialog_judge (FlSearchDialog *self,
                        gboolean        suitable,
                        const char     *reason)
{
  g_autoptr(GError) error = NULL;
  FlProbe *probe;
  gint64 probe_id;

  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), FALSE);

  probe = selected_probe (self);
  if (probe == NULL)
    return FALSE;
  probe_id = probe->id;
  gtk_check_button_set_active (suitable ? self->suitable_check : self->unsuitable_check, TRUE);
  if (!fl_probe_judge (self->session, probe_id, suitable, reason, &error))
    {
      show_judge_error (self, error->message);
      return FALSE;
    }
  show_judge_error (self, NULL);
  gtk_editable_set_text (self->reason_entry, "");
  load_probes (self, probe_id);
  return TRUE;
}

void
fl_search_dialog_run (FlSearchDialog *self)
{
  g_autoptr(GArray) galleries = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *justification = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  FlProbe *probe;
  FlSearchParams params = { 0 };

  g_return_if_fail (FL_IS_SEARCH_DIALOG (self));

  probe = selected_probe (self);
  if (self->running || self->search_id != 0 || probe == NULL || selected_case (self) == 0)
    return;
  for (guint i = 0; i < self->gallery_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->gallery_checks, i)))
      g_array_append_val (galleries, g_array_index (self->gallery_ids, gint64, i));
  buffer = gtk_text_view_get_buffer (self->justification_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  justification = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  params.case_id = selected_case (self);
  params.probe_id = probe->id;
  params.gallery_ids = (const gint64 *) (gpointer) galleries->data;
  params.n_gallery_ids = galleries->len;
  params.k = (guint) gtk_spin_button_get_value_as_int (self->k_spin);
  params.justification = g_strstrip (justification);
  params.face_index = self->n_faces > 1 ? selected_face (self) : -1;
  params.blind = gtk_switch_get_active (self->blind_switch) ? FL_SEARCH_BLIND_ON : FL_SEARCH_BLIND_OFF;

  show_error (self, NULL);
  self->running = TRUE;
  self->progress = 0.0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->stage_label, _("Starting the search…"));
  gtk_widget_set_visible (self->review_button, FALSE);
  gtk_widget_set_visible (self->progress_box, TRUE);
  update_run (self);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  /* The dialog stays alive until the search reports back (progress_cb needs it). */
  fl_search_run_async (self->session, &params, progress_cb, self, self->search_cancellable, search_done_cb,
                       g_object_ref (self));
}

int
fl_search_dialog_get_n_faces (FlSearchDialog *self)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), -1);

  return self->n_faces;
}

gboolean
fl_search_dialog_is_running (FlSearchDialog *self)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), FALSE);

  return self->running;
}

double
fl_search_dialog_get_progress (FlSearchDialog *self)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), 0.0);

  return self->progress;
}

gint64
fl_search_dialog_get_search_id (FlSearchDialog *self)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), 0);

  return self->search_id;
}

const char *
fl_search_dialog_get_error (FlSearchDialog *self)
{
  g_return_val_if_fail (FL_IS_SEARCH_DIALOG (self), NULL);

  return self->error;
}
