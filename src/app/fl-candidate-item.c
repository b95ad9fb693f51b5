/* fl-candidate-item.c: one candidate of a search as an item of the review grid's model
 *
 * Properties (read-only except "state", all notify): "id", "rank", "score",
 * "state". The grid binds the badge to "state"; rank and score are whatever
 * the core's list held, so a blind model cannot show them by mistake (R16).
 */
#include <math.h>

#include "fl-candidate-item.h"

struct _FlCandidateItem
{
  GObject       parent_instance;

  FlCandidate  *candidate;
  FlConclusion  state;
};

G_DEFINE_FINAL_TYPE (FlCandidateItem, fl_candidate_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_RANK,
  PROP_SCORE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FlCandidate *
candidate_copy (const FlCandidate *c)
{
  FlCandidate *copy = g_new0 (FlCandidate, 1);

  *copy = *c;
  copy->gallery_name = g_strdup (c->gallery_name);
  copy->image_hash = g_strdup (c->image_hash);
  copy->capture_date = g_strdup (c->capture_date);
  copy->external_id = g_strdup (c->external_id);
  copy->name = g_strdup (c->name);
  copy->date_of_birth = g_strdup (c->date_of_birth);
  copy->sex = g_strdup (c->sex);
  copy->race = g_strdup (c->race);
  copy->cdl = g_strdup (c->cdl);
  copy->main_number = g_strdup (c->main_number);
  copy->sid = g_strdup (c->sid);
  copy->booking_number = g_strdup (c->booking_number);
  return copy;
}

static void
fl_candidate_item_finalize (GObject *object)
{
  FlCandidateItem *self = FL_CANDIDATE_ITEM (object);

  g_clear_pointer (&self->candidate, fl_candidate_free);

  G_OBJECT_CLASS (fl_candidate_item_parent_class)->finalize (object);
}

static void
fl_candidate_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FlCandidateItem *self = FL_CANDIDATE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->candidate->id);
      break;
    case PROP_RANK:
      g_value_set_int (value, self->candidate->rank);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->candidate->score);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_candidate_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FlCandidateItem *self = FL_CANDIDATE_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      fl_candidate_item_set_state (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_candidate_item_class_init (FlCandidateItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_candidate_item_finalize;
  object_class->get_property = fl_candidate_item_get_property;
  object_class->set_property = fl_candidate_item_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANK] =
    g_param_spec_int ("rank", NULL, NULL, -1, G_MAXINT, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, FL_CONCLUSION_NONE, FL_CONCLUSION_LAST, FL_CONCLUSION_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_candidate_item_init (FlCandidateItem *self)
{
}

FlCandidateItem *
fl_candidate_item_new (const FlCandidate *candidate,
                       FlConclusion       state)
{
  FlCandidateItem *self;

  g_return_val_if_fail (candidate != NULL, NULL);

  self = g_object_new (FL_TYPE_CANDIDATE_ITEM, NULL);
  self->candidate = candidate_copy (candidate);
  self->state = state;
  return self;
}

const FlCandidate *
fl_candidate_item_get_candidate (FlCandidateItem *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_ITEM (self), NULL);

  return self->candidate;
}

gint64
fl_candidate_item_get_id (FlCandidateItem *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_ITEM (self), 0);

  return self->candidate->id;
}

int
fl_candidate_item_get_rank (FlCandidateItem *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_ITEM (self), -1);

  return self->candidate->rank;
}

double
fl_candidate_item_get_score (FlCandidateItem *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_ITEM (self), NAN);

  return self->candidate->score;
}

FlConclusion
fl_candidate_item_get_state (FlCandidateItem *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_ITEM (self), FL_CONCLUSION_NONE);

  return self->state;
}

void
fl_candidate_item_set_state (FlCandidateItem *self,
                             FlConclusion     state)
{
  g_return_if_fail (FL_IS_CANDIDATE_ITEM (self));
  g_return_if_fail (state <= FL_CONCLUSION_LAST);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
