/* fl-page.c: base class of the main window's sections
 *
 * A page is a vertical box that holds the signed-in person's FlSession
 * (construct-only "session" property). Subclasses are composite templates
 * whose children are laid out top to bottom; the main window calls
 * fl_page_refresh() whenever the section is shown.
 */
#include "fl-page.h"

typedef struct
{
  FlSession *session;
} FlPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FlPage, fl_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_page_dispose (GObject *object)
{
  FlPage *self = FL_PAGE (object);
  FlPagePrivate *priv = fl_page_get_instance_private (self);
  GtkWidget *child;

  /* Subclasses dispose their templates first; anything left is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (fl_page_parent_class)->dispose (object);
}

static void
fl_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FlPage *self = FL_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, fl_page_get_session (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FlPage *self = FL_PAGE (object);
  FlPagePrivate *priv = fl_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_page_class_init (FlPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_page_dispose;
  object_class->get_property = fl_page_get_property;
  object_class->set_property = fl_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
fl_page_init (FlPage *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
}

FlSession *
fl_page_get_session (FlPage *self)
{
  FlPagePrivate *priv;

  g_return_val_if_fail (FL_IS_PAGE (self), NULL);

  priv = fl_page_get_instance_private (self);
  return priv->session;
}

FlDb *
fl_page_get_db (FlPage *self)
{
  FlSession *session = fl_page_get_session (self);

  return session != NULL ? fl_session_get_db (session) : NULL;
}

void
fl_page_refresh (FlPage *self)
{
  g_return_if_fail (FL_IS_PAGE (self));

  if (FL_PAGE_GET_CLASS (self)->refresh != NULL)
    FL_PAGE_GET_CLASS (self)->refresh (self);
}
