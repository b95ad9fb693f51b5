/* fl-histogram.c: luminance (filled) and red, green, blue (lines) histograms
 *
 * The height is scaled to the tallest level other than pure black and pure white,
 * so a clipped image's spike at 0 or 255 does not flatten the rest (the spike is
 * drawn cut off at the top).
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-histogram.h"

struct _FlHistogram
{
  GtkWidget        parent_instance;

  gboolean         has_data;
  FlHistogramData  data;
};

G_DEFINE_FINAL_TYPE (FlHistogram, fl_histogram, GTK_TYPE_WIDGET)

void
fl_histogram_data_compute (FlHistogramData *data,
                           const guint8    *rgb,
                           gsize            n_pixels)
{
  memset (data, 0, sizeof *data);
  for (gsize i = 0; i < n_pixels; i++, rgb += 3)
    {
      /* BT.601 luma in fixed point, as OpenCV's greyscale conversion */
      guint y = (rgb[0] * 4899u + rgb[1] * 9617u + rgb[2] * 1868u + 8192u) >> 14;

      data->counts[0][MIN (y, 255u)]++;
      data->counts[1][rgb[0]]++;
      data->counts[2][rgb[1]]++;
      data->counts[3][rgb[2]]++;
    }
}

static void
fl_histogram_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  FlHistogram *self = FL_HISTOGRAM (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  static const double colours[4][4] = {
    { 0.55, 0.55, 0.55, 0.55 }, { 0.9, 0.2, 0.2, 0.9 }, { 0.2, 0.75, 0.25, 0.9 }, { 0.25, 0.45, 0.95, 0.9 },
  };
  guint32 top = 1;
  cairo_t *cr;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.12, 0.12, 0.12, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!self->has_data || w < 2 || h < 2)
    return;
  for (guint c = 0; c < 4; c++)
    for (guint i = 1; i < 255; i++)
      top = MAX (top, self->data.counts[c][i]);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  for (guint c = 0; c < 4; c++)
    {
      cairo_new_path (cr);
      cairo_move_to (cr, 0, h);
      for (guint i = 0; i < 256; i++)
        {
          double x = (i + 0.5) * w / 256;
          double y = h - MIN (1.0, (double) self->data.counts[c][i] / top) * (h - 2);

          cairo_line_to (cr, x, y);
        }
      cairo_line_to (cr, w, h);
      cairo_set_source_rgba (cr, colours[c][0], colours[c][1], colours[c][2], colours[c][3]);
      if (c == 0)
        cairo_fill (cr);
      else
        {
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
        }
    }
  cairo_destroy (cr);
}

static void
fl_histogram_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 128 : 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 256 : 96;
}

static void
fl_histogram_class_init (FlHistogramClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = fl_histogram_snapshot;
  widget_class->measure = fl_histogram_measure;
  gtk_widget_class_set_css_name (widget_class, "histogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fl_histogram_init (FlHistogram *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Histogram of the preview: luminance, red, green and blue"), -1);
}

GtkWidget *
fl_histogram_new (void)
{
  return g_object_new (FL_TYPE_HISTOGRAM, NULL);
}

void
fl_histogram_set_data (FlHistogram           *self,
                       const FlHistogramData *data)
{
  g_return_if_fail (FL_IS_HISTOGRAM (self));
  self->has_data = data != NULL;
  if (data != NULL)
    self->data = *data;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
