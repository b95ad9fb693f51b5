/* fl-probe.h: a case's probe images, their quality figures and the examiner's
 * suitability judgement (R10, R11) */
#pragma once

#include "fl-accounts.h"
#include "fl-matcher.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  case_id;
  gint64  parent_id;          /* 0 for an original; else the probe it was enhanced from */
  char   *hash;               /* SHA-256 of the stored bytes (never changes, R10) */
  char   *filename;
  char   *added_by;           /* full name */
  char   *added_at;
  char   *quality_json;       /* fl_quality_to_json of the chosen face, or NULL */
  char   *eye_points_json;    /* {"left_eye":[x,y],"right_eye":[x,y]} placed by hand, or NULL */
  char   *suitability;        /* "suitable", "unsuitable" or NULL (not judged yet) */
  char   *suitability_reason;
  char   *judged_by;          /* full name */
  char   *judged_at;
} FlProbe;

void       fl_probe_free          (FlProbe     *probe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlProbe, fl_probe_free)

/* Read access follows the case: see fl_case_get(). */
FlProbe   *fl_probe_get           (FlSession   *session,
                                   gint64       probe_id,
                                   GError     **error);
GPtrArray *fl_probe_list_for_case (FlSession   *session,
                                   gint64       case_id,
                                   GError     **error);

/* Measures the quality figures of the probe's face (the largest, or the one
 * made from the hand-placed eyes) and stores them with the probe. */
FlQuality *fl_probe_assess        (FlSession   *examiner,
                                   FlMatcher   *matcher,
                                   gint64       probe_id,
                                   GError     **error);
/* The examiner's own judgement (R11): a reason is required when unsuitable,
 * and when the measured hint says unsuitable but the examiner judges otherwise. */
gboolean   fl_probe_judge         (FlSession   *examiner,
                                   gint64       probe_id,
                                   gboolean     suitable,
                                   const char  *reason,
                                   GError     **error);
/* Eye centres placed by hand when detection fails or is wrong. */
gboolean   fl_probe_set_eye_points (FlSession  *examiner,
                                    gint64      probe_id,
                                    FlPoint     left_eye,
                                    FlPoint     right_eye,
                                    GError    **error);

/* Reads probes.eye_points ({"left_eye":[x,y],"right_eye":[x,y]}, image pixels). */
gboolean   fl_probe_parse_eye_points (const char *json,
                                      FlPoint    *left_eye,
                                      FlPoint    *right_eye);

G_END_DECLS
