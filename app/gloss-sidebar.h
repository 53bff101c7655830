/* gloss-sidebar.h: the list of one article's annotations, and their editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_SIDEBAR (gloss_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (GlossSidebar, gloss_sidebar, GLOSS, SIDEBAR, GtkWidget)

GtkWidget       *gloss_sidebar_new          (void);
void             gloss_sidebar_set_store    (GlossSidebar         *self,
                                             GlossAnnotationStore *store);
/* Selects the row of @id (clearing filters that hide it) without emitting
 * "annotation-selected". */
void             gloss_sidebar_select       (GlossSidebar         *self,
                                             const char           *id);
GlossAnnotation *gloss_sidebar_get_selected (GlossSidebar         *self);
void             gloss_sidebar_focus_tags   (GlossSidebar         *self);
void             gloss_sidebar_focus_note   (GlossSidebar         *self);
void             gloss_sidebar_focus_filter (GlossSidebar         *self);
/* The number of rows the filters let through. */
guint            gloss_sidebar_get_n_shown  (GlossSidebar         *self);
/* How many of them the list holds yet: a new store's are listed a few at
 * a time at first (see gloss-sidebar.c). */
guint            gloss_sidebar_get_n_listed (GlossSidebar         *self);
void             gloss_sidebar_set_filter   (GlossSidebar         *self,
                                             const char           *text,
                                             const char           *tag);

/* Signals:
 *   "annotation-selected" (GlossAnnotation *) the user picked a row
 *   "delete-requested"    (GlossAnnotation *) Delete on the selected row
 *   "reattach-requested"  (GlossAnnotation *) pin the selected orphan to
 *                                             the article's selection
 */

G_END_DECLS
