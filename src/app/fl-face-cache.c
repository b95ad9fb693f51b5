/* fl-face-cache.c: the face the matcher finds in a stored image, kept per image hash
 *
 * Work happens in worker threads with the process's shared matcher
 * (fl_search_get_matcher()); the database is never touched there, callers
 * resolve the image's path first. Chip-only requests go through a pool of
 * one thread so a candidate grid of 500 faces leaves the other core to the
 * rest of the program; a request for the comparison view runs in GTask's
 * own pool at once.
 */
#include <string.h>

#include "fl-face-cache.h"
#include "fl-review.h"
#include "fl-search.h"

struct _FlFaceCache
{
  GObject      parent_instance;

  GMutex       lock;
  GHashTable  *faces;    /* hash → FlFaceInfo (ref) */
  GThreadPool *queue;    /* chip-only requests, one at a time */
};

G_DEFINE_FINAL_TYPE (FlFaceCache, fl_face_cache, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (FlFaceInfo, fl_face_info, fl_face_info_ref, fl_face_info_unref)

typedef struct
{
  char     *hash;
  char     *path;
  gboolean  want_image;
} Job;

typedef struct
{
  FlFaceInfo *info;
  GdkTexture *image;
} Result;

/* FlFaceInfo is shared between threads once built: only its refcount changes. */
typedef struct
{
  FlFaceInfo    info;
  gatomicrefcount ref;
} FaceInfoBox;

static void
job_free (Job *job)
{
  g_free (job->hash);
  g_free (job->path);
  g_free (job);
}

static void
result_free (Result *result)
{
  g_clear_pointer (&result->info, fl_face_info_unref);
  g_clear_object (&result->image);
  g_free (result);
}

FlFaceInfo *
fl_face_info_ref (FlFaceInfo *info)
{
  FaceInfoBox *box = (FaceInfoBox *) info;

  g_return_val_if_fail (info != NULL, NULL);
  g_atomic_ref_count_inc (&box->ref);
  return info;
}

void
fl_face_info_unref (FlFaceInfo *info)
{
  FaceInfoBox *box = (FaceInfoBox *) info;

  g_return_if_fail (info != NULL);
  if (g_atomic_ref_count_dec (&box->ref))
    {
      g_clear_object (&box->info.chip);
      g_free (box);
    }
}

static FlFaceInfo *
face_info_new (void)
{
  FaceInfoBox *box = g_new0 (FaceInfoBox, 1);

  g_atomic_ref_count_init (&box->ref);
  return &box->info;
}

static GdkTexture *
texture_from_rgb (const guint8 *rgb,
                  int           width,
                  int           height)
{
  g_autoptr(GBytes) bytes = g_bytes_new (rgb, (gsize) width * height * 3);

  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, (gsize) width * 3);
}

static FlFaceInfo *
detect (FlImage  *image,
        GError  **error)
{
  g_autoptr(FlMatcher) matcher = fl_search_get_matcher (error);
  g_autoptr(GPtrArray) faces = NULL;
  FlFaceInfo *info;

  if (matcher == NULL)
    return NULL;
  /* The probe was searched with these flags: the same face is found here. */
  faces = fl_matcher_detect (matcher, image, FL_SEARCH_DETECT_FLAGS, error);
  if (faces == NULL)
    return NULL;

  info = face_info_new ();
  info->width = fl_image_get_width (image);
  info->height = fl_image_get_height (image);
  info->n_faces = faces->len;
  if (faces->len > 0)
    {
      FlFace *largest = g_ptr_array_index (faces, 0);

      fl_face_get_landmarks (largest, info->landmarks);
      fl_face_get_eyes (largest, &info->eyes[0], &info->eyes[1]);
      info->chip = texture_from_rgb (fl_face_get_chip_rgb (largest), FL_CHIP_SIZE, FL_CHIP_SIZE);
    }
  return info;
}

static void
run_job (GTask        *task,
         FlFaceCache  *self,
         Job          *job,
         GCancellable *cancellable)
{
  g_autoptr(FlImage) image = NULL;
  g_autoptr(FlFaceInfo) cached = NULL;
  Result *result;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  cached = g_hash_table_lookup (self->faces, job->hash);
  if (cached != NULL)
    fl_face_info_ref (cached);
  g_mutex_unlock (&self->lock);

  if (cached == NULL || job->want_image)
    {
      image = fl_image_new_from_file (job->path, &error);
      if (image == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  result = g_new0 (Result, 1);
  if (cached != NULL)
    result->info = g_steal_pointer (&cached);
  else
    {
      result->info = detect (image, &error);
      if (result->info == NULL)
        {
          result_free (result);
          g_task_return_error (task, error);
          return;
        }
      /* Two requests for one image may have raced: keep the first result,
       * which fl_face_cache_peek() may already have handed out. */
      g_mutex_lock (&self->lock);
      cached = g_hash_table_lookup (self->faces, job->hash);
      if (cached != NULL)
        {
          fl_face_info_unref (result->info);
          result->info = fl_face_info_ref (cached);
          cached = NULL;
        }
      else
        g_hash_table_insert (self->faces, g_strdup (job->hash), fl_face_info_ref (result->info));
      g_mutex_unlock (&self->lock);
    }
  if (job->want_image)
    {
      g_autoptr(GBytes) rgb = fl_image_get_rgb (image);

      result->image = gdk_memory_texture_new (fl_image_get_width (image), fl_image_get_height (image),
                                              GDK_MEMORY_R8G8B8, rgb, (gsize) fl_image_get_width (image) * 3);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) result_free);
}

static void
image_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  run_job (task, source_object, task_data, cancellable);
}

static void
queue_thread (gpointer data,
              gpointer user_data)
{
  g_autoptr(GTask) task = data;

  run_job (task, user_data, g_task_get_task_data (task), g_task_get_cancellable (task));
}

static void
fl_face_cache_finalize (GObject *object)
{
  FlFaceCache *self = FL_FACE_CACHE (object);

  /* Every queued task holds a reference on the cache, so the queue is empty here. */
  g_thread_pool_free (self->queue, FALSE, TRUE);
  g_hash_table_unref (self->faces);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fl_face_cache_parent_class)->finalize (object);
}

static void
fl_face_cache_class_init (FlFaceCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_face_cache_finalize;
}

static void
fl_face_cache_init (FlFaceCache *self)
{
  g_mutex_init (&self->lock);
  self->faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fl_face_info_unref);
  self->queue = g_thread_pool_new (queue_thread, self, 1, FALSE, NULL);
}

FlFaceCache *
fl_face_cache_new (void)
{
  return g_object_new (FL_TYPE_FACE_CACHE, NULL);
}

void
fl_face_cache_load_async (FlFaceCache         *self,
                          const char          *hash,
                          const char          *path,
                          gboolean             want_image,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (FL_IS_FACE_CACHE (self));
  g_return_if_fail (hash != NULL && path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_face_cache_load_async);
  job = g_new0 (Job, 1);
  job->hash = g_strdup (hash);
  job->path = g_strdup (path);
  job->want_image = want_image;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if (want_image)
    g_task_run_in_thread (task, image_thread);
  else
    g_thread_pool_push (self->queue, g_steal_pointer (&task), NULL);
}

FlFaceInfo *
fl_face_cache_load_finish (FlFaceCache   *self,
                           GAsyncResult  *result,
                           GdkTexture   **out_image,
                           GError       **error)
{
  Result *r;
  FlFaceInfo *info;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return NULL;
  info = g_steal_pointer (&r->info);
  if (out_image != NULL)
    *out_image = g_steal_pointer (&r->image);
  result_free (r);
  return info;
}

FlFaceInfo *
fl_face_cache_peek (FlFaceCache *self,
                    const char  *hash)
{
  FlFaceInfo *info;

  g_return_val_if_fail (FL_IS_FACE_CACHE (self), NULL);

  g_mutex_lock (&self->lock);
  info = hash != NULL ? g_hash_table_lookup (self->faces, hash) : NULL;
  g_mutex_unlock (&self->lock);
  return info;
}

void
fl_face_info_apply_manual (const FlFaceInfo *info,
                           GArray           *manual,
                           FlPoint           out_landmarks[FL_N_LANDMARKS])
{
  g_return_if_fail (info != NULL);

  memcpy (out_landmarks, info->landmarks, sizeof info->landmarks);
  for (guint i = 0; manual != NULL && i < manual->len; i++)
    {
      const FlManualLandmark *point = &g_array_index (manual, FlManualLandmark, i);

      if (point->point < FL_N_LANDMARKS)
        out_landmarks[point->point] = (FlPoint) { point->x, point->y };
    }
}
