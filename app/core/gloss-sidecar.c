/* gloss-sidecar.c: the ARTICLE.EXT.annotations.json file, in and out
 *
 * The collection as read: its ids, the article's, the annotations, the
 * items kept as they were and what was deleted.  Reading is in
 * gloss-sidecar-read.c, writing in gloss-sidecar-write.c, one annotation
 * read in gloss-sidecar-item.c and written in gloss-sidecar-item-write.c,
 * the JSON helpers and the printer in gloss-sidecar-json.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-sidecar-private.h"

G_DEFINE_BOXED_TYPE (GlossSidecar, gloss_sidecar, gloss_sidecar_ref, gloss_sidecar_unref)

/* A deletion is remembered this long, so that an old copy of the file
 * (a backup, a sync, a conflict copy) does not bring the highlight back. */
#define DELETED_KEEP_DAYS 180

void
gloss_sidecar_slot_clear (gpointer data)
{
  GlossSidecarSlot *slot = data;

  g_clear_pointer (&slot->id, g_free);
  g_clear_pointer (&slot->verbatim, json_node_unref);
}

char *
gloss_sidecar_mint_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("urn:uuid:", uuid, NULL);
}

GlossSidecar *
gloss_sidecar_alloc (void)
{
  GlossSidecar *self = g_new0 (GlossSidecar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  self->slots = g_array_new (FALSE, TRUE, sizeof (GlossSidecarSlot));
  g_array_set_clear_func (self->slots, gloss_sidecar_slot_clear);
  self->problems = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_date_time_unref);
  self->deleted_verbatim = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->printed = g_hash_table_new_full (gloss_sidecar_id_hash, g_str_equal, g_free,
                                         gloss_sidecar_printed_free);

  return self;
}

guint
gloss_sidecar_id_hash (gconstpointer id)
{
  const char *end = (const char *) id + strlen (id);
  const char *p = end - MIN (end - (const char *) id, 16);
  guint hash = 5381;

  for (; p < end; p++)
    hash = hash * 33 + (guchar) *p;

  return hash;
}

void
gloss_sidecar_printed_free (gpointer data)
{
  GlossSidecarPrinted *printed = data;

  g_free (printed->article_id);
  g_clear_pointer (&printed->text, g_ref_string_release);
  g_free (printed);
}

GlossSidecar *
gloss_sidecar_new (void)
{
  GlossSidecar *self = gloss_sidecar_alloc ();

  self->id = gloss_sidecar_mint_id ();
  self->page_id = gloss_sidecar_mint_id ();
  self->article_id = gloss_sidecar_mint_id ();

  return self;
}

GlossSidecar *
gloss_sidecar_ref (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
gloss_sidecar_unref (GlossSidecar *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->root, json_object_unref);
  g_clear_pointer (&self->page, json_object_unref);
  g_clear_pointer (&self->article, json_object_unref);
  g_free (self->id);
  g_free (self->page_id);
  g_free (self->label);
  g_free (self->article_id);
  g_free (self->article_name);
  g_free (self->article_sha256);
  g_ptr_array_unref (self->annotations);
  g_array_unref (self->slots);
  g_ptr_array_unref (self->problems);
  g_hash_table_unref (self->deleted);
  g_ptr_array_unref (self->deleted_verbatim);
  g_hash_table_unref (self->printed);
  g_free (self);
}

const char *
gloss_sidecar_get_id (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
gloss_sidecar_get_label (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

void
gloss_sidecar_set_label (GlossSidecar *self,
                         const char   *label)
{
  g_return_if_fail (self != NULL);

  if (label != self->label)
    {
      g_free (self->label);
      self->label = g_strdup (label);
    }
}

const char *
gloss_sidecar_get_article_id (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article_id;
}

const char *
gloss_sidecar_get_article_name (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article_name;
}

const char *
gloss_sidecar_get_article_sha256 (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article_sha256;
}

void
gloss_sidecar_set_article (GlossSidecar *self,
                           const char   *name,
                           const char   *sha256)
{
  char *tmp;

  g_return_if_fail (self != NULL);

  tmp = g_strdup (name);
  g_free (self->article_name);
  self->article_name = tmp;

  tmp = g_strdup (sha256);
  g_free (self->article_sha256);
  self->article_sha256 = tmp;
}

GPtrArray *
gloss_sidecar_get_annotations (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->annotations;
}

guint
gloss_sidecar_get_n_unreadable (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->problems->len;
}

const char * const *
gloss_sidecar_get_problems (GlossSidecar *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (self != NULL, NULL);

  /* An empty array may have no storage yet. */
  if (self->problems->pdata == NULL)
    return none;

  return (const char * const *) self->problems->pdata;
}

GHashTable *
gloss_sidecar_get_deleted (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->deleted;
}

/* Drops what was deleted long before @now. */
static void
prune_deleted (GlossSidecar *self,
               GDateTime    *now)
{
  g_autoptr(GDateTime) limit = g_date_time_add_days (now, -DELETED_KEEP_DAYS);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->deleted);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_date_time_compare (value, limit) < 0)
      g_hash_table_iter_remove (&iter);
}

void
gloss_sidecar_set_deleted (GlossSidecar *self,
                           const char   *id,
                           GDateTime    *when)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  if (when == NULL)
    {
      g_hash_table_remove (self->deleted, id);
      return;
    }

  prune_deleted (self, when);
  g_hash_table_replace (self->deleted, g_strdup (id), g_date_time_to_utc (when));
}

void
gloss_sidecar_replace_deleted (GlossSidecar *self,
                               GHashTable   *deleted)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->deleted);
  if (deleted == NULL)
    return;

  g_hash_table_iter_init (&iter, deleted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->deleted, g_strdup (key), g_date_time_ref (value));
}

gboolean
gloss_sidecar_has_item (GlossSidecar *self,
                        const char   *id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < self->slots->len; i++)
    if (g_strcmp0 (g_array_index (self->slots, GlossSidecarSlot, i).id, id) == 0)
      return TRUE;

  return FALSE;
}

void
gloss_sidecar_adopt_unreadable (GlossSidecar *self,
                                GlossSidecar *other)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  for (guint i = 0; i < other->slots->len; i++)
    {
      GlossSidecarSlot *slot = &g_array_index (other->slots, GlossSidecarSlot, i);
      gboolean known = FALSE;
      GlossSidecarSlot copy = { NULL, NULL };

      if (slot->verbatim == NULL)
        continue;

      for (guint j = 0; j < self->slots->len && !known; j++)
        {
          GlossSidecarSlot *mine = &g_array_index (self->slots, GlossSidecarSlot, j);

          known = mine->verbatim != NULL && json_node_equal (mine->verbatim, slot->verbatim);
        }
      if (known)
        continue;

      copy.verbatim = json_node_copy (slot->verbatim);
      g_array_append_val (self->slots, copy);
      g_ptr_array_add (self->problems,
                       g_strdup_printf (_("Highlight %u in the annotations file cannot be "
                                          "read; it is kept as it is."),
                                        self->slots->len));
    }
}
