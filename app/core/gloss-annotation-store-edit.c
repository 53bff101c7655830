/* gloss-annotation-store-edit.c: a store's changes and edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-store-sync-private.h"
#include "gloss-color.h"
#include "gloss-error.h"

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
  static const char * const edited_properties[] = { "color", "tags", "note", NULL };
  g_autoptr(GDateTime) now = NULL;
  guint position;

  if (!g_strv_contains (edited_properties, pspec->name) ||
      !gloss_annotation_store_find_position (self, annotation, &position))
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
  /* One plain handler, not one per property and tied to the store: with
   * 10,000 annotations each closure costs a megabyte.  The store's
   * dispose unwatches every item. */
  g_signal_connect (annotation, "notify", G_CALLBACK (on_annotation_notify), self);
}

void
gloss_annotation_store_unwatch_item (GlossAnnotationStore *self,
                                     GlossAnnotation      *annotation)
{
  g_signal_handlers_disconnect_by_func (annotation, on_annotation_notify, self);
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

  position = gloss_annotation_store_find_insert_position (self, annotation);
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

  if (!gloss_annotation_store_find_position (self, annotation, &position))
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

  if (!gloss_annotation_store_find_position (self, annotation, &position))
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

  position = gloss_annotation_store_find_insert_position (self, annotation);
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
  g_autoptr(GPtrArray) all = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  char **tags;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const char * const *annotation_tags = gloss_annotation_get_tags (self->items->pdata[i]);

      for (guint j = 0; annotation_tags[j] != NULL; j++)
        g_ptr_array_add (all, (gpointer) annotation_tags[j]);
    }

  /* Each annotation's tags are kept normalised: what this drops is the
   * same tag on several annotations. */
  tags = gloss_annotation_normalize_tags ((const char * const *) all->pdata);
  qsort (tags, g_strv_length (tags), sizeof (char *), compare_tags);

  return tags;
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
