/* gloss-annotation-store-sync.c: the store and its file, kept in step
 *
 * Saving: every change (re)starts a short timer; when it fires, the
 * sidecar is serialised on the main thread and written by a GTask worker
 * (see gloss_sidecar_file_write()).  Writes, the worker's and
 * save_sync()'s, are serialised by a mutex and carry the serial they were
 * made from, so an older state never lands after a newer one.  A write
 * that fails (a full disk, a folder made read-only) is tried again after
 * 1 s, 2 s, 4 s… up to a minute, and at the next change; the changes stay
 * in memory meanwhile.
 *
 * Watching: a monitor on the sidecar's folder.  When the sidecar changes
 * and its bytes are not the ones the store last read or wrote, it is read
 * again and merged (gloss-merge.c) with what changed here since; a write
 * also checks first that nobody wrote the file since it was read, and
 * merges instead when somebody did.  Sync tools' conflict copies in the
 * folder are offered for merging when they would add something.  The
 * article is watched too: when its bytes change, "article-changed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-store-sync-private.h"
#include "gloss-error.h"
#include "gloss-merge-private.h"
#include "gloss-sidecar-file-private.h"

/* One save this long after the last change of a burst… */
#define SAVE_DELAY_MS 250
/* …unless changes keep coming for this long. */
#define SAVE_MAX_DELAY_US (2 * G_USEC_PER_SEC)
/* After a failed save: the first retry, and the longest wait. */
#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS (60 * 1000)
/* Outside changes come in bursts (a sync tool, git): let them settle. */
#define CHECK_DELAY_MS 100
#define CONFLICTS_DELAY_MS 500
#define ARTICLE_DELAY_MS 300

#define signals gloss_annotation_store_signals

static void start_save (GlossAnnotationStore *self);
static void check_disk (GlossAnnotationStore *self,
                        gboolean              even_while_saving);

/* Saving
 * ====== */

/* The changes up to @serial are on disk. */
static void
forget_changes (GlossAnnotationStore *self,
                guint64               serial)
{
  GHashTableIter iter;
  gpointer value;

  self->saved_serial = MAX (self->saved_serial, serial);

  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(guint64 *) value <= serial)
      g_hash_table_iter_remove (&iter);
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
      /* …nor what another program wrote since the store read the file. */
      ok = gloss_sidecar_file_write (file, bytes, TRUE, self->disk_sha256, cancellable, error);
      if (ok)
        {
          self->written_serial = serial;
          g_free (self->disk_sha256);
          self->disk_sha256 = gloss_sidecar_file_hash (bytes);
        }
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

static gboolean
retry_timeout (gpointer user_data)
{
  GlossAnnotationStore *self = user_data;

  self->retry_source = 0;

  if (!self->writable || self->serial == self->saved_serial)
    return G_SOURCE_REMOVE;

  if (self->saving)
    self->save_again = TRUE;
  else
    start_save (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GlossAnnotationStore *self)
{
  self->retry_delay_ms = self->retry_delay_ms == 0
                         ? RETRY_FIRST_MS
                         : MIN (self->retry_delay_ms * 2, RETRY_MAX_MS);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add_full (G_PRIORITY_DEFAULT, self->retry_delay_ms,
                                           retry_timeout, self, NULL);
  g_source_set_name_by_id (self->retry_source, "[gloss] retry saving");
}

static void
saved (GlossAnnotationStore *self,
       guint64               serial)
{
  forget_changes (self, serial);
  self->retry_delay_ms = 0;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_SAVED], 0);
}

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

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE))
        {
          /* Somebody else wrote it: take that in, then save the merge. */
          g_debug ("%s changed on disk before saving: merging", g_file_peek_path (data->file));
          self->check_after_save = TRUE;
          if (self->serial != self->saved_serial)
            gloss_annotation_store_schedule_save (self);
        }
      else
        {
          g_debug ("Saving %s failed: %s", g_file_peek_path (data->file), error->message);
          /* The changes stay in memory; tried again soon, and at the next change. */
          schedule_retry (self);
          g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_SAVE_FAILED], 0, error);
        }
    }
  else
    saved (self, data->serial);

  if (self->check_after_save)
    {
      self->check_after_save = FALSE;
      check_disk (self, FALSE);
    }

  if (self->save_again && !self->saving)
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
  data->bytes = gloss_annotation_store_serialize (self);
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

void
gloss_annotation_store_schedule_save (GlossAnnotationStore *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->pending_since == 0)
    self->pending_since = now;

  /* A change saves sooner than the next retry would. */
  g_clear_handle_id (&self->retry_source, g_source_remove);

  /* Changes that keep coming still reach the disk every few seconds. */
  if (self->save_source != 0 && now - self->pending_since > SAVE_MAX_DELAY_US)
    return;

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add_full (G_PRIORITY_DEFAULT, SAVE_DELAY_MS,
                                          save_timeout, self, NULL);
  g_source_set_name_by_id (self->save_source, "[gloss] save sidecar");
}

void
gloss_annotation_store_stop_saving (GlossAnnotationStore *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->pending_since = 0;
  self->retry_delay_ms = 0;
}

gboolean
gloss_annotation_store_write_now (GlossAnnotationStore  *self,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->pending_since = 0;

  /* When somebody else wrote the file since it was read: merge, then
   * write again (a few times, for a very busy file). */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GBytes) bytes = gloss_annotation_store_serialize (self);
      g_autoptr(GError) local_error = NULL;
      guint64 serial = self->serial;

      /* Waits for a save running in a worker, if any. */
      if (write_serial (self, self->file, bytes, serial, cancellable, &local_error))
        {
          saved (self, serial);
          return TRUE;
        }

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE) || attempt == 3)
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              schedule_retry (self);
              g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_SAVE_FAILED], 0, local_error);
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      check_disk (self, TRUE);

      if (!self->writable)
        {
          g_set_error_literal (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                               self->error ? self->error->message : "");
          return FALSE;
        }

      if (self->serial == self->saved_serial)
        return TRUE;
    }
}

/* Outside changes
 * =============== */

/* Takes in the annotations of @theirs: another copy of the sidecar.  With
 * @changed, it is the file on disk, and becomes the store's sidecar (its
 * ids, unknown members, unreadable items); without, a conflict copy, whose
 * changes are new here.  TRUE when anchoring moved some. */
static gboolean
merge_in (GlossAnnotationStore *self,
          GlossSidecar         *theirs,
          GHashTable           *changed,
          guint                *n_changes)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GHashTable) deleted = NULL;
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  GlossText *text = gloss_document_get_text (self->document);
  gboolean text_unchanged;
  gboolean from_disk = changed != NULL;
  gboolean moved = FALSE;
  guint old_n = self->items->len;

  result = gloss_merge_annotations (self->items,
                                    gloss_sidecar_get_deleted (self->sidecar),
                                    changed,
                                    gloss_sidecar_get_annotations (theirs),
                                    gloss_sidecar_get_deleted (theirs),
                                    &deleted, n_changes);

  if (from_disk)
    {
      g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
      self->sidecar = gloss_sidecar_ref (theirs);
    }
  else
    gloss_sidecar_adopt_unreadable (self->sidecar, theirs);
  gloss_sidecar_replace_deleted (self->sidecar, deleted);

  text_unchanged = g_strcmp0 (gloss_sidecar_get_article_sha256 (theirs),
                              gloss_document_get_sha256 (self->document)) == 0;

  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < old->len; i++)
    gloss_annotation_store_unwatch_item (self, old->pdata[i]);

  for (guint i = 0; i < result->len; i++)
    {
      GlossAnnotation *pick = result->pdata[i];
      const char *id = gloss_annotation_get_id (pick);
      GlossAnnotation *ours = g_hash_table_lookup (self->by_id, id);
      GlossAnnotation *item = ours ? ours : pick;

      if (pick != ours)
        {
          /* Theirs: the same object keeps the same row. */
          if (ours != NULL)
            gloss_annotation_update_from (ours, pick);
          moved |= gloss_annotation_store_anchor_one (self, text, text_unchanged, item);

          /* A conflict copy's changes are not on disk yet. */
          if (!from_disk)
            gloss_annotation_store_mark_changed (self, id);
        }

      g_ptr_array_add (self->items, g_object_ref (item));
      g_hash_table_add (kept, (gpointer) gloss_annotation_get_id (item));
    }

  /* Dropped by the merge: deleted over there. */
  if (!from_disk)
    for (guint i = 0; i < old->len; i++)
      if (!g_hash_table_contains (kept, gloss_annotation_get_id (old->pdata[i])))
        gloss_annotation_store_mark_changed (self, gloss_annotation_get_id (old->pdata[i]));

  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->items->len; i++)
    {
      GlossAnnotation *item = self->items->pdata[i];

      g_hash_table_insert (self->by_id, (gpointer) gloss_annotation_get_id (item), item);
      gloss_annotation_store_watch_item (self, item);
    }
  gloss_annotation_store_sort (self);

  if (old_n > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);

  return moved;
}

static void
set_disk_sha256 (GlossAnnotationStore *self,
                 const char           *sha256)
{
  g_mutex_lock (&self->write_lock);
  if (sha256 != self->disk_sha256)
    {
      g_free (self->disk_sha256);
      self->disk_sha256 = g_strdup (sha256);
    }
  g_mutex_unlock (&self->write_lock);
}

static void
check_disk (GlossAnnotationStore *self,
            gboolean              even_while_saving)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSidecar) theirs = NULL;
  g_autofree char *sha256 = NULL;
  gboolean merged, moved, same;
  guint n_changes = 0;

  if (self->file == NULL || self->document == NULL)
    return;

  /* Our own write may be on its way: look when it is done. */
  if (self->saving && !even_while_saving)
    {
      self->check_after_save = TRUE;
      return;
    }

  if (!gloss_annotation_store_read (self->file, &bytes, &mtime, NULL, &error))
    {
      /* Read again at the next change of the file. */
      set_disk_sha256 (self, "");
      gloss_annotation_store_set_error (self, self->file, error);
      return;
    }

  sha256 = bytes ? gloss_sidecar_file_hash (bytes) : NULL;

  g_mutex_lock (&self->write_lock);
  same = g_strcmp0 (sha256, self->disk_sha256) == 0;
  g_mutex_unlock (&self->write_lock);

  /* What the store wrote or read last, still. */
  if (same)
    return;

  /* Gone (deleted, or moved away): as an empty file, so that what was
   * made here since is kept, and written again. */
  if (bytes == NULL)
    theirs = gloss_sidecar_new ();
  else if (!(theirs = gloss_sidecar_parse (bytes, mtime, &error)))
    {
      /* Never written over; the changes made here stay in memory. */
      set_disk_sha256 (self, sha256);
      gloss_annotation_store_set_error (self, self->file, error);
      return;
    }

  merged = g_hash_table_size (self->changed) > 0;
  moved = merge_in (self, theirs, self->changed, &n_changes);
  set_disk_sha256 (self, sha256);
  gloss_annotation_store_set_error (self, NULL, NULL);

  if (merged || moved)
    {
      g_autoptr(GBytes) now = gloss_annotation_store_serialize (self);

      /* What the merge made is what is there already. */
      if (bytes != NULL && g_bytes_equal (now, bytes))
        forget_changes (self, self->serial);
      else
        gloss_annotation_store_mark_changed (self, NULL);
    }
  else
    forget_changes (self, self->serial);

  g_debug ("%s changed on disk: %u annotations changed%s", g_file_peek_path (self->file),
           n_changes, merged ? ", merged with changes made here" : "");
  g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_RELOADED], 0, merged);

  gloss_annotation_store_find_conflicts (self);
}

void
gloss_annotation_store_check_disk (GlossAnnotationStore *self)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));

  check_disk (self, FALSE);
}

/* Conflict copies
 * =============== */

static GlossSidecar *
read_copy (GFile   *file,
           GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  if (!gloss_annotation_store_read (file, &bytes, &mtime, NULL, error))
    return NULL;

  if (bytes == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The conflict copy is gone"));
      return NULL;
    }

  return gloss_sidecar_parse (bytes, mtime, error);
}

static gboolean
same_files (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!g_file_equal (a->pdata[i], b->pdata[i]))
      return FALSE;

  return TRUE;
}

void
gloss_annotation_store_find_conflicts (GlossAnnotationStore *self)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) offered = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->file == NULL)
    return;

  if (self->writable)
    candidates = gloss_sidecar_file_find_conflicts (self->file);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      g_autoptr(GlossSidecar) copy = NULL;
      g_autoptr(GPtrArray) result = NULL;
      g_autoptr(GError) error = NULL;
      guint n_changes = 0;

      copy = read_copy (candidates->pdata[i], &error);
      if (copy == NULL)
        {
          g_debug ("Not offering %s: %s", g_file_peek_path (candidates->pdata[i]), error->message);
          continue;
        }

      /* Offered only when it would change something. */
      result = gloss_merge_annotations (self->items, gloss_sidecar_get_deleted (self->sidecar), NULL,
                                        gloss_sidecar_get_annotations (copy),
                                        gloss_sidecar_get_deleted (copy),
                                        NULL, &n_changes);
      if (n_changes > 0)
        g_ptr_array_add (offered, g_object_ref (candidates->pdata[i]));
    }

  if (same_files (offered, self->conflicts))
    return;

  g_ptr_array_unref (self->conflicts);
  self->conflicts = g_steal_pointer (&offered);
  g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_CONFLICTS_CHANGED], 0);
}

guint
gloss_annotation_store_merge_conflicts (GlossAnnotationStore  *self,
                                        GError               **error)
{
  g_autoptr(GPtrArray) copies = NULL;
  guint total = 0;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), 0);

  if (!self->writable)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   _("The annotations file of this article cannot be read, so Gloss does "
                     "not write it."));
      return 0;
    }

  copies = g_ptr_array_ref (self->conflicts);

  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr(GlossSidecar) copy = NULL;
      g_autoptr(GError) local_error = NULL;
      guint n_changes = 0;

      copy = read_copy (copies->pdata[i], &local_error);
      if (copy == NULL)
        {
          if (error != NULL && *error == NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          continue;
        }

      if (merge_in (self, copy, NULL, &n_changes))
        gloss_annotation_store_mark_changed (self, NULL);
      total += n_changes;
    }

  gloss_annotation_store_find_conflicts (self);

  return total;
}

/* Watching
 * ======== */

static gboolean
check_timeout (gpointer user_data)
{
  GlossAnnotationStore *self = user_data;

  self->check_source = 0;
  check_disk (self, FALSE);

  return G_SOURCE_REMOVE;
}

static gboolean
conflicts_timeout (gpointer user_data)
{
  GlossAnnotationStore *self = user_data;

  self->conflicts_source = 0;
  gloss_annotation_store_find_conflicts (self);

  return G_SOURCE_REMOVE;
}

static void
queue (guint       *source,
       guint        delay_ms,
       GSourceFunc  func,
       gpointer     data,
       const char  *name)
{
  g_clear_handle_id (source, g_source_remove);
  *source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, func, data, NULL);
  g_source_set_name_by_id (*source, name);
}

static void
on_folder_changed (GFileMonitor         *monitor,
                   GFile                *file,
                   GFile                *other_file,
                   GFileMonitorEvent     event,
                   GlossAnnotationStore *self)
{
  g_autofree char *sidecar_name = g_file_get_basename (self->file);
  GFile *files[] = { file, other_file };

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = NULL;

      if (files[i] == NULL)
        continue;

      name = g_file_get_basename (files[i]);
      if (g_str_equal (name, sidecar_name))
        queue (&self->check_source, CHECK_DELAY_MS, check_timeout, self,
               "[gloss] sidecar changed");
      else if (gloss_sidecar_file_is_conflict_name (sidecar_name, name))
        queue (&self->conflicts_source, CONFLICTS_DELAY_MS, conflicts_timeout, self,
               "[gloss] conflict copies");
    }
}

static gboolean
article_timeout (gpointer user_data)
{
  GlossAnnotationStore *self = user_data;
  GFile *article = gloss_document_get_file (self->document);
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize len;

  self->article_source = 0;

  /* Gone, or half-written: wait for the next change. */
  if (article == NULL || !g_file_load_contents (article, NULL, &contents, &len, NULL, NULL))
    return G_SOURCE_REMOVE;

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  if (g_strcmp0 (sha256, self->article_sha256) == 0)
    return G_SOURCE_REMOVE;

  g_free (self->article_sha256);
  self->article_sha256 = g_steal_pointer (&sha256);
  g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_ARTICLE_CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static void
on_article_changed (GFileMonitor         *monitor,
                    GFile                *file,
                    GFile                *other_file,
                    GFileMonitorEvent     event,
                    GlossAnnotationStore *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_DELETED ||
      event == G_FILE_MONITOR_EVENT_MOVED_OUT)
    return;

  queue (&self->article_source, ARTICLE_DELAY_MS, article_timeout, self,
         "[gloss] article changed");
}

void
gloss_annotation_store_start_watching (GlossAnnotationStore *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  GFile *article;

  gloss_annotation_store_stop_watching (self);

  if (self->file == NULL)
    return;

  folder = g_file_get_parent (self->file);
  self->folder_monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES,
                                                   NULL, &error);
  if (self->folder_monitor != NULL)
    g_signal_connect_object (self->folder_monitor, "changed",
                             G_CALLBACK (on_folder_changed), self, 0);
  else
    g_debug ("Not watching %s: %s", g_file_peek_path (folder), error->message);
  g_clear_error (&error);

  article = gloss_document_get_file (self->document);
  if (article != NULL)
    self->article_monitor = g_file_monitor_file (article, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->article_monitor != NULL)
    g_signal_connect_object (self->article_monitor, "changed",
                             G_CALLBACK (on_article_changed), self, 0);
  else if (error != NULL)
    g_debug ("Not watching the article: %s", error->message);
}

void
gloss_annotation_store_stop_watching (GlossAnnotationStore *self)
{
  if (self->folder_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->folder_monitor, self);
      g_file_monitor_cancel (self->folder_monitor);
      g_clear_object (&self->folder_monitor);
    }

  if (self->article_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article_monitor, self);
      g_file_monitor_cancel (self->article_monitor);
      g_clear_object (&self->article_monitor);
    }

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_clear_handle_id (&self->conflicts_source, g_source_remove);
  g_clear_handle_id (&self->article_source, g_source_remove);
}
