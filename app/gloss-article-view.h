/* gloss-article-view.h: the web view that shows one article, and its bridge
 *
 * GlossArticleView wraps a WebKitWebView locked down for untrusted articles
 * (no page JavaScript, no network, no navigation away) and talks to the page
 * script ui/gloss-page.js, which runs in an isolated script world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "gloss-document.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ARTICLE_VIEW (gloss_article_view_get_type ())

G_DECLARE_FINAL_TYPE (GlossArticleView, gloss_article_view, GLOSS, ARTICLE_VIEW, GtkWidget)

GtkWidget     *gloss_article_view_new                (void);

/* Starts the network process every article view shares (GTK need not be
 * up yet). */
void           gloss_article_view_start_network_process (void);
/* Starts the web process of the next article view (once GTK is up). */
void           gloss_article_view_start_web_process  (void);

/* Starts what showing the article @file needs (the content filters of its
 * folder), to call while its document is read.  An HTML file is loaded
 * from disk at once; TRUE then: the view has something to show. */
gboolean       gloss_article_view_prepare            (GlossArticleView *self,
                                                      GFile            *file);
/* The article could not be read: stops what prepare() loaded. */
void           gloss_article_view_stop               (GlossArticleView *self);
/* Shows @document; "ready" is emitted once the page script runs in it. */
void           gloss_article_view_load_document      (GlossArticleView *self,
                                                      GlossDocument    *document);
/* A GListModel of GlossAnnotation: every anchored one is painted, and the
 * view repaints (in one call to the page) whenever the model or an
 * annotation's colour or position changes. NULL to paint nothing. */
void           gloss_article_view_set_annotations    (GlossArticleView *self,
                                                      GListModel       *annotations);
/* Scrolls the annotation with @id into view and flashes it. */
void           gloss_article_view_reveal             (GlossArticleView *self,
                                                      const char       *id);
/* The current selection in article-text offsets; FALSE when none. */
gboolean       gloss_article_view_get_selection      (GlossArticleView *self,
                                                      gsize            *start,
                                                      gsize            *end);
void           gloss_article_view_clear_selection    (GlossArticleView *self);

void           gloss_article_view_zoom_in            (GlossArticleView *self);
void           gloss_article_view_zoom_out           (GlossArticleView *self);
void           gloss_article_view_zoom_reset         (GlossArticleView *self);
double         gloss_article_view_get_zoom           (GlossArticleView *self);
void           gloss_article_view_set_zoom           (GlossArticleView *self,
                                                      double            zoom);

gboolean       gloss_article_view_get_ready          (GlossArticleView *self);
WebKitWebView *gloss_article_view_get_web_view       (GlossArticleView *self);
/* The name of the isolated script world the page script runs in. */
const char    *gloss_article_view_get_world_name     (GlossArticleView *self);

/* Signals:
 *   "ready"                (void)   the page script runs in the new article
 *   "painted"              (guint n_highlights) a repaint is on screen: the
 *                          page has rendered a frame with it and every
 *                          earlier one (answers keep their order).  A
 *                          hidden page answers at once, one that renders
 *                          no frame within a second then
 *   "selection-changed"    (gboolean has_selection, guint64 start,
 *                           guint64 end, GdkRectangle *rect)
 *                          @rect: the selection's box in widget coordinates
 *   "annotation-activated" (const char *id) the user clicked a highlight
 *   "open-link"            (const char *uri) the user clicked an outside
 *                          link; the view never follows it itself
 */

G_END_DECLS
