/* gloss-annotation-store.c: one article's annotations and their sidecar
 *
 * The list model, the edits, loading and the public API.  Saving, watching
 * the file for outside changes and merging them live in
 * gloss-annotation-store-sync.c; both share the state declared in
 * gloss-annotation-store-sync-private.h.
 *
 * Every change bumps a serial number and notes which annotation it
 * touched; the sync half saves soon after, and forgets the notes the save
 * covered.  A store whose sidecar cannot be read never writes until the
 * file reads again or the user starts fresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-store-sync-private.h"
#include "gloss-color.h"
#include "gloss-error.h"
#include "gloss-sidecar-file-private.h"

/* A temporary file this old was left by a save that never finished. */
#define STALE_TEMPORARY_AGE G_TIME_SPAN_HOUR

static void gloss_annotation_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlossAnnotationStore, gloss_annotation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      gloss_annotation_store_list_model_init))

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_WRITABLE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint gloss_annotation_store_signals[GLOSS_STORE_N_SIGNALS];

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

/* Changes */

void
gloss_annotation_store_mark_changed (GlossAnnotationStore *self,
                                     const char           *id)
{
  self->serial++;

  if (id != NULL)
    {
      guint64 *serial = g_new (guint64, 1);

      *serial = self->serial;
      g_hash_table_replace (self->changed, g_strdup (id), serial);
    }

  if (self->writable)
    gloss_annotation_store_schedule_save (self);
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
  gloss_annotation_store_mark_changed (self, gloss_annotation_get_id (annotation));
}

void
gloss_annotation_store_watch_item (GlossAnnotationStore *self,
                                   GlossAnnotation      *annotation)
{
  g_signal_connect_object (annotation, "notify::color", G_CALLBACK (on_annotation_notify), self, 0);
  g_signal_connect_object (annotation, "notify::tags", G_CALLBACK (on_annotation_notify), self, 0);
  g_signal_connect_object (annotation, "notify::note", G_CALLBACK (on_annotation_notify), self, 0);
}

void
gloss_annotation_store_unwatch_item (GlossAnnotationStore *self,
                                     GlossAnnotation      *annotation)
{
  g_signal_handlers_disconnect_by_func (annotation, on_annotation_notify, self);
}

void
gloss_annotation_store_sort (GlossAnnotationStore *self)
{
  g_ptr_array_sort (self->items, compare_annotations_ptr);
}

static void
clear_items (GlossAnnotationStore *self)
{
  g_autoptr(GPtrArray) old = self->items;
  guint n = old->len;

  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_remove_all (self->by_id);

  for (guint i = 0; i < n; i++)
    gloss_annotation_store_unwatch_item (self, old->pdata[i]);

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

void
gloss_annotation_store_set_error (GlossAnnotationStore *self,
                                  GFile                *broken,
                                  const GError         *error)
{
  if (error == NULL && self->error == NULL)
    {
      set_writable (self, TRUE);
      return;
    }

  g_clear_error (&self->error);
  g_clear_object (&self->broken);

  if (error != NULL)
    {
      self->error = g_error_copy (error);
      self->broken = broken ? g_object_ref (broken) : NULL;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_writable (self, error == NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_thaw_notify (G_OBJECT (self));
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

GBytes *
gloss_annotation_store_serialize (GlossAnnotationStore *self)
{
  stamp_sidecar (self);

  return gloss_sidecar_serialize (self->sidecar, self->items, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
}

/* GObject */

static void
gloss_annotation_store_dispose (GObject *object)
{
  GlossAnnotationStore *self = GLOSS_ANNOTATION_STORE (object);

  if (self->serial != self->saved_serial && self->writable)
    g_debug ("Disposing of a store with changes not saved: call save_sync() first");

  gloss_annotation_store_stop_watching (self);
  gloss_annotation_store_stop_saving (self);
  g_cancellable_cancel (self->cancellable);

  for (guint i = 0; i < self->items->len; i++)
    gloss_annotation_store_unwatch_item (self, self->items->pdata[i]);
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
  g_clear_object (&self->beside);
  g_clear_object (&self->broken);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->article_sha256, g_free);
  g_clear_pointer (&self->disk_sha256, g_free);
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

  /* Beside the article until load() finds its folder read-only. */
  article = gloss_document_get_file (self->document);
  if (article != NULL)
    self->beside = gloss_sidecar_file_beside (article);
  g_set_object (&self->file, self->beside);
  self->article_sha256 = g_strdup (gloss_document_get_sha256 (self->document));
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

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
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

  /* Set at construction; gloss_annotation_store_set_document() replaces
   * it with a newer version of the same article. */
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         GLOSS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* FALSE until a load succeeds, and while the sidecar cannot be read. */
  properties[PROP_WRITABLE] =
    g_param_spec_boolean ("writable", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Why the sidecar cannot be read (a GError), or NULL. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gloss_annotation_store_signals[GLOSS_STORE_SIGNAL_SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gloss_annotation_store_signals[GLOSS_STORE_SIGNAL_SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  gloss_annotation_store_signals[GLOSS_STORE_SIGNAL_RELOADED] =
    g_signal_new ("reloaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gloss_annotation_store_signals[GLOSS_STORE_SIGNAL_ARTICLE_CHANGED] =
    g_signal_new ("article-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gloss_annotation_store_signals[GLOSS_STORE_SIGNAL_CONFLICTS_CHANGED] =
    g_signal_new ("conflicts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gloss_annotation_store_init (GlossAnnotationStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->conflicts = g_ptr_array_new_with_free_func (g_object_unref);
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

gboolean
gloss_annotation_store_get_uses_fallback (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);

  return self->fallback;
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

const GError *
gloss_annotation_store_get_error (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  return self->error;
}

GFile *
gloss_annotation_store_get_broken_file (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  return self->error ? self->broken : NULL;
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

GPtrArray *
gloss_annotation_store_get_conflicts (GlossAnnotationStore *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  return self->conflicts;
}

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
gboolean
gloss_annotation_store_anchor_one (GlossAnnotationStore *self,
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

static void
remember_disk_bytes (GlossAnnotationStore *self,
                     GBytes               *bytes)
{
  g_mutex_lock (&self->write_lock);
  g_free (self->disk_sha256);
  self->disk_sha256 = bytes ? gloss_sidecar_file_hash (bytes) : NULL;
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

gboolean
gloss_annotation_store_load (GlossAnnotationStore *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  GError *local_error = NULL;
  GFile *source;
  GlossText *text;
  gboolean text_unchanged;
  gboolean moved = FALSE;
  GPtrArray *annotations;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  /* Loading again starts over: nothing half-saved from before. */
  gloss_annotation_store_stop_watching (self);
  gloss_annotation_store_stop_saving (self);
  clear_items (self);
  g_hash_table_remove_all (self->changed);
  set_writable (self, FALSE);

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

  source = self->file;
  if (!gloss_annotation_store_read (source, &bytes, &mtime, cancellable, &local_error))
    return load_failed (self, source, local_error, error);
  remember_disk_bytes (self, bytes);

  /* First time under the data folder: start from the sidecar beside the
   * article, if there is one. */
  if (bytes == NULL && self->fallback)
    {
      source = self->beside;
      if (!gloss_annotation_store_read (source, &bytes, &mtime, cancellable, &local_error))
        return load_failed (self, source, local_error, error);
    }

  if (bytes == NULL)
    sidecar = gloss_sidecar_new ();
  else if (!(sidecar = gloss_sidecar_parse (bytes, mtime, &local_error)))
    return load_failed (self, source, local_error, error);

  g_clear_pointer (&self->sidecar, gloss_sidecar_unref);
  self->sidecar = gloss_sidecar_ref (sidecar);

  text = gloss_document_get_text (self->document);
  text_unchanged = g_strcmp0 (gloss_sidecar_get_article_sha256 (sidecar),
                              gloss_document_get_sha256 (self->document)) == 0;

  annotations = gloss_sidecar_get_annotations (sidecar);
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];

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

/* Edits */

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
  const char *id;
  guint position;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GLOSS_IS_ANNOTATION (annotation));

  id = gloss_annotation_get_id (annotation);
  if (g_hash_table_contains (self->by_id, id))
    return;

  position = find_insert_position (self, annotation);
  g_ptr_array_insert (self->items, position, g_object_ref (annotation));
  g_hash_table_insert (self->by_id, (gpointer) id, annotation);
  gloss_annotation_store_watch_item (self, annotation);

  /* Back again (an undo): no longer deleted. */
  gloss_sidecar_set_deleted (self->sidecar, id, NULL);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  gloss_annotation_store_mark_changed (self, id);
}

void
gloss_annotation_store_remove (GlossAnnotationStore *self,
                               GlossAnnotation      *annotation)
{
  g_autoptr(GlossAnnotation) keep = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint position;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GLOSS_IS_ANNOTATION (annotation));

  if (!find_position (self, annotation, &position))
    return;

  keep = g_object_ref (annotation);
  gloss_annotation_store_unwatch_item (self, annotation);
  g_hash_table_remove (self->by_id, gloss_annotation_get_id (annotation));
  g_ptr_array_remove_index (self->items, position);

  /* Remembered, so that another copy of the file does not bring it back
   * (one that never reached the file leaves no trace). */
  if (gloss_sidecar_has_item (self->sidecar, gloss_annotation_get_id (annotation)))
    {
      now = gloss_annotation_now ();
      gloss_sidecar_set_deleted (self->sidecar, gloss_annotation_get_id (annotation), now);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  gloss_annotation_store_mark_changed (self, gloss_annotation_get_id (annotation));
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
  gloss_annotation_store_mark_changed (self, gloss_annotation_get_id (annotation));

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
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), FALSE);

  if (!self->writable || self->file == NULL)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   _("The annotations file of this article cannot be read, so Gloss does "
                     "not write it."));
      return FALSE;
    }

  return gloss_annotation_store_write_now (self, cancellable, error);
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
  remember_disk_bytes (self, NULL);

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

void
gloss_annotation_store_set_document (GlossAnnotationStore *self,
                                     GlossDocument        *document)
{
  GlossText *text;
  gboolean text_unchanged;
  gboolean moved = FALSE;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GLOSS_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  g_free (self->article_sha256);
  self->article_sha256 = g_strdup (gloss_document_get_sha256 (document));

  text = gloss_document_get_text (document);
  text_unchanged = g_strcmp0 (gloss_sidecar_get_article_sha256 (self->sidecar),
                              gloss_document_get_sha256 (document)) == 0;

  /* Found again in the new text (or orphaned), without touching their
   * modification times: nobody edited them. */
  for (guint i = 0; i < self->items->len; i++)
    moved |= gloss_annotation_store_anchor_one (self, text, text_unchanged, self->items->pdata[i]);
  gloss_annotation_store_sort (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);

  if (self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, self->items->len, self->items->len);

  if (moved)
    gloss_annotation_store_mark_changed (self, NULL);
}
