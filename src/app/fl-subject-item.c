/* fl-subject-item.c: one gallery subject in a list model, with its face thumbnail once loaded
 *
 * The grid fills the thumbnail in when a tile first shows the item; tiles
 * watch "texture" to redraw when it arrives.
 */
#include "fl-subject-item.h"

struct _FlSubjectItem
{
  GObject              parent_instance;

  FlSubject           *subject;
  int                  n_photos;
  FlSubjectThumbState  thumb_state;
  GdkTexture          *texture;
};

G_DEFINE_FINAL_TYPE (FlSubjectItem, fl_subject_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXTURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_subject_item_finalize (GObject *object)
{
  FlSubjectItem *self = FL_SUBJECT_ITEM (object);

  g_clear_pointer (&self->subject, fl_subject_free);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (fl_subject_item_parent_class)->finalize (object);
}

static void
fl_subject_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlSubjectItem *self = FL_SUBJECT_ITEM (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_subject_item_class_init (FlSubjectItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_subject_item_finalize;
  object_class->get_property = fl_subject_item_get_property;

  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_subject_item_init (FlSubjectItem *self)
{
  self->n_photos = -1;
}

FlSubjectItem *
fl_subject_item_new (FlSubject *subject)
{
  FlSubjectItem *self;

  g_return_val_if_fail (subject != NULL, NULL);

  self = g_object_new (FL_TYPE_SUBJECT_ITEM, NULL);
  self->subject = subject;
  if (subject->sealed)
    {
      self->n_photos = 0;
      self->thumb_state = FL_SUBJECT_THUMB_NONE;
    }
  return self;
}

const FlSubject *
fl_subject_item_get_subject (FlSubjectItem *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_ITEM (self), NULL);
  return self->subject;
}

gint64
fl_subject_item_get_id (FlSubjectItem *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_ITEM (self), 0);
  return self->subject->id;
}

int
fl_subject_item_get_n_photos (FlSubjectItem *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_ITEM (self), -1);
  return self->n_photos;
}

void
fl_subject_item_set_n_photos (FlSubjectItem *self,
                              int            n_photos)
{
  g_return_if_fail (FL_IS_SUBJECT_ITEM (self));
  self->n_photos = n_photos;
}

FlSubjectThumbState
fl_subject_item_get_thumb_state (FlSubjectItem *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_ITEM (self), FL_SUBJECT_THUMB_UNKNOWN);
  return self->thumb_state;
}

void
fl_subject_item_set_thumb (FlSubjectItem       *self,
                           FlSubjectThumbState  state,
                           GdkTexture          *texture)
{
  g_return_if_fail (FL_IS_SUBJECT_ITEM (self));

  self->thumb_state = state;
  g_set_object (&self->texture, texture);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

GdkTexture *
fl_subject_item_get_texture (FlSubjectItem *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_ITEM (self), NULL);
  return self->texture;
}
