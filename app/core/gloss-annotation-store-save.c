/* gloss-annotation-store-save.c: saving a store's sidecar
 *
 * Every change (re)starts a short timer; when it fires, the sidecar is
 * serialised on the main thread and written by a GTask worker (see
 * gloss_sidecar_file_write()).  Writes, the worker's and
 * gloss_annotation_store_write_now()'s, are serialised by a mutex and
 * carry the serial they were made from, so an older state never lands
 * after a newer one.  A write also checks first that nobody wrote the
 * file since it was read, and merges instead when somebody did
 * (gloss-annotation-store-sync.c).  A write that fails (a full disk, a
 * folder made read-only) is tried again after 1 s, 2 s, 4 s… up to a
 * minute, and at the next change; the changes stay in memory meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include "gloss-annotation-store-sync-private.h"
#include "gloss-error.h"
#include "gloss-sidecar-file-private.h"

/* One save this long after the last change of a burst… */
#define SAVE_DELAY_MS 250
/* …unless changes keep coming for this long. */
#define SAVE_MAX_DELAY_US (2 * G_USEC_PER_SEC)
/* After a failed save: the first retry, and the longest wait. */
#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS (60 * 1000)

#define signals gloss_annotation_store_signals

static void start_save (GlossAnnotationStore *self);

void
gloss_annotation_store_forget_changes (GlossAnnotationStore *self,
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
  /* Hashed before the lock: the main loop may want it meanwhile. */
  g_autofree char *sha256 = gloss_sidecar_file_hash (bytes);
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);

  /* A newer state already reached the disk: this one must not replace it. */
  if (serial > self->written_serial)
    {
      /* …nor what another program wrote since the store read the file. */
      GlossFileStamp written;

      ok = gloss_sidecar_file_write (file, bytes, sha256, TRUE, self->disk_sha256, &written,
                                     cancellable, error);
      if (ok)
        {
          self->disk_stamp = written;
          self->written_serial = serial;
          g_free (self->disk_sha256);
          self->disk_sha256 = g_steal_pointer (&sha256);
        }
    }

  g_mutex_unlock (&self->write_lock);

  return ok;
}

typedef struct
{
  GFile              *file;
  GlossSidecarOutput *output;
  guint64             serial;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->output, gloss_sidecar_output_free);
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
  g_autoptr(GBytes) bytes = gloss_sidecar_output_finish (g_steal_pointer (&data->output));
  GError *error = NULL;

  if (write_serial (self, data->file, bytes, data->serial, cancellable, &error))
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
  gloss_annotation_store_forget_changes (self, serial);
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
      gloss_annotation_store_sync_disk (self, FALSE);
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
  /* What changed is printed here; the whole file is put together in the
   * worker (10,000 annotations: 12 MB). */
  data->output = gloss_annotation_store_prepare_output (self);
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

      gloss_annotation_store_sync_disk (self, TRUE);

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
