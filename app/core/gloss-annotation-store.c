/* gloss-annotation-store.c: one article's annotations and their sidecar
 *
 * Every change bumps a serial number and (re)starts a short timer; when it
 * fires, the sidecar is serialised on the main thread and written by a
 * GTask worker: a temporary file in the same folder, fsync, rename.  Writes
 * (the worker's and save_sync()'s) are serialised by a mutex and carry the
 * serial they were made from, so an older state never lands after a newer
 * one.  A store whose sidecar could not be read never writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-store-private.h"
#include "gloss-color.h"
#include "gloss-error.h"

/* One save this long after the last change of a burst… */
#define SAVE_DELAY_MS 250
/* …unless changes keep coming for this long. */
#define SAVE_MAX_DELAY_US (2 * G_USEC_PER_SEC)

struct _GlossAnnotationStore
{
  GObject        parent_instance;

  GlossDocument *document;
  GFile         *file;
  GlossSidecar  *sidecar;
  GPtrArray     *items;       /* GlossAnnotation, in model order */
  GHashTable    *by_id;       /* id → GlossAnnotation (borrowed) */
  gboolean       writable;

  GCancellable  *cancellable;
  guint          save_source;
  gint64         pending_since;
  gboolean       saving;
  gboolean       save_again;
  guint64        serial;         /* bumped by every change */
  guint64        saved_serial;   /* the newest change known on disk */

  /* Shared with the worker. */
  GMutex         write_lock;
  guint64        written_serial;
};

static void gloss_annotation_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlossAnnotationStore, gloss_annotation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      gloss_annotation_store_list_model_init))

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_WRITABLE,
  N_PROPS
};

enum {
  SAVED,
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_save (GlossAnnotationStore *self);

/* GListModel */

static GType
gloss_annotation_store_get_item_type (GListModel *model)
{
  return GLOSS_TYPE_ANNOTATION;
}

static guint
gloss_annotation_store_get_n_items (GListModel *model)
{
  return GLOSS_ANNOTATION_STORE (model)->items->len;
}

static gpointer
gloss_annotation_store_get_item (GListModel *model,
                                 guint       position)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (self->items->pdata[position]);
}

static void
gloss_annotation_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gloss_annotation_store_get_item_type;
  iface->get_n_items = gloss_annotation_store_get_n_items;
  iface->get_item = gloss_annotation_store_get_item;
}

/* Order: by start in the current text, orphans last; ties by end, then
 * creation, then id, so that the order never depends on chance. */
static int
compare_annotations (GlossAnnotation *a,
                     GlossAnnotation *b)
{
  gboolean a_orphan = gloss_annotation_get_status (a) == GLOSS_ANCHOR_ORPHANED;
  gboolean b_orphan = gloss_annotation_get_status (b) == GLOSS_ANCHOR_ORPHANED;
  int cmp;

  if (a_orphan != b_orphan)
    return a_orphan ? 1 : -1;

  if (!a_orphan)
    {
      if (gloss_annotation_get_start (a) != gloss_annotation_get_start (b))
        return gloss_annotation_get_start (a) < gloss_annotation_get_start (b) ? -1 : 1;
      if (gloss_annotation_get_end (a) != gloss_annotation_get_end (b))
        return gloss_annotation_get_end (a) < gloss_annotation_get_end (b) ? -1 : 1;
    }

  cmp = g_date_time_compare (gloss_annotation_get_created (a), gloss_annotation_get_created (b));
  if (cmp != 0)
    return cmp;

  return strcmp (gloss_annotation_get_id (a), gloss_annotation_get_id (b));
}

static int
compare_annotations_ptr (gconstpointer a,
                         gconstpointer b)
{
  return compare_annotations (*(GlossAnnotation **) a, *(GlossAnnotation **) b);
}

static guint
find_insert_position (GlossAnnotationStore *self,
                      GlossAnnotation      *annotation)
{
  guint low = 0, high = self->items->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (compare_annotations (self->items->pdata[mid], annotation) < 0)
        low = mid + 1;
      else
        high = mid;
    }

  return low;
}

static gboolean
find_position (GlossAnnotationStore *self,
               GlossAnnotation      *annotation,
               guint                *position)
{
  return g_ptr_array_find (self->items, annotation, position);
}

/* Changes and saving */

static void
mark_changed (GlossAnnotationStore *self)
{
  self->serial++;

  if (self->writable)
    schedule_save (self);
}

static void
on_annotation_notify (GlossAnnotation      *annotation,
                      GParamSpec           *pspec,
                      GlossAnnotationStore *self)
{
  g_autoptr(GDateTime) now = NULL;
  guint position;

  if (!find_position (self, annotation, &position))
    return;

  now = gloss_annotation_now ();
  gloss_annotation_set_modified (annotation, now);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  mark_changed (self);
}

static void
watch_annotation (GlossAnnotationStore *self,
                  GlossAnnotation      *annotation)
{
  g_signal_connect_object (annotation, "notify::color", G_CALLBACK (on_annotation_notify), self, 0);
  g_signal_connect_object (annotation, "notify::tags", G_CALLBACK (on_annotation_notify), self, 0);
  g_signal_connect_object (annotation, "notify::note", G_CALLBACK (on_annotation_notify), self, 0);
}

static void
unwatch_annotation (GlossAnnotationStore *self,
                    GlossAnnotation      *annotation)
{
  g_signal_handlers_disconnect_by_func (annotation, on_annotation_notify, self);
}

static void
clear_items (GlossAnnotationStore *self)
{
  g_autoptr(GPtrArray) old = self->items;
  guint n = old->len;

  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_remove_all (self->by_id);

  for (guint i = 0; i < n; i++)
    unwatch_annotation (self, old->pdata[i]);

  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

static void
set_writable (GlossAnnotationStore *self,
              gboolean              writable)
{
  if (self->writable == writable)
    return;

  self->writable = writable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITABLE]);
}

/* The article as it is now: its base name (no folder, so that the file
 * does not change between machines), its title and its hash. */
static void
stamp_sidecar (GlossAnnotationStore *self)
{
  GFile *article = gloss_document_get_file (self->document);
  g_autofree char *name = article ? g_file_get_basename (article) : NULL;
  g_autofree char *utf8_name = name ? g_filename_display_name (name) : NULL;

  gloss_sidecar_set_label (self->sidecar, gloss_document_get_title (self->document));
  gloss_sidecar_set_article (self->sidecar, utf8_name, gloss_document_get_sha256 (self->document));
}

static GBytes *
serialize_now (GlossAnnotationStore *self)
{
  stamp_sidecar (self);

  return gloss_sidecar_serialize (self->sidecar, self->items, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }

      data += n;
      len -= n;
    }

  return TRUE;
}

static gboolean
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/* TRUE when @path holds exactly @data (then there is nothing to write). */
static gboolean
same_contents (const char   *path,
               const guint8 *data,
               gsize         len)
{
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize old_len;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || (gsize) st.st_size != len)
    return FALSE;

  if (!g_file_get_contents (path, &contents, &old_len, NULL))
    return FALSE;

  return old_len == len && memcmp (contents, data, len) == 0;
}

/* A temporary file beside @path, written, synced and renamed over it, so
 * that the sidecar on disk is always either the old one or the new one. */
static gboolean
write_atomically (GFile         *file,
                  GBytes        *bytes,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  const guint8 *data;
  GStatBuf st;
  gsize len;
  int dir_fd;
  int fd;

  data = g_bytes_get_data (bytes, &len);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Not a local file (e.g. a GVfs mount): GIO's own replace. */
  if (path == NULL)
    return g_file_replace_contents (file, (const char *) data, len, NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, cancellable, error);

  if (same_contents (path, data, len))
    return TRUE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_write_error (error, errno, path);

  /* Keep the permissions of the file it replaces. */
  if (g_stat (path, &st) == 0)
    fchmod (fd, st.st_mode & 07777);

  if (!write_all (fd, data, len) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp_path);
      return set_write_error (error, saved_errno, path);
    }

  if (close (fd) != 0 || g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      return set_write_error (error, saved_errno, path);
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;
}

/* Called from any thread. */
static gboolean
write_serial (GlossAnnotationStore  *self,
              GFile                 *file,
              GBytes                *bytes,
              guint64                serial,
              GCancellable          *cancellable,
              GError               **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);

  /* A newer state already reached the disk: this one must not replace it. */
  if (serial > self->written_serial)
    {
      ok = write_atomically (file, bytes, cancellable, error);
      if (ok)
        self->written_serial = serial;
    }

  g_mutex_unlock (&self->write_lock);

  return ok;
}

typedef struct
{
  GFile   *file;
  GBytes  *bytes;
  guint64  serial;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GlossAnnotationStore *self = source_object;
  SaveData *data = task_data;
  GError *error = NULL;

  if (write_serial (self, data->file, data->bytes, data->serial, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void start_save (GlossAnnotationStore *self);

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);
  SaveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Saving %s failed: %s", g_file_peek_path (data->file), error->message);
      /* The changes stay in memory; the next change tries again. */
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
    }
  else
    {
      self->saved_serial = MAX (self->saved_serial, data->serial);
      g_signal_emit (self, signals[SAVED], 0);
    }

  if (self->save_again)
    {
      self->save_again = FALSE;
      if (self->saved_serial != self->serial)
        start_save (self);
    }
}

static void
start_save (GlossAnnotationStore *self)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_assert (!self->saving);

  if (!self->writable || self->file == NULL)
    return;

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (self->file);
  data->bytes = serialize_now (self);
  data->serial = self->serial;

  self->saving = TRUE;
  self->pending_since = 0;

  task = g_task_new (self, self->cancellable, save_done, NULL);
  g_task_set_source_tag (task, start_save);
  g_task_set_name (task, "[gloss] save sidecar");
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

static gboolean
save_timeout (gpointer user_data)
{
  GlossAnnotationStore *self = user_data;

  self->save_source = 0;

  /* Never two writes at once: save again when this one is done. */
  if (self->saving)
    self->save_again = TRUE;
  else
    start_save (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (GlossAnnotationStore *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->pending_since == 0)
    self->pending_since = now;

  /* Changes that keep coming still reach the disk every few seconds. */
  if (self->save_source != 0 && now - self->pending_since > SAVE_MAX_DELAY_US)
    return;

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add_full (G_PRIORITY_DEFAULT, SAVE_DELAY_MS,
                                          save_timeout, self, NULL);
  g_source_set_name_by_id (self->save_source, "[gloss] save sidecar");
}

/* GObject */

static void
gloss_annotation_store_dispose (GObject *object)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);

  if (self->serial != self->saved_serial && self->writable)
    g_debug ("Disposing of a store with changes not saved: call save_sync() first");

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  for (guint i = 0; i < self->items->len; i++)
    unwatch_annotation (self, self->items->pdata[i]);
  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->by_id);

  G_OBJECT_CLASS (gloss_annotation_store_parent_class)->dispose (object);
}

static void
gloss_annotation_store_finalize (GObject *object)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);

  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (gloss_annotation_store_parent_class)->finalize (object);
}

static void
gloss_annotation_store_constructed (GObject *object)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);
  GFile *article;

  G_OBJECT_CLASS (gloss_annotation_store_parent_class)->constructed (object);

  g_return_if_fail (GLOSS_IS_DOCUMENT (self->document));

  article = gloss_document_get_file (self->document);
  if (article != NULL)
    {
      g_autofree char *name = g_file_get_basename (article);
      g_autofree char *sidecar_name = g_strconcat (name, GLOSS_SIDECAR_SUFFIX, NULL);
      g_autoptr(GFile) parent = g_file_get_parent (article);

      if (parent != NULL)
        self->file = g_file_get_child (parent, sidecar_name);
    }
}

static void
gloss_annotation_store_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_WRITABLE:
      g_value_set_boolean (value, self->writable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_store_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_store_class_init (GlossAnnotationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gloss_annotation_store_constructed;
  object_class->dispose = gloss_annotation_store_dispose;
  object_class->finalize = gloss_annotation_store_finalize;
  object_class->get_property = gloss_annotation_store_get_property;
  object_class->set_property = gloss_annotation_store_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         GLOSS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* FALSE until a load succeeds, and forever after a failed one. */
  properties[PROP_WRITABLE] =
    g_param_spec_boolean ("writable", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gloss_annotation_store_init (GlossAnnotationStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  self->sidecar = gloss_sidecar_new ();
  g_mutex_init (&self->write_lock);
}

/* Public API */

GlossAnnotationStore *
gloss_annotation_store_new (GlossDocument *document)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (document), NULL);

  return g_object_new (GLOSS_TYPE_ANNOTATION_STORE,
                       "document", document,
                       NULL);
}

GlossDocument *
gloss_annotation_store_get_document (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  return self->document;
}

GFile *
gloss_annotation_store_get_file (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  return self->file;
}

GlossSidecar *
gloss_annotation_store_get_sidecar (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  stamp_sidecar (self);

  return self->sidecar;
}

gboolean
gloss_annotation_store_get_writable (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);

  return self->writable;
}

guint
gloss_annotation_store_get_n_unreadable (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), 0);

  return gloss_sidecar_get_n_unreadable (self->sidecar);
}

const char * const *
gloss_annotation_store_get_problems (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  return gloss_sidecar_get_problems (self->sidecar);
}

static gboolean
sidecar_io_error (GError     **error,
                  const char  *message)
{
  g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
               _("The annotations file cannot be read: %s."), message);
  return FALSE;
}

/* Reads the sidecar's bytes; FALSE with *bytes NULL and no error when
 * there is none yet. */
static gboolean
read_sidecar (GlossAnnotationStore  *self,
              GBytes               **bytes,
              GDateTime            **mtime,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  *bytes = NULL;
  *mtime = NULL;

  info = g_file_query_info (self->file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return sidecar_io_error (error, local_error->message);
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return sidecar_io_error (error, _("it is not a regular file"));

  if (g_file_info_get_size (info) > GLOSS_SIDECAR_MAX_SIZE)
    return sidecar_io_error (error, _("it is larger than 64 MiB"));

  if (!g_file_load_contents (self->file, cancellable, &contents, &len, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return sidecar_io_error (error, local_error->message);
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    *mtime = g_date_time_new_from_unix_utc (g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  *bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

  return TRUE;
}

/* Finds @annotation in the text; when it moved, its selectors follow
 * (the old ones go to its history). TRUE when the sidecar should be
 * saved. */
static gboolean
anchor_annotation (GlossAnnotationStore *self,
                   GlossText            *text,
                   gboolean              text_unchanged,
                   GlossAnnotation      *annotation)
{
  const GlossSelectors *selectors = gloss_annotation_get_selectors (annotation);
  GlossAnchorResult result = { GLOSS_ANCHOR_ORPHANED, 0, 0, 0.0 };
  GlossSelectors fresh = { NULL, NULL, NULL, -1, -1 };
  gboolean changed = FALSE;

  gloss_anchor (text, text_unchanged, selectors, &result);

  /* The stored hash is the one of the last save, which may have been made
   * while this one was already lost: search the whole text. */
  if (text_unchanged && result.status == GLOSS_ANCHOR_ORPHANED)
    gloss_anchor (text, FALSE, selectors, &result);

  gloss_annotation_set_anchor (annotation, &result);

  if (result.status == GLOSS_ANCHOR_ORPHANED)
    return FALSE;

  if (result.status == GLOSS_ANCHOR_MOVED ||
      selectors->start != (gint64) result.start ||
      selectors->end != (gint64) result.end)
    {
      if (!gloss_selectors_from_range (text, result.start, result.end, &fresh, NULL))
        return FALSE;

      if (!gloss_selectors_equal (selectors, &fresh))
        {
          GlossSelectors old;

          /* Written by hand without a position: complete it quietly.
           * Really moved: keep where it was, and save. */
          if (result.status == GLOSS_ANCHOR_MOVED)
            {
              gloss_selectors_copy_into (&old, selectors);
              gloss_sidecar_record_history (self->sidecar, annotation, &old);
              gloss_selectors_clear (&old);
              changed = TRUE;
            }

          gloss_annotation_set_selectors (annotation, &fresh);
        }

      gloss_selectors_clear (&fresh);
    }

  return changed;
}

gboolean
gloss_annotation_store_load (GlossAnnotationStore *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  GlossText *text;
  gboolean text_unchanged;
  gboolean moved = FALSE;
  GPtrArray *annotations;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  /* Loading again starts over: nothing half-saved from before. */
  g_clear_handle_id (&self->save_source, g_source_remove);
  clear_items (self);
  set_writable (self, FALSE);
  self->pending_since = 0;

  if (self->file == NULL)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND,
                   _("This article is not a file, so its annotations cannot be kept."));
      return FALSE;
    }

  if (!read_sidecar (self, &bytes, &mtime, cancellable, error))
    return FALSE;

  if (bytes == NULL)
    sidecar = gloss_sidecar_new ();
  else if (!(sidecar = gloss_sidecar_parse (bytes, mtime, error)))
    return FALSE;

  g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
  self->sidecar = gloss_sidecar_ref (sidecar);

  text = gloss_document_get_text (self->document);
  text_unchanged = g_strcmp0 (gloss_sidecar_get_article_sha256 (sidecar),
                              gloss_document_get_sha256 (self->document)) == 0;

  annotations = gloss_sidecar_get_annotations (sidecar);
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];

      moved |= anchor_annotation (self, text, text_unchanged, annotation);
      g_ptr_array_add (self->items, g_object_ref (annotation));
      g_hash_table_insert (self->by_id, (gpointer) gloss_annotation_get_id (annotation), annotation);
      watch_annotation (self, annotation);
    }
  g_ptr_array_sort (self->items, compare_annotations_ptr);

  /* What was read is what is on disk. */
  self->saved_serial = self->serial;
  g_mutex_lock (&self->write_lock);
  self->written_serial = self->serial;
  g_mutex_unlock (&self->write_lock);

  set_writable (self, TRUE);

  if (self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len);

  if (moved)
    mark_changed (self);

  return TRUE;
}

GlossAnnotation *
gloss_annotation_store_add_range (GlossAnnotationStore *self,
                                  gsize                 start,
                                  gsize                 end,
                                  const char           *color,
                                  GError              **error)
{
  GlossSelectors selectors = { NULL, NULL, NULL, -1, -1 };
  g_autoptr(GlossAnnotation) annotation = NULL;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  if (!self->writable)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   _("The annotations of this article cannot be saved, so no highlight "
                     "can be added."));
      return NULL;
    }

  if (!gloss_selectors_from_range (gloss_document_get_text (self->document),
                                   start, end, &selectors, error))
    return NULL;

  annotation = gloss_annotation_new (&selectors, color ? color : GLOSS_DEFAULT_COLOR);
  gloss_selectors_clear (&selectors);

  gloss_annotation_store_add (self, annotation);

  return annotation;
}

void
gloss_annotation_store_add (GlossAnnotationStore *self,
                            GlossAnnotation      *annotation)
{
  guint position;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GLOSS_IS_ANNOTATION (annotation));

  if (g_hash_table_contains (self->by_id, gloss_annotation_get_id (annotation)))
    return;

  position = find_insert_position (self, annotation);
  g_ptr_array_insert (self->items, position, g_object_ref (annotation));
  g_hash_table_insert (self->by_id, (gpointer) gloss_annotation_get_id (annotation), annotation);
  watch_annotation (self, annotation);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  mark_changed (self);
}

void
gloss_annotation_store_remove (GlossAnnotationStore *self,
                               GlossAnnotation      *annotation)
{
  g_autoptr(GlossAnnotation) keep = NULL;
  guint position;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GLOSS_IS_ANNOTATION (annotation));

  if (!find_position (self, annotation, &position))
    return;

  keep = g_object_ref (annotation);
  unwatch_annotation (self, annotation);
  g_hash_table_remove (self->by_id, gloss_annotation_get_id (annotation));
  g_ptr_array_remove_index (self->items, position);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  mark_changed (self);
}

gboolean
gloss_annotation_store_reattach (GlossAnnotationStore *self,
                                 GlossAnnotation      *annotation,
                                 gsize                 start,
                                 gsize                 end,
                                 GError              **error)
{
  GlossSelectors fresh = { NULL, NULL, NULL, -1, -1 };
  GlossSelectors old;
  GlossAnchorResult result = { GLOSS_ANCHOR_EXACT, start, end, 1.0 };
  g_autoptr(GlossAnnotation) keep = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint position;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (annotation), FALSE);

  if (!self->writable)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   _("The annotations of this article cannot be saved, so no highlight "
                     "can be moved."));
      return FALSE;
    }

  if (!find_position (self, annotation, &position))
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_FAILED,
                   _("This highlight is not one of this article’s."));
      return FALSE;
    }

  if (!gloss_selectors_from_range (gloss_document_get_text (self->document),
                                   start, end, &fresh, error))
    return FALSE;

  gloss_selectors_copy_into (&old, gloss_annotation_get_selectors (annotation));
  gloss_sidecar_record_history (self->sidecar, annotation, &old);
  gloss_selectors_clear (&old);

  /* Out and back in, so that it takes its place in article order. */
  keep = g_object_ref (annotation);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  gloss_annotation_set_selectors (annotation, &fresh);
  gloss_annotation_set_anchor (annotation, &result);
  now = gloss_annotation_now ();
  gloss_annotation_set_modified (annotation, now);
  gloss_selectors_clear (&fresh);

  position = find_insert_position (self, annotation);
  g_ptr_array_insert (self->items, position, g_object_ref (annotation));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  mark_changed (self);

  return TRUE;
}

GlossAnnotation *
gloss_annotation_store_lookup (GlossAnnotationStore *self,
                               const char           *id)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  const char *tag_a = *(const char **) a;
  const char *tag_b = *(const char **) b;
  g_autofree char *folded_a = g_utf8_casefold (tag_a, -1);
  g_autofree char *folded_b = g_utf8_casefold (tag_b, -1);
  int cmp = g_utf8_collate (folded_a, folded_b);

  return cmp != 0 ? cmp : strcmp (tag_a, tag_b);
}

char **
gloss_annotation_store_dup_tags (GlossAnnotationStore *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const char * const *annotation_tags = gloss_annotation_get_tags (self->items->pdata[i]);

      for (guint j = 0; annotation_tags[j] != NULL; j++)
        if (g_hash_table_add (seen, (gpointer) annotation_tags[j]))
          g_ptr_array_add (tags, g_strdup (annotation_tags[j]));
    }

  g_ptr_array_sort (tags, compare_tags);

  return (char **) g_ptr_array_steal (tags, NULL);
}

gboolean
gloss_annotation_store_has_pending_changes (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);

  return self->serial != self->saved_serial;
}

gboolean
gloss_annotation_store_save_sync (GlossAnnotationStore  *self,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  guint64 serial;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);

  if (!self->writable || self->file == NULL)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   _("The annotations file of this article cannot be read, so Gloss does "
                     "not write it."));
      return FALSE;
    }

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->pending_since = 0;

  bytes = serialize_now (self);
  serial = self->serial;

  /* Waits for a save running in a worker, if any. */
  if (!write_serial (self, self->file, bytes, serial, cancellable, error))
    return FALSE;

  self->saved_serial = MAX (self->saved_serial, serial);
  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}
