/* gloss-annotation-store-load.c: reading the sidecar, loading and anchoring a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-store-sync-private.h"
#include "gloss-background.h"
#include "gloss-error.h"
#include "gloss-memory.h"
#include "gloss-sidecar-file-private.h"

/* A temporary file this old was left by a save that never finished. */
#define STALE_TEMPORARY_AGE G_TIME_SPAN_HOUR

static gboolean
sidecar_io_error (GError     **error,
                  const char  *message)
{
  g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
               _("The annotations file cannot be read: %s."), message);
  return FALSE;
}

gboolean
gloss_annotation_store_read (GFile         *file,
                             GBytes       **bytes,
                             GDateTime    **mtime,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  *bytes = NULL;
  *mtime = NULL;

  info = g_file_query_info (file,
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

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &local_error))
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
anchor_in (GlossSidecar    *sidecar,
           GlossText       *text,
           gboolean         text_unchanged,
           GlossAnnotation *annotation);

gboolean
gloss_annotation_store_anchor_one (GlossAnnotationStore *self,
                                   GlossText            *text,
                                   gboolean              text_unchanged,
                                   GlossAnnotation      *annotation)
{
  return anchor_in (self->sidecar, text, text_unchanged, annotation);
}

/* As gloss_annotation_store_anchor_one(), the history going to @sidecar:
 * in any thread, for annotations nobody else holds yet. */
static gboolean
anchor_in (GlossSidecar    *sidecar,
           GlossText       *text,
           gboolean         text_unchanged,
           GlossAnnotation *annotation)
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
              gloss_sidecar_record_history (sidecar, annotation, &old);
              gloss_selectors_clear (&old);
              changed = TRUE;
            }

          gloss_annotation_set_selectors (annotation, &fresh);
        }

      gloss_selectors_clear (&fresh);
    }

  return changed;
}

/* Loading */

/* Beside the article, or under the user's data folder when the article's
 * folder cannot be written. */
static void
choose_file (GlossAnnotationStore *self)
{
  g_autoptr(GFile) fallback = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;

  self->fallback = FALSE;
  g_set_object (&self->file, self->beside);

  if (self->beside == NULL || gloss_sidecar_file_folder_writable (self->beside))
    return;

  fallback = gloss_sidecar_file_fallback (gloss_document_get_file (self->document));
  g_set_object (&self->file, fallback);
  self->fallback = TRUE;

  /* Made now, so that it can be watched. */
  folder = g_file_get_parent (fallback);
  folder_path = g_file_get_path (folder);
  if (folder_path != NULL)
    g_mkdir_with_parents (folder_path, 0700);
}

/* What is on disk: the file with this hash (NULL: none). */
static void
remember_disk_sha256 (GlossAnnotationStore *self,
                      const char           *sha256)
{
  g_mutex_lock (&self->write_lock);
  g_free (self->disk_sha256);
  self->disk_sha256 = g_strdup (sha256);
  memset (&self->disk_stamp, 0, sizeof self->disk_stamp);
  g_mutex_unlock (&self->write_lock);
}

static gboolean
load_failed (GlossAnnotationStore  *self,
             GFile                 *source,
             GError                *local_error,
             GError               **error)
{
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gloss_annotation_store_set_error (self, source, local_error);
      /* Told when it is mended. */
      gloss_annotation_store_start_watching (self);
    }

  g_propagate_error (error, local_error);
  return FALSE;
}

/* Loading again starts over: nothing half-saved from before.  FALSE when
 * the article is not a file. */
static gboolean
load_begin (GlossAnnotationStore  *self,
            GError               **error)
{
  GError *local_error = NULL;

  gloss_annotation_store_stop_watching (self);
  gloss_annotation_store_stop_saving (self);
  gloss_annotation_store_clear_items (self);
  g_hash_table_remove_all (self->changed);
  gloss_annotation_store_set_writable (self, FALSE);

  if (self->beside == NULL)
    {
      g_set_error (&local_error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND,
                   _("This article is not a file, so its annotations cannot be kept."));
      gloss_annotation_store_set_error (self, NULL, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  choose_file (self);
  gloss_sidecar_file_remove_stale_temporaries (self->file, STALE_TEMPORARY_AGE);

  return TRUE;
}

/* What reading the sidecar gave; made in any thread. */
typedef struct
{
  GFile        *file;
  GFile        *beside;
  gboolean      fallback;
  gboolean      read_file;    /* @file could be read (it may not exist) */
  char         *disk_sha256;  /* of @file, NULL when there is none */
  GFile        *source;       /* the file the sidecar came from */
  GlossSidecar *sidecar;
  GlossText    *text;         /* the article's, to anchor against */
  char         *sha256;       /* the article's */
  gboolean      anchored;     /* its annotations anchored already */
  gboolean      moved;        /* and some of them moved */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->beside);
  g_free (data->disk_sha256);
  g_clear_object (&data->source);
  g_clear_pointer (&data->sidecar, gloss_sidecar_unref);
  g_clear_pointer (&data->text, gloss_text_unref);
  g_free (data->sha256);
  g_free (data);
}

static LoadData *
load_data_new (GlossAnnotationStore *self)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->file = g_object_ref (self->file);
  data->beside = g_object_ref (self->beside);
  data->fallback = self->fallback;
  data->text = gloss_text_ref (gloss_document_get_text (self->document));
  data->sha256 = g_strdup (gloss_document_get_sha256 (self->document));

  return data;
}

static gpointer
hash_thread (gpointer bytes)
{
  char *sha256 = gloss_sidecar_file_hash (bytes);

  g_bytes_unref (bytes);

  return sha256;
}

/* Reads and parses the sidecar: no state of the store is touched, so it
 * runs in a worker thread for load_async(). */
static gboolean
load_read (LoadData      *data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  GThread *hasher = NULL;
  gboolean ok;

  g_set_object (&data->source, data->file);
  if (!gloss_annotation_store_read (data->source, &bytes, &mtime, cancellable, error))
    return FALSE;
  data->read_file = TRUE;
  /* Hashed in a thread of its own (at this one's priority) while it is
   * parsed: 12 MB for 10,000 annotations, 60 ms. */
  if (bytes != NULL)
    {
      GBytes *hashed = g_bytes_ref (bytes);

      hasher = g_thread_try_new ("gloss-hash", hash_thread, hashed, NULL);
      if (hasher == NULL)
        data->disk_sha256 = hash_thread (hashed);
    }

  /* First time under the data folder: start from the sidecar beside the
   * article, if there is one. */
  if (bytes == NULL && data->fallback)
    {
      g_set_object (&data->source, data->beside);
      if (!gloss_annotation_store_read (data->source, &bytes, &mtime, cancellable, error))
        return FALSE;
    }

  if (bytes == NULL)
    {
      data->sidecar = gloss_sidecar_new ();
      ok = TRUE;
    }
  else
    ok = (data->sidecar = gloss_sidecar_parse (bytes, mtime, error)) != NULL;

  if (hasher != NULL)
    data->disk_sha256 = g_thread_join (hasher);

  return ok;
}

/* Takes in what load_read() gave (@local_error when it failed): anchors
 * every annotation and fills the model. */
static gboolean
load_end (GlossAnnotationStore  *self,
          LoadData              *data,
          GError                *local_error,
          GError               **error)
{
  GlossText *text;
  gboolean text_unchanged;
  gboolean moved = FALSE;
  GPtrArray *annotations;

  if (data->read_file)
    remember_disk_sha256 (self, data->disk_sha256);
  if (local_error != NULL)
    return load_failed (self, data->source, local_error, error);

  g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
  self->sidecar = gloss_sidecar_ref (data->sidecar);

  text = gloss_document_get_text (self->document);
  text_unchanged = g_strcmp0 (gloss_sidecar_get_article_sha256 (self->sidecar),
                              gloss_document_get_sha256 (self->document)) == 0;

  /* Anchored in the worker against this same text, or anchored now. */
  if (data->text != text)
    data->anchored = FALSE;

  annotations = gloss_sidecar_get_annotations (self->sidecar);
  moved = data->anchored && data->moved;
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];

      if (!data->anchored)
        moved |= gloss_annotation_store_anchor_one (self, text, text_unchanged, annotation);
      g_ptr_array_add (self->items, g_object_ref (annotation));
      g_hash_table_insert (self->by_id, (gpointer) gloss_annotation_get_id (annotation), annotation);
      gloss_annotation_store_watch_item (self, annotation);
    }
  gloss_annotation_store_sort (self);

  /* What was read is what is on disk. */
  self->saved_serial = self->serial;
  g_mutex_lock (&self->write_lock);
  self->written_serial = self->serial;
  g_mutex_unlock (&self->write_lock);

  gloss_annotation_store_set_error (self, NULL, NULL);

  if (self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len);

  if (moved)
    gloss_annotation_store_mark_changed (self, NULL);

  gloss_annotation_store_start_watching (self);
  gloss_annotation_store_find_conflicts (self);

  return TRUE;
}

gboolean
gloss_annotation_store_load (GlossAnnotationStore *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  LoadData *data;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!load_begin (self, error))
    return FALSE;

  data = load_data_new (self);
  load_read (data, cancellable, &local_error);
  ok = load_end (self, data, local_error, error);
  load_data_free (data);

  return ok;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  /* Printed now, the first save prints only what changed (see
   * gloss-sidecar-write.c). */
  if (load_read (data, cancellable, &error))
    {
      GPtrArray *annotations = gloss_sidecar_get_annotations (data->sidecar);
      gboolean text_unchanged = g_strcmp0 (gloss_sidecar_get_article_sha256 (data->sidecar),
                                           data->sha256) == 0;

      /* Anchored here too: the annotations are nobody else's yet. */
      for (guint i = 0; i < annotations->len; i++)
        data->moved |= anchor_in (data->sidecar, data->text, text_unchanged, annotations->pdata[i]);
      data->anchored = TRUE;
      gloss_sidecar_print_annotations (data->sidecar);
      /* The parser's tree is gone: its memory too. */
      gloss_memory_release ();
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

void
gloss_annotation_store_load_async (GlossAnnotationStore *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_annotation_store_load_async);
  g_task_set_name (task, "[gloss] load sidecar");

  if (!load_begin (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, load_data_new (self), (GDestroyNotify) load_data_free);
  gloss_task_run_in_background (task, load_thread);
}

gboolean
gloss_annotation_store_load_finish (GlossAnnotationStore  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  LoadData *data;
  GError *local_error = NULL;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  g_task_propagate_boolean (G_TASK (result), &local_error);

  /* Not a file: load_begin() has said so already. */
  if (data == NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* Cancelled: the store is left as load_begin() made it. */
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return load_end (self, data, local_error, error);
}

gboolean
gloss_annotation_store_start_fresh (GlossAnnotationStore  *self,
                                    GFile                **aside,
                                    GError               **error)
{
  g_autoptr(GFile) moved = NULL;
  GFile *broken;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);

  if (aside != NULL)
    *aside = NULL;

  if (self->writable)
    return TRUE;

  if (self->file == NULL)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND,
                   _("This article is not a file, so its annotations cannot be kept."));
      return FALSE;
    }

  /* Move the unreadable file aside; nothing is deleted.  One that lives in
   * a folder that cannot be written stays where it is: the new file lives
   * under the data folder and is read first from now on. */
  broken = self->broken ? self->broken : self->file;
  if (!(self->fallback && g_file_equal (broken, self->beside)) &&
      g_file_query_exists (broken, NULL))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      moved = gloss_sidecar_file_move_aside (broken, now, error);
      if (moved == NULL)
        return FALSE;
    }

  g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
  self->sidecar = gloss_sidecar_new ();
  remember_disk_sha256 (self, NULL);

  /* What the store still holds (read before the file broke) goes into the
   * new file. */
  for (guint i = 0; i < self->items->len; i++)
    gloss_annotation_store_mark_changed (self, gloss_annotation_get_id (self->items->pdata[i]));

  gloss_annotation_store_set_error (self, NULL, NULL);

  if (self->fallback && moved == NULL)
    {
      if (!gloss_annotation_store_write_now (self, NULL, error))
        return FALSE;
    }
  else if (self->items->len > 0)
    gloss_annotation_store_mark_changed (self, NULL);

  gloss_annotation_store_start_watching (self);

  if (aside != NULL)
    *aside = g_steal_pointer (&moved);

  return TRUE;
}
