/* gloss-window.h: one article, its annotations and the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gloss-annotation-store.h"
#include "gloss-article-view.h"
#include "gloss-sidebar.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_WINDOW (gloss_window_get_type ())

G_DECLARE_FINAL_TYPE (GlossWindow, gloss_window, GLOSS, WINDOW, AdwApplicationWindow)

GlossWindow          *gloss_window_new              (GtkApplication *application);
/* Reads @file in a worker thread and shows it; the window says so when it
 * cannot. */
void                  gloss_window_open             (GlossWindow    *self,
                                                     GFile          *file);
/* The article shown (or being opened), or NULL. */
GFile                *gloss_window_get_file         (GlossWindow    *self);
GlossDocument        *gloss_window_get_document     (GlossWindow    *self);
GlossAnnotationStore *gloss_window_get_store        (GlossWindow    *self);
GlossArticleView     *gloss_window_get_article_view (GlossWindow    *self);
GlossSidebar         *gloss_window_get_sidebar      (GlossWindow    *self);
/* The message shown when opening failed or the sidecar is unreadable. */
const char           *gloss_window_get_problem      (GlossWindow    *self);

/* Signals:
 *   "article-loaded" (gboolean ok) the article is shown with its
 *                    annotations (ok) or an error page is (!ok)
 */

G_END_DECLS
