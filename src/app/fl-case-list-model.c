/* fl-case-list-model.c: the cases a person may see, read a page at a time
 *
 * A unit may hold hundreds of thousands of cases, so the model never reads
 * them all: its length comes from fl_case_count() and get_item() reads the
 * page of FL_CASE_LIST_PAGE_SIZE rows holding the item on first use. A list
 * view asks only for rows near the screen, so scrolling reads a few pages.
 * A page that follows a cached one is read by keyset (ids below the last
 * one shown), which stays fast at any depth; a page reached by a jump (the
 * scroll bar dragged to the end) is read by offset. The newest CACHE_PAGES
 * pages are kept.
 *
 * The core applies the person's read rules (a requester sees only cases of
 * their own requests), so the model holds nothing they may not see.
 * Reading is synchronous on the main thread: a page and a count take a few
 * milliseconds even with 100 000 cases (see tests/test-gui-intake.c).
 */
#include "fl-case-list-model.h"

#define CACHE_PAGES 16

struct _FlCaseListModel
{
  GObject      parent_instance;

  FlSession   *session;
  char        *search;
  FlCaseState  state;
  char        *opened_from;
  char        *opened_to;

  guint        n_items;
  GHashTable  *pages;   /* page number → GPtrArray of FlCaseItem */
  GQueue       lru;     /* page numbers, most recently used first */
  char        *error;

  guint        pages_read;
  guint        counts;
  gint64       read_us;
};

static void fl_case_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FlCaseListModel, fl_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fl_case_list_model_list_model_init))

static void
set_error (FlCaseListModel *self,
           const GError    *error)
{
  g_free (self->error);
  self->error = error != NULL ? g_strdup (error->message) : NULL;
}

static FlCaseFilter
make_filter (FlCaseListModel *self)
{
  FlCaseFilter filter = {
    .search = self->search,
    .state = self->state,
    .opened_from = self->opened_from,
    .opened_to = self->opened_to,
  };

  return filter;
}

static void
forget_pages (FlCaseListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static void
use_page (FlCaseListModel *self,
          guint            page)
{
  g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > CACHE_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
read_page (FlCaseListModel *self,
           guint            page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  FlCaseFilter filter = make_filter (self);
  GPtrArray *before = page > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1)) : NULL;
  GPtrArray *items;
  gint64 t0 = g_get_monotonic_time ();

  filter.limit = FL_CASE_LIST_PAGE_SIZE;
  if (before != NULL && before->len == FL_CASE_LIST_PAGE_SIZE)
    filter.before_id = fl_case_item_get_id (g_ptr_array_index (before, before->len - 1));
  else
    filter.offset = page * FL_CASE_LIST_PAGE_SIZE;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  cases = fl_case_list (self->session, &filter, &error);
  if (cases == NULL)
    {
      g_warning ("Reading cases %u–%u failed: %s", page * FL_CASE_LIST_PAGE_SIZE,
                 (page + 1) * FL_CASE_LIST_PAGE_SIZE - 1, error->message);
      set_error (self, error);
    }
  else
    {
      /* The items take the cases over from the array. */
      g_ptr_array_set_free_func (cases, NULL);
      for (guint i = 0; i < cases->len; i++)
        g_ptr_array_add (items, fl_case_item_new (g_ptr_array_index (cases, i)));
    }

  self->pages_read++;
  self->read_us += g_get_monotonic_time () - t0;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  return items;
}

/* ---- GListModel ------------------------------------------------------- */

static GType
fl_case_list_model_get_item_type (GListModel *model)
{
  return FL_TYPE_CASE_ITEM;
}

static guint
fl_case_list_model_get_n_items (GListModel *model)
{
  return FL_CASE_LIST_MODEL (model)->n_items;
}

static gpointer
fl_case_list_model_get_item (GListModel *model,
                             guint       position)
{
  FlCaseListModel *self = FL_CASE_LIST_MODEL (model);
  guint page = position / FL_CASE_LIST_PAGE_SIZE;
  guint index = position % FL_CASE_LIST_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = read_page (self, page);
  use_page (self, page);
  /* Cases can leave a filter between the count and the read (another
   * workstation moved one on): the row stays, empty, until the next reload,
   * since a list model may not return nothing for a position it counts. */
  if (index >= items->len)
    return fl_case_item_new (g_new0 (FlCase, 1));
  return g_object_ref (g_ptr_array_index (items, index));
}

static void
fl_case_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fl_case_list_model_get_item_type;
  iface->get_n_items = fl_case_list_model_get_n_items;
  iface->get_item = fl_case_list_model_get_item;
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_case_list_model_finalize (GObject *object)
{
  FlCaseListModel *self = FL_CASE_LIST_MODEL (object);

  g_clear_object (&self->session);
  g_free (self->search);
  g_free (self->opened_from);
  g_free (self->opened_to);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->lru);
  g_free (self->error);

  G_OBJECT_CLASS (fl_case_list_model_parent_class)->finalize (object);
}

static void
fl_case_list_model_class_init (FlCaseListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_case_list_model_finalize;
}

static void
fl_case_list_model_init (FlCaseListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

/* Counts again and tells the views. A list view looks for the items it shows
 * among all the items reported as added, so replacing 100 000 items in one
 * signal would read every page: a new filter (or a new length) is announced
 * as "all removed" then "all added", and a reload with the same length as
 * changes to the pages that were read (the rows on screen are among them). */
static void
reload (FlCaseListModel *self,
        gboolean         new_filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (guint));
  FlCaseFilter filter = make_filter (self);
  guint old_n = self->n_items;
  gint64 count, t0;

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      guint page = GPOINTER_TO_UINT (l->data);
      g_array_append_val (cached, page);
    }
  forget_pages (self);
  set_error (self, NULL);
  t0 = g_get_monotonic_time ();
  count = fl_case_count (self->session, &filter, &error);
  self->counts++;
  self->read_us += g_get_monotonic_time () - t0;
  if (count < 0)
    {
      set_error (self, error);
      count = 0;
    }

  if (new_filter || (guint) count != old_n)
    {
      /* The length must match each signal as it is emitted. */
      self->n_items = 0;
      if (old_n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      self->n_items = (guint) MIN (count, (gint64) G_MAXUINT);
      if (self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
      return;
    }
  for (guint i = 0; i < cached->len; i++)
    {
      guint start = g_array_index (cached, guint, i) * FL_CASE_LIST_PAGE_SIZE;
      guint n = MIN (FL_CASE_LIST_PAGE_SIZE, self->n_items - MIN (start, self->n_items));

      if (n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
    }
}

/* ---- public API ------------------------------------------------------- */

FlCaseListModel *
fl_case_list_model_new (FlSession *session)
{
  FlCaseListModel *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_CASE_LIST_MODEL, NULL);
  self->session = g_object_ref (session);
  reload (self, TRUE);
  return self;
}

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
fl_case_list_model_set_filter (FlCaseListModel *self,
                               const char      *search,
                               FlCaseState      state,
                               const char      *opened_from,
                               const char      *opened_to)
{
  g_return_if_fail (FL_IS_CASE_LIST_MODEL (self));

  g_free (self->search);
  self->search = dup_or_null (search);
  self->state = state;
  g_free (self->opened_from);
  self->opened_from = dup_or_null (opened_from);
  g_free (self->opened_to);
  self->opened_to = dup_or_null (opened_to);
  reload (self, TRUE);
}

void
fl_case_list_model_reload (FlCaseListModel *self)
{
  g_return_if_fail (FL_IS_CASE_LIST_MODEL (self));

  reload (self, FALSE);
}

const char *
fl_case_list_model_get_error (FlCaseListModel *self)
{
  g_return_val_if_fail (FL_IS_CASE_LIST_MODEL (self), NULL);
  return self->error;
}

void
fl_case_list_model_get_stats (FlCaseListModel *self,
                              guint           *out_pages,
                              guint           *out_counts,
                              double          *out_ms)
{
  g_return_if_fail (FL_IS_CASE_LIST_MODEL (self));

  if (out_pages != NULL)
    *out_pages = self->pages_read;
  if (out_counts != NULL)
    *out_counts = self->counts;
  if (out_ms != NULL)
    *out_ms = self->read_us / 1000.0;
}
