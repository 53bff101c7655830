/* gloss-merge.c: two sets of annotations made one, per id
 *
 * See gloss-merge-private.h for the rules.  Only decisions are made here:
 * the store applies them to its own objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-merge"

#include "config.h"

#include "gloss-annotation-private.h"
#include "gloss-merge-private.h"

static GHashTable *
index_by_id (GPtrArray *annotations)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    g_hash_table_insert (table,
                         (gpointer) gloss_annotation_get_id (annotations->pdata[i]),
                         annotations->pdata[i]);

  return table;
}

static GHashTable *
new_deleted_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_date_time_unref);
}

/* Keeps the later of two deletions of the same id. */
static void
add_deletion (GHashTable *deleted,
              const char *id,
              GDateTime  *when)
{
  GDateTime *known = g_hash_table_lookup (deleted, id);

  if (known == NULL || g_date_time_compare (known, when) < 0)
    g_hash_table_replace (deleted, g_strdup (id), g_date_time_ref (when));
}

/* TRUE when a deletion at @deleted_at wins over an annotation last
 * modified at @modified: on a tie, the deletion. */
static gboolean
deletion_wins (GDateTime *deleted_at,
               GDateTime *modified)
{
  return deleted_at != NULL && g_date_time_compare (deleted_at, modified) >= 0;
}

static gboolean
changed_here (GHashTable *changed,
              const char *id)
{
  /* No common history: everything counts as ours. */
  return changed == NULL || g_hash_table_contains (changed, id);
}

gboolean
gloss_merge_same_annotation (GlossAnnotation *a,
                             GlossAnnotation *b)
{
  return gloss_selectors_equal (gloss_annotation_get_selectors (a), gloss_annotation_get_selectors (b)) &&
         g_strcmp0 (gloss_annotation_get_color (a), gloss_annotation_get_color (b)) == 0 &&
         g_strv_equal ((const char * const *) gloss_annotation_get_tags (a),
                       (const char * const *) gloss_annotation_get_tags (b)) &&
         g_strcmp0 (gloss_annotation_get_note (a), gloss_annotation_get_note (b)) == 0 &&
         g_date_time_equal (gloss_annotation_get_created (a), gloss_annotation_get_created (b)) &&
         g_date_time_equal (gloss_annotation_get_modified (a), gloss_annotation_get_modified (b));
}

GPtrArray *
gloss_merge_annotations (GPtrArray   *ours,
                         GHashTable  *ours_deleted,
                         GHashTable  *changed,
                         GPtrArray   *theirs,
                         GHashTable  *theirs_deleted,
                         GHashTable **deleted_out,
                         guint       *n_changes)
{
  g_autoptr(GHashTable) ours_by_id = index_by_id (ours);
  g_autoptr(GHashTable) theirs_by_id = index_by_id (theirs);
  g_autoptr(GHashTable) deleted = new_deleted_table ();
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;
  guint changes = 0;

  /* Their deletions all count; ours only when made here since the last
   * agreement (the others were in the file, and it no longer has them). */
  if (theirs_deleted != NULL)
    {
      g_hash_table_iter_init (&iter, theirs_deleted);
      while (g_hash_table_iter_next (&iter, &key, &value))
        add_deletion (deleted, key, value);
    }
  if (ours_deleted != NULL)
    {
      g_hash_table_iter_init (&iter, ours_deleted);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (changed_here (changed, key))
          add_deletion (deleted, key, value);
    }

  for (guint i = 0; theirs != NULL && i < theirs->len; i++)
    {
      GlossAnnotation *their = theirs->pdata[i];
      const char *id = gloss_annotation_get_id (their);
      GlossAnnotation *our = g_hash_table_lookup (ours_by_id, id);
      GlossAnnotation *pick;

      if (our != NULL)
        {
          /* Both hold it: theirs when we did not touch it, else the later. */
          if (!changed_here (changed, id) ||
              g_date_time_compare (gloss_annotation_get_modified (their),
                                   gloss_annotation_get_modified (our)) > 0)
            pick = their;
          else
            pick = our;
        }
      else if (!changed_here (changed, id))
        pick = their;   /* new over there */
      else if (deletion_wins (ours_deleted ? g_hash_table_lookup (ours_deleted, id) : NULL,
                              gloss_annotation_get_modified (their)))
        pick = NULL;    /* deleted here, after their last edit */
      else
        pick = their;   /* edited over there after we deleted it: kept */

      if (pick != NULL)
        g_ptr_array_add (result, g_object_ref (pick));
      if (pick == their && (our == NULL || !gloss_merge_same_annotation (our, their)))
        changes++;
    }

  for (guint i = 0; ours != NULL && i < ours->len; i++)
    {
      GlossAnnotation *our = ours->pdata[i];
      const char *id = gloss_annotation_get_id (our);

      if (g_hash_table_contains (theirs_by_id, id))
        continue;

      /* Gone from theirs: deleted there, unless we made or changed it
       * after that. */
      if (!changed_here (changed, id) ||
          deletion_wins (theirs_deleted ? g_hash_table_lookup (theirs_deleted, id) : NULL,
                         gloss_annotation_get_modified (our)))
        {
          changes++;
          continue;
        }

      g_ptr_array_add (result, g_object_ref (our));
    }

  /* What is kept is not deleted. */
  for (guint i = 0; i < result->len; i++)
    g_hash_table_remove (deleted, gloss_annotation_get_id (result->pdata[i]));

  if (deleted_out != NULL)
    *deleted_out = g_steal_pointer (&deleted);
  if (n_changes != NULL)
    *n_changes = changes;

  return result;
}
