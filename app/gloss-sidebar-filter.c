/* gloss-sidebar-filter.c: the sidebar's list filtered by text and by tag
 *
 * The search entry filters on the quote, the note and the tags, without
 * regard to case; the drop-down on one of this article's tags.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidebar"

#include "config.h"

#include <string.h>

#include "gloss-sidebar-private.h"

static gboolean
contains_casefolded (const char *haystack,
                     const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL || haystack[0] == '\0')
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

gboolean
gloss_sidebar_is_orphaned (gpointer item,
                           gpointer user_data)
{
  return gloss_annotation_get_status (item) == GLOSS_ANCHOR_ORPHANED;
}

gboolean
gloss_sidebar_is_anchored (gpointer item,
                           gpointer user_data)
{
  return !gloss_sidebar_is_orphaned (item, user_data);
}

gboolean
gloss_sidebar_matches (gpointer item,
                       gpointer user_data)
{
  GlossSidebar *self = user_data;
  GlossAnnotation *annotation = item;
  const char * const *tags = gloss_annotation_get_tags (annotation);

  if (self->filter_tag && !gloss_annotation_has_tag (annotation, self->filter_tag))
    return FALSE;

  if (self->filter_text == NULL)
    return TRUE;

  if (contains_casefolded (gloss_annotation_get_quote (annotation), self->filter_text) ||
      contains_casefolded (gloss_annotation_get_note (annotation), self->filter_text))
    return TRUE;

  for (guint i = 0; tags[i]; i++)
    if (contains_casefolded (tags[i], self->filter_text))
      return TRUE;

  return FALSE;
}

static void
refilter (GlossSidebar *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gloss_sidebar_update_list_page (self);
}

void
gloss_sidebar_update_tags (GlossSidebar *self)
{
  g_auto(GStrv) tags = NULL;
  guint selected = 0;

  if (self->store)
    tags = gloss_annotation_store_dup_tags (self->store);

  self->quiet = TRUE;
  gtk_string_list_splice (self->tag_list, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->tag_list)) - 1,
                          (const char * const *) tags);
  gloss_annotation_editor_set_known_tags (self->editor, (const char * const *) tags);

  for (guint i = 0; tags && tags[i]; i++)
    {
      if (self->filter_tag && g_str_equal (self->filter_tag, tags[i]))
        selected = i + 1;
    }

  /* The tag filtered on is gone: show everything again. */
  if (self->filter_tag && selected == 0)
    g_clear_pointer (&self->filter_tag, g_free);

  gtk_drop_down_set_selected (self->tag_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_dropdown), tags && tags[0]);
  self->quiet = FALSE;
}

void
gloss_sidebar_on_search_changed (GlossSidebar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->filter_text, g_free);
  if (text[0] != '\0')
    self->filter_text = g_utf8_casefold (text, -1);
  refilter (self);
}

void
gloss_sidebar_on_tag_selected (GlossSidebar *self)
{
  guint selected = gtk_drop_down_get_selected (self->tag_dropdown);

  if (self->quiet)
    return;

  g_clear_pointer (&self->filter_tag, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    self->filter_tag = g_strdup (gtk_string_list_get_string (self->tag_list, selected));
  refilter (self);
}

void
gloss_sidebar_set_filter (GlossSidebar *self,
                          const char   *text,
                          const char   *tag)
{
  g_return_if_fail (GLOSS_IS_SIDEBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  gloss_sidebar_on_search_changed (self);

  g_clear_pointer (&self->filter_tag, g_free);
  self->filter_tag = g_strdup (tag && tag[0] ? tag : NULL);
  gloss_sidebar_update_tags (self);
  refilter (self);
}
