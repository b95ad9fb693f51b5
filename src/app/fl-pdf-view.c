/* fl-pdf-view.c: a PDF viewer: the page canvas with page and zoom controls
 *
 * The keys are caught in the capture phase: the scrolled window would
 * otherwise take Page Up/Down for scrolling before they reach the view.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "fl-pdf-view.h"

#define ZOOM_STEP 1.2

struct _FlPdfView
{
  GtkWidget          parent_instance;

  GtkWidget         *toolbar;
  GtkLabel          *page_label;
  GtkLabel          *zoom_label;
  GtkScrolledWindow *scroller;
  FlPdfCanvas       *canvas;
};

G_DEFINE_FINAL_TYPE (FlPdfView, fl_pdf_view, GTK_TYPE_WIDGET)

static void
update_controls (FlPdfView *self)
{
  int n = fl_pdf_canvas_get_n_pages (self->canvas);
  int page = fl_pdf_canvas_get_page (self->canvas);
  double zoom = fl_pdf_canvas_get_zoom (self->canvas);
  g_autofree char *page_text = NULL;
  g_autofree char *zoom_text = NULL;

  if (n > 0)
    /* Translators: the page shown and the number of pages, e.g. "2 of 4" */
    page_text = g_strdup_printf (_("%d of %d"), page + 1, n);
  gtk_label_set_text (self->page_label, page_text ? page_text : "");
  /* Translators: a zoom level, e.g. "125 %" */
  zoom_text = g_strdup_printf (_("%d %%"), (int) round (zoom * 100));
  gtk_label_set_text (self->zoom_label, n > 0 ? zoom_text : "");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.previous-page", page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.first-page", page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.next-page", page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.last-page", page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.zoom-in", n > 0 && zoom < FL_PDF_ZOOM_MAX - 1e-9);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.zoom-out", n > 0 && zoom > FL_PDF_ZOOM_MIN + 1e-9);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.fit-width", n > 0);
}

static void
canvas_changed_cb (FlPdfView *self)
{
  update_controls (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlPdfView *self = FL_PDF_VIEW (widget);
  GtkWidget *canvas = GTK_WIDGET (self->canvas);
  double factor = g_str_equal (action_name, "pdf.zoom-in") ? ZOOM_STEP : 1 / ZOOM_STEP;

  /* From the keyboard or a button the view's centre stays in place. */
  fl_pdf_canvas_zoom_at (self->canvas, factor, gtk_widget_get_width (canvas) / 2.0,
                         gtk_widget_get_height (canvas) / 2.0);
}

static void
fit_width_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  fl_pdf_canvas_set_fit_width (FL_PDF_VIEW (widget)->canvas, TRUE);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlPdfView *self = FL_PDF_VIEW (widget);
  int page = fl_pdf_canvas_get_page (self->canvas);

  if (g_str_equal (action_name, "pdf.previous-page"))
    page--;
  else if (g_str_equal (action_name, "pdf.next-page"))
    page++;
  else if (g_str_equal (action_name, "pdf.first-page"))
    page = 0;
  else
    page = fl_pdf_canvas_get_n_pages (self->canvas) - 1;
  fl_pdf_canvas_set_page (self->canvas, page);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *triggers,
              const char            *action)
{
  GtkShortcutTrigger *trigger = gtk_shortcut_trigger_parse_string (triggers);

  g_assert (trigger != NULL);
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (trigger, gtk_named_action_new (action)));
}

static void
fl_pdf_view_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_PDF_VIEW);
  /* The template's unnamed children (the separator) are not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fl_pdf_view_parent_class)->dispose (object);
}

static void
fl_pdf_view_class_init (FlPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_pdf_view_dispose;

  g_type_ensure (FL_TYPE_PDF_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-pdf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlPdfView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, FlPdfView, page_label);
  gtk_widget_class_bind_template_child (widget_class, FlPdfView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, FlPdfView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FlPdfView, canvas);

  gtk_widget_class_install_action (widget_class, "pdf.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf.fit-width", NULL, fit_width_action);
  gtk_widget_class_install_action (widget_class, "pdf.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf.first-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf.last-page", NULL, page_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pdfview");
}

static void
fl_pdf_view_init (FlPdfView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "plus|equal|KP_Add|<Control>plus|<Control>equal|<Control>KP_Add",
                "pdf.zoom-in");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "minus|KP_Subtract|<Control>minus|<Control>KP_Subtract",
                "pdf.zoom-out");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "0|KP_0|<Control>0", "pdf.fit-width");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "Page_Up|KP_Page_Up", "pdf.previous-page");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "Page_Down|KP_Page_Down", "pdf.next-page");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "Home|<Control>Home", "pdf.first-page");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), "End|<Control>End", "pdf.last-page");
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (self->canvas, "notify::page", G_CALLBACK (canvas_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::n-pages", G_CALLBACK (canvas_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::zoom", G_CALLBACK (canvas_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::fit-width", G_CALLBACK (canvas_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_controls (self);
}

GtkWidget *
fl_pdf_view_new (void)
{
  return g_object_new (FL_TYPE_PDF_VIEW, NULL);
}

gboolean
fl_pdf_view_set_pdf (FlPdfView  *self,
                     GBytes     *pdf,
                     GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (FL_IS_PDF_VIEW (self), FALSE);

  /* A new document opens at the width of the view. */
  fl_pdf_canvas_set_fit_width (self->canvas, TRUE);
  ok = fl_pdf_canvas_set_pdf (self->canvas, pdf, error);
  update_controls (self);
  return ok;
}

FlPdfCanvas *
fl_pdf_view_get_canvas (FlPdfView *self)
{
  g_return_val_if_fail (FL_IS_PDF_VIEW (self), NULL);
  return self->canvas;
}

const char *
fl_pdf_view_get_page_label (FlPdfView *self)
{
  g_return_val_if_fail (FL_IS_PDF_VIEW (self), NULL);
  return gtk_label_get_text (self->page_label);
}
