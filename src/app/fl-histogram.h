/* fl-histogram.h: luminance and RGB histograms of an image (the enhancement preview) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Counts per level: luminance (BT.601), red, green, blue. */
typedef struct
{
  guint32 counts[4][256];
} FlHistogramData;

/* Counts @n_pixels packed RGB pixels; any thread. */
void fl_histogram_data_compute (FlHistogramData *data,
                                const guint8    *rgb,
                                gsize            n_pixels);

#define FL_TYPE_HISTOGRAM (fl_histogram_get_type ())
G_DECLARE_FINAL_TYPE (FlHistogram, fl_histogram, FL, HISTOGRAM, GtkWidget)

GtkWidget *fl_histogram_new      (void);
/* NULL clears it. */
void       fl_histogram_set_data (FlHistogram           *self,
                                  const FlHistogramData *data);

G_END_DECLS
