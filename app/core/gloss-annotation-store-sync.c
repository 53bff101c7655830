/* gloss-annotation-store-sync.c: the store and its file, kept in step
 *
 * Watching: a monitor on the sidecar's folder.  When the sidecar changes
 * and its bytes are not the ones the store last read or wrote, it is read
 * again and merged (gloss-merge.c) with what changed here since; a save
 * that finds the file written by somebody else since it was read merges
 * the same way (gloss-annotation-store-save.c).  Sync tools' conflict
 * copies in the folder are offered for merging when they would add
 * something.  The article is watched too: when its bytes change,
 * "article-changed".
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

/* Outside changes come in bursts (a sync tool, git): let them settle. */
#define CHECK_DELAY_MS 100
#define CONFLICTS_DELAY_MS 500
#define ARTICLE_DELAY_MS 300

#define signals gloss_annotation_store_signals

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

/* What the file on disk is, as read (with its @stamp from before the
 * read, or NULL when unknown). */
static void
set_disk_sha256 (GlossAnnotationStore *self,
                 const char           *sha256,
                 const GlossFileStamp *stamp)
{
  g_mutex_lock (&self->write_lock);
  if (sha256 != self->disk_sha256)
    {
      g_free (self->disk_sha256);
      self->disk_sha256 = g_strdup (sha256);
    }
  if (stamp != NULL)
    self->disk_stamp = *stamp;
  else
    memset (&self->disk_stamp, 0, sizeof self->disk_stamp);
  g_mutex_unlock (&self->write_lock);
}

void
gloss_annotation_store_sync_disk (GlossAnnotationStore *self,
                                  gboolean              even_while_saving)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSidecar) theirs = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  GlossFileStamp stamp;
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

  /* The same file, unchanged since the store read or wrote it (after its
   * own saves, most often): not read again.  10,000 annotations are 12 MB
   * to read and hash on the main loop. */
  path = g_file_get_path (self->file);
  gloss_file_stamp_get (path, &stamp);
  g_mutex_lock (&self->write_lock);
  same = gloss_file_stamp_equal (&stamp, &self->disk_stamp);
  g_mutex_unlock (&self->write_lock);
  if (same)
    return;

  if (!gloss_annotation_store_read (self->file, &bytes, &mtime, NULL, &error))
    {
      /* Read again at the next change of the file. */
      set_disk_sha256 (self, "", NULL);
      gloss_annotation_store_set_error (self, self->file, error);
      return;
    }

  sha256 = bytes ? gloss_sidecar_file_hash (bytes) : NULL;

  g_mutex_lock (&self->write_lock);
  same = g_strcmp0 (sha256, self->disk_sha256) == 0;
  g_mutex_unlock (&self->write_lock);

  /* What the store wrote or read last, still. */
  if (same)
    {
      set_disk_sha256 (self, sha256, &stamp);
      return;
    }

  /* Gone (deleted, or moved away): as an empty file, so that what was
   * made here since is kept, and written again. */
  if (bytes == NULL)
    theirs = gloss_sidecar_new ();
  else if (!(theirs = gloss_sidecar_parse (bytes, mtime, &error)))
    {
      /* Never written over; the changes made here stay in memory. */
      set_disk_sha256 (self, sha256, &stamp);
      gloss_annotation_store_set_error (self, self->file, error);
      return;
    }

  merged = g_hash_table_size (self->changed) > 0;
  moved = merge_in (self, theirs, self->changed, &n_changes);
  set_disk_sha256 (self, sha256, &stamp);
  gloss_annotation_store_set_error (self, NULL, NULL);

  if (merged || moved)
    {
      g_autoptr(GBytes) now = gloss_annotation_store_serialize (self);

      /* What the merge made is what is there already. */
      if (bytes != NULL && g_bytes_equal (now, bytes))
        gloss_annotation_store_forget_changes (self, self->serial);
      else
        gloss_annotation_store_mark_changed (self, NULL);
    }
  else
    gloss_annotation_store_forget_changes (self, self->serial);

  g_debug ("%s changed on disk: %u annotations changed%s", g_file_peek_path (self->file),
           n_changes, merged ? ", merged with changes made here" : "");
  g_signal_emit (self, signals[GLOSS_STORE_SIGNAL_RELOADED], 0, merged);

  gloss_annotation_store_find_conflicts (self);
}

void
gloss_annotation_store_check_disk (GlossAnnotationStore *self)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));

  gloss_annotation_store_sync_disk (self, FALSE);
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
  gloss_annotation_store_sync_disk (self, FALSE);

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
