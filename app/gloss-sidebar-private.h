/* gloss-sidebar-private.h: what the files of GlossSidebar share
 *
 * gloss-sidebar.c holds the list, the editor and the selection;
 * gloss-sidebar-filter.c filters the list by text and by tag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-editor.h"
#include "gloss-list-reveal.h"
#include "gloss-sidebar.h"

G_BEGIN_DECLS

struct _GlossSidebar
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkWidget            *box;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *tag_dropdown;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  GtkRevealer          *editor_revealer;
  GlossAnnotationEditor *editor;
  GtkExpander          *orphan_expander;
  GtkLabel             *orphan_label;
  GtkListBox           *orphan_list;

  /* State */
  GlossAnnotationStore *store;
  GtkFilterListModel   *anchored_model;
  GtkFilterListModel   *orphan_model;
  GtkFilterListModel   *filter_model;
  GlossListReveal      *reveal;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  GtkStringList        *tag_list;
  GlossAnnotation      *editing;
  char                 *filter_text;
  char                 *filter_tag;
  guint                 scroll_tick_id;
  int                   scroll_frames;
  guint                 quiet : 1;
};

/* gloss-sidebar.c */
/* The list (also while there is no store), "no match" or "empty", and
 * the orphans' section. */
void     gloss_sidebar_update_list_page  (GlossSidebar *self);

/* gloss-sidebar-filter.c: GtkCustomFilter functions */
gboolean gloss_sidebar_is_orphaned       (gpointer      item,
                                          gpointer      user_data);
gboolean gloss_sidebar_is_anchored       (gpointer      item,
                                          gpointer      user_data);
/* By self->filter_text and self->filter_tag; @user_data is the sidebar. */
gboolean gloss_sidebar_matches           (gpointer      item,
                                          gpointer      user_data);
/* The tag filter and the tag completion both list this article's tags. */
void     gloss_sidebar_update_tags       (GlossSidebar *self);
/* The template's callbacks. */
void     gloss_sidebar_on_search_changed (GlossSidebar *self);
void     gloss_sidebar_on_tag_selected   (GlossSidebar *self);

G_END_DECLS
