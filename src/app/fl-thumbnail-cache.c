/* fl-thumbnail-cache.c: scaled face photos kept in memory, loaded a few at a time off the main thread
 *
 * A gallery page shows dozens of photos and a person scrolls back and forth:
 * each file is decoded once (in a worker thread, by fl_thumbnail_load_async)
 * and the small texture is kept, least recently used first out. Requests wait
 * in line so that a page full of tiles does not start a thread per photo on
 * a workstation with two cores; a request whose cancellable fired while it
 * waited (the page was left) is dropped without decoding anything.
 */
#include "fl-thumbnail-cache.h"
#include "fl-thumbnail.h"

typedef struct
{
  char       *key;
  GdkTexture *texture;
  GList       link;     /* in the cache's lru queue; data points back to the entry */
} Entry;

typedef struct
{
  char *path;
  int   size;
  char *key;
} Request;

struct _FlThumbnailCache
{
  GObject     parent_instance;

  GHashTable *entries;   /* key → Entry */
  GQueue      lru;       /* most recently used first */
  guint       capacity;
  guint       max_loads;
  guint       running;
  GQueue      waiting;   /* of GTask */
};

G_DEFINE_FINAL_TYPE (FlThumbnailCache, fl_thumbnail_cache, G_TYPE_OBJECT)

static void pump (FlThumbnailCache *self);

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->key);
  g_free (request);
}

static char *
make_key (const char *path,
          int         size)
{
  return g_strdup_printf ("%d:%s", size, path);
}

static GdkTexture *
lookup_key (FlThumbnailCache *self,
            const char       *key)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL)
    return NULL;
  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);
  return entry->texture;
}

static void
insert (FlThumbnailCache *self,
        const char       *key,
        GdkTexture       *texture)
{
  Entry *entry;

  if (lookup_key (self, key) != NULL)
    return;
  entry = g_new0 (Entry, 1);
  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  entry->link.data = entry;
  g_queue_push_head_link (&self->lru, &entry->link);
  g_hash_table_insert (self->entries, entry->key, entry);

  while (self->lru.length > self->capacity)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);
      g_hash_table_remove (self->entries, ((Entry *) oldest->data)->key);
    }
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlThumbnailCache *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  self->running--;
  texture = fl_thumbnail_load_finish (result, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    {
      insert (self, request->key, texture);
      g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
    }
  pump (self);
}

static void
pump (FlThumbnailCache *self)
{
  while (self->running < self->max_loads && self->waiting.length > 0)
    {
      GTask *task = g_queue_pop_head (&self->waiting);
      Request *request = g_task_get_task_data (task);
      GdkTexture *known;

      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          continue;
        }
      /* An earlier request for the same photo may have loaded it meanwhile. */
      if ((known = lookup_key (self, request->key)) != NULL)
        {
          g_task_return_pointer (task, g_object_ref (known), g_object_unref);
          g_object_unref (task);
          continue;
        }
      self->running++;
      fl_thumbnail_load_async (request->path, request->size, g_task_get_cancellable (task), loaded_cb, task);
    }
}

static void
fl_thumbnail_cache_finalize (GObject *object)
{
  FlThumbnailCache *self = FL_THUMBNAIL_CACHE (object);

  /* Waiting tasks hold a reference to the cache, so none is left here. */
  g_hash_table_unref (self->entries);

  G_OBJECT_CLASS (fl_thumbnail_cache_parent_class)->finalize (object);
}

static void
fl_thumbnail_cache_class_init (FlThumbnailCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_thumbnail_cache_finalize;
}

static void
fl_thumbnail_cache_init (FlThumbnailCache *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
  g_queue_init (&self->waiting);
}

FlThumbnailCache *
fl_thumbnail_cache_new (guint capacity,
                        guint max_loads)
{
  FlThumbnailCache *self = g_object_new (FL_TYPE_THUMBNAIL_CACHE, NULL);

  self->capacity = MAX (1, capacity);
  self->max_loads = MAX (1, max_loads);
  return self;
}

GdkTexture *
fl_thumbnail_cache_lookup (FlThumbnailCache *self,
                           const char       *path,
                           int               size)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FL_IS_THUMBNAIL_CACHE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  key = make_key (path, size);
  return lookup_key (self, key);
}

void
fl_thumbnail_cache_load_async (FlThumbnailCache    *self,
                               const char          *path,
                               int                  size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Request *request;
  GdkTexture *known;

  g_return_if_fail (FL_IS_THUMBNAIL_CACHE (self));
  g_return_if_fail (path != NULL && size > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_thumbnail_cache_load_async);
  request = g_new0 (Request, 1);
  request->path = g_strdup (path);
  request->size = size;
  request->key = make_key (path, size);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if ((known = lookup_key (self, request->key)) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (known), g_object_unref);
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (&self->waiting, task);
  pump (self);
}

GdkTexture *
fl_thumbnail_cache_load_finish (FlThumbnailCache  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
fl_thumbnail_cache_get_n_pending (FlThumbnailCache *self)
{
  g_return_val_if_fail (FL_IS_THUMBNAIL_CACHE (self), 0);

  return self->waiting.length + self->running;
}
