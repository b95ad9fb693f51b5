/* fl-error-window.c: shown instead of everything else when the data cannot be opened
 *
 * The message is the core's own (it names the file, what is wrong and what
 * to do); this window only displays it. Nothing here touches the file.
 */
#include <glib/gi18n.h>

#include "fl-error-window.h"

struct _FlErrorWindow
{
  AdwApplicationWindow parent_instance;

  AdwStatusPage       *status_page;
};

G_DEFINE_FINAL_TYPE (FlErrorWindow, fl_error_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_error_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_ERROR_WINDOW);

  G_OBJECT_CLASS (fl_error_window_parent_class)->dispose (object);
}

static void
fl_error_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlErrorWindow *self = FL_ERROR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_string (value, fl_error_window_get_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_error_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FlErrorWindow *self = FL_ERROR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      adw_status_page_set_description (self->status_page, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_error_window_class_init (FlErrorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_error_window_dispose;
  object_class->get_property = fl_error_window_get_property;
  object_class->set_property = fl_error_window_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-error-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlErrorWindow, status_page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_error_window_init (FlErrorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_error_window_new (GtkApplication *application,
                     const char     *message)
{
  return g_object_new (FL_TYPE_ERROR_WINDOW,
                       "application", application,
                       "message", message,
                       NULL);
}

const char *
fl_error_window_get_message (FlErrorWindow *self)
{
  g_return_val_if_fail (FL_IS_ERROR_WINDOW (self), NULL);

  return adw_status_page_get_description (self->status_page);
}
