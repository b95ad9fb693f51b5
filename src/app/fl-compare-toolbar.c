/* fl-compare-toolbar.c: the controls of an FlCompareView
 *
 * A GBindingGroup holds every binding, so attaching another view (or none)
 * moves them all at once.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-compare-overlay.h"
#include "fl-compare-toolbar.h"

struct _FlCompareToolbar
{
  GtkWidget       parent_instance;

  FlCompareView  *view;
  GBindingGroup  *bindings;

  GtkToggleButton *mode_buttons[4];   /* in FlCompareMode order */
  GtkWidget      *opacity_box;
  GtkAdjustment  *opacity_adjustment;
  GtkWidget      *rate_box;
  GtkAdjustment  *rate_adjustment;
  GtkCheckButton *overlay_checks[FL_COMPARE_N_OVERLAYS];    /* in FlCompareOverlay order */
  GtkDrawingArea *overlay_swatches[FL_COMPARE_N_OVERLAYS];
  GtkToggleButton *mirrored_button;
  GtkToggleButton *edit_button;
  GtkLabel       *zoom_label;
};

G_DEFINE_FINAL_TYPE (FlCompareToolbar, fl_compare_toolbar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* in FlCompareOverlay order */
static const char *overlay_properties[FL_COMPARE_N_OVERLAYS] = {
  "show-eyebrows", "show-eyes", "show-nose", "show-mouth", "show-jaw", "show-eye-line", "show-grid",
};

/* mode → a mode button's "active": on for its own mode */
static gboolean
mode_to_active (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_enum (from) == GPOINTER_TO_INT (user_data));
  return TRUE;
}

/* a mode button's "active" → mode: only the button turned on sets it */
static gboolean
active_to_mode (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  if (!g_value_get_boolean (from))
    return FALSE;
  g_value_set_enum (to, GPOINTER_TO_INT (user_data));
  return TRUE;
}

static gboolean
zoom_to_label (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  double percent = g_value_get_double (from) * 100;

  /* Whole percent, one decimal below 10 % (small probes zoomed out). */
  g_value_take_string (to, g_strdup_printf (percent < 10 ? "%.1f %%" : "%.0f %%", percent));
  return TRUE;
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  fl_compare_overlay_draw_swatch (cr, GPOINTER_TO_INT (user_data), width, height);
}

static void
activate_view_action (FlCompareToolbar *self,
                      const char       *action)
{
  if (self->view != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->view), action, NULL);
}

static void
zoom_in_clicked_cb (FlCompareToolbar *self)
{
  activate_view_action (self, "compare.zoom-in");
}

static void
zoom_out_clicked_cb (FlCompareToolbar *self)
{
  activate_view_action (self, "compare.zoom-out");
}

static void
fit_clicked_cb (FlCompareToolbar *self)
{
  activate_view_action (self, "compare.fit");
}

static void
zoom_100_clicked_cb (FlCompareToolbar *self)
{
  activate_view_action (self, "compare.zoom-100");
}

static void
fl_compare_toolbar_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FlCompareToolbar *self = FL_COMPARE_TOOLBAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_compare_toolbar_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FlCompareToolbar *self = FL_COMPARE_TOOLBAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      fl_compare_toolbar_set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_compare_toolbar_dispose (GObject *object)
{
  FlCompareToolbar *self = FL_COMPARE_TOOLBAR (object);
  GtkWidget *child;

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_COMPARE_TOOLBAR);
  /* Unnamed template children are not unparented by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fl_compare_toolbar_parent_class)->dispose (object);
}

static void
fl_compare_toolbar_class_init (FlCompareToolbarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fl_compare_toolbar_get_property;
  object_class->set_property = fl_compare_toolbar_set_property;
  object_class->dispose = fl_compare_toolbar_dispose;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, "The comparison view these controls drive",
                         FL_TYPE_COMPARE_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-compare-toolbar.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "side_by_side_button", FALSE,
                                             G_STRUCT_OFFSET (FlCompareToolbar, mode_buttons[FL_COMPARE_MODE_SIDE_BY_SIDE]));
  gtk_widget_class_bind_template_child_full (widget_class, "blend_button", FALSE,
                                             G_STRUCT_OFFSET (FlCompareToolbar, mode_buttons[FL_COMPARE_MODE_BLEND]));
  gtk_widget_class_bind_template_child_full (widget_class, "wipe_button", FALSE,
                                             G_STRUCT_OFFSET (FlCompareToolbar, mode_buttons[FL_COMPARE_MODE_WIPE]));
  gtk_widget_class_bind_template_child_full (widget_class, "flicker_button", FALSE,
                                             G_STRUCT_OFFSET (FlCompareToolbar, mode_buttons[FL_COMPARE_MODE_FLICKER]));
  for (guint i = 0; i < G_N_ELEMENTS (overlay_properties); i++)
    {
      g_autofree char *check = g_strdup_printf ("%s_check", overlay_properties[i] + strlen ("show-"));
      g_autofree char *swatch = g_strdup_printf ("%s_swatch", overlay_properties[i] + strlen ("show-"));

      g_strdelimit (check, "-", '_');
      g_strdelimit (swatch, "-", '_');
      gtk_widget_class_bind_template_child_full (widget_class, check, FALSE,
                                                 G_STRUCT_OFFSET (FlCompareToolbar, overlay_checks[i]));
      gtk_widget_class_bind_template_child_full (widget_class, swatch, FALSE,
                                                 G_STRUCT_OFFSET (FlCompareToolbar, overlay_swatches[i]));
    }
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, opacity_box);
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, rate_box);
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, mirrored_button);
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, edit_button);
  gtk_widget_class_bind_template_child (widget_class, FlCompareToolbar, zoom_label);
  gtk_widget_class_bind_template_callback (widget_class, zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_100_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "comparetoolbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
fl_compare_toolbar_init (FlCompareToolbar *self)
{
  GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  gtk_widget_init_template (GTK_WIDGET (self));
  for (int i = 0; i < FL_COMPARE_N_OVERLAYS; i++)
    gtk_drawing_area_set_draw_func (self->overlay_swatches[i], draw_swatch, GINT_TO_POINTER (i), NULL);

  self->bindings = g_binding_group_new ();
  for (int mode = FL_COMPARE_MODE_SIDE_BY_SIDE; mode <= FL_COMPARE_MODE_FLICKER; mode++)
    g_binding_group_bind_full (self->bindings, "mode", self->mode_buttons[mode], "active", both,
                               mode_to_active, active_to_mode, GINT_TO_POINTER (mode), NULL);
  g_binding_group_bind_full (self->bindings, "mode", self->opacity_box, "visible", G_BINDING_SYNC_CREATE,
                             mode_to_active, NULL, GINT_TO_POINTER (FL_COMPARE_MODE_BLEND), NULL);
  g_binding_group_bind_full (self->bindings, "mode", self->rate_box, "visible", G_BINDING_SYNC_CREATE,
                             mode_to_active, NULL, GINT_TO_POINTER (FL_COMPARE_MODE_FLICKER), NULL);
  g_binding_group_bind (self->bindings, "blend-opacity", self->opacity_adjustment, "value", both);
  g_binding_group_bind (self->bindings, "flicker-rate", self->rate_adjustment, "value", both);
  for (guint i = 0; i < G_N_ELEMENTS (overlay_properties); i++)
    g_binding_group_bind (self->bindings, overlay_properties[i], self->overlay_checks[i], "active", both);
  g_binding_group_bind (self->bindings, "mirrored", self->mirrored_button, "active", both);
  g_binding_group_bind (self->bindings, "edit-landmarks", self->edit_button, "active", both);
  g_binding_group_bind_full (self->bindings, "zoom", self->zoom_label, "label", G_BINDING_SYNC_CREATE,
                             zoom_to_label, NULL, NULL, NULL);
}

GtkWidget *
fl_compare_toolbar_new (FlCompareView *view)
{
  g_return_val_if_fail (view == NULL || FL_IS_COMPARE_VIEW (view), NULL);

  return g_object_new (FL_TYPE_COMPARE_TOOLBAR, "view", view, NULL);
}

FlCompareView *
fl_compare_toolbar_get_view (FlCompareToolbar *self)
{
  g_return_val_if_fail (FL_IS_COMPARE_TOOLBAR (self), NULL);

  return self->view;
}

void
fl_compare_toolbar_set_view (FlCompareToolbar *self,
                             FlCompareView    *view)
{
  g_return_if_fail (FL_IS_COMPARE_TOOLBAR (self));
  g_return_if_fail (view == NULL || FL_IS_COMPARE_VIEW (view));

  if (!g_set_object (&self->view, view))
    return;
  g_binding_group_set_source (self->bindings, view);
  gtk_widget_set_sensitive (GTK_WIDGET (self), view != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}
