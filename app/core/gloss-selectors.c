/* gloss-selectors.c: the selectors and the anchor status, as values
 *
 * Copying, comparing and freeing the selectors an annotation holds, and
 * the GType of its status: kept apart from the anchoring code, so that an
 * annotation does not need it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation"

#include "config.h"

#include "gloss-annotation.h"
#include "gloss-selectors-private.h"

GType
gloss_anchor_status_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { GLOSS_ANCHOR_EXACT, "GLOSS_ANCHOR_EXACT", "exact" },
        { GLOSS_ANCHOR_MOVED, "GLOSS_ANCHOR_MOVED", "moved" },
        { GLOSS_ANCHOR_ORPHANED, "GLOSS_ANCHOR_ORPHANED", "orphaned" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("GlossAnchorStatus"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

void
gloss_selectors_copy_into (GlossSelectors       *dest,
                           const GlossSelectors *src)
{
  dest->exact = g_strdup (src->exact);
  dest->prefix = g_strdup (src->prefix);
  dest->suffix = g_strdup (src->suffix);
  dest->start = src->start;
  dest->end = src->end;
}

gboolean
gloss_selectors_equal (const GlossSelectors *a,
                       const GlossSelectors *b)
{
  return g_strcmp0 (a->exact, b->exact) == 0 &&
         g_strcmp0 (a->prefix, b->prefix) == 0 &&
         g_strcmp0 (a->suffix, b->suffix) == 0 &&
         a->start == b->start &&
         a->end == b->end;
}

/* Like gloss_selectors_clear(), kept here so that an annotation does not
 * need the anchoring code to be freed. */
void
gloss_selectors_free_fields (GlossSelectors *selectors)
{
  g_clear_pointer (&selectors->exact, g_free);
  g_clear_pointer (&selectors->prefix, g_free);
  g_clear_pointer (&selectors->suffix, g_free);
  selectors->start = -1;
  selectors->end = -1;
}
