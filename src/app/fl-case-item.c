/* fl-case-item.c: one case header as a GObject, for list models */
#include "fl-case-item.h"

struct _FlCaseItem
{
  GObject  parent_instance;

  FlCase  *kase;
};

G_DEFINE_FINAL_TYPE (FlCaseItem, fl_case_item, G_TYPE_OBJECT)

static void
fl_case_item_finalize (GObject *object)
{
  FlCaseItem *self = FL_CASE_ITEM (object);

  g_clear_pointer (&self->kase, fl_case_free);

  G_OBJECT_CLASS (fl_case_item_parent_class)->finalize (object);
}

static void
fl_case_item_class_init (FlCaseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_case_item_finalize;
}

static void
fl_case_item_init (FlCaseItem *self)
{
}

FlCaseItem *
fl_case_item_new (FlCase *kase)
{
  FlCaseItem *self;

  g_return_val_if_fail (kase != NULL, NULL);

  self = g_object_new (FL_TYPE_CASE_ITEM, NULL);
  self->kase = kase;
  return self;
}

const FlCase *
fl_case_item_get_case (FlCaseItem *self)
{
  g_return_val_if_fail (FL_IS_CASE_ITEM (self), NULL);
  return self->kase;
}

gint64
fl_case_item_get_id (FlCaseItem *self)
{
  g_return_val_if_fail (FL_IS_CASE_ITEM (self), 0);
  return self->kase->id;
}
