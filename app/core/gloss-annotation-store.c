/* gloss-annotation-store.c: one article's annotations and their sidecar
 *
 * The class, the list model and its order, and the public API.  Changes
 * and edits live in gloss-annotation-store-edit.c; reading the sidecar,
 * loading and anchoring in gloss-annotation-store-load.c; saving, watching
 * the file for outside changes and merging them in
 * gloss-annotation-store-sync.c.  All share the state declared in
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

#include "gloss-annotation-store-sync-private.h"
#include "gloss-sidecar-file-private.h"

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

guint
gloss_annotation_store_find_insert_position (GlossAnnotationStore *self,
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

gboolean
gloss_annotation_store_find_position (GlossAnnotationStore *self,
                                      GlossAnnotation      *annotation,
                                      guint                *position)
{
  return g_ptr_array_find (self->items, annotation, position);
}

void
gloss_annotation_store_sort (GlossAnnotationStore *self)
{
  g_ptr_array_sort (self->items, compare_annotations_ptr);
}

void
gloss_annotation_store_clear_items (GlossAnnotationStore *self)
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

void
gloss_annotation_store_set_writable (GlossAnnotationStore *self,
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
      gloss_annotation_store_set_writable (self, TRUE);
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
  gloss_annotation_store_set_writable (self, error == NULL);
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

GlossSidecarOutput *
gloss_annotation_store_prepare_output (GlossAnnotationStore *self)
{
  stamp_sidecar (self);

  return gloss_sidecar_prepare (self->sidecar, self->items, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
}

GBytes *
gloss_annotation_store_serialize (GlossAnnotationStore *self)
{
  return gloss_sidecar_output_finish (gloss_annotation_store_prepare_output (self));
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
