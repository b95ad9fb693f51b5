/* fl-retention.h: how long records are kept (R23)
 *
 * Case records go when a case has been closed for longer than the unit's
 * setting FL_SETTING_RETENTION_YEARS: the case with its request, request
 * images, probes, enhancements, searches, candidates, comparisons,
 * conclusions, peer reviews, reports, disseminations, outcomes, and the
 * images only those records use. The preview lists exactly that, before
 * anything goes; the purge removes exactly what the preview lists.
 *
 * Audit rows are never purged: the trail is append-only and hash-chained
 * (R22), which keeps every row well beyond the five years R23 requires,
 * whatever the setting. Seal notices stay too (they hold no personal data).
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_RETENTION_AUDIT_MIN_YEARS 5

typedef struct
{
  const char *kind;     /* "case", "request", "request_image", "probe", "enhancement",
                           "search", "candidate", "comparison", "conclusion",
                           "peer_review", "report", "dissemination", "outcome",
                           "manual_landmark", "image" */
  gint64      id;       /* row id; 0 for an image */
  gint64      case_id;
  char       *label;    /* case: its FR number; image: its SHA-256; else NULL */
} FlRetentionItem;

void       fl_retention_item_free (FlRetentionItem *item);

/* Cases closed before this date (YYYY-MM-DD) go: @as_of_date (NULL = today)
 * minus the retention setting. */
char      *fl_retention_cutoff    (FlDb          *db,
                                   const char    *as_of_date,
                                   GError       **error);

/* Fills @items (element type FlRetentionItem: cases first, then what belongs
 * to them, images last). Changes nothing. */
gboolean   fl_retention_preview   (FlDb          *db,
                                   const char    *as_of_date,
                                   GPtrArray    **items,
                                   GError       **error);

/* Administrators only. Removes what fl_retention_preview() lists for the same
 * date, in one transaction, then the image files; audited as
 * "retention.purge" with ids and counts, no personal data. @n_items (may be
 * NULL) receives how many items went. */
gboolean   fl_retention_purge     (FlSession     *admin,
                                   const char    *as_of_date,
                                   guint         *n_items,
                                   GError       **error);

G_END_DECLS
