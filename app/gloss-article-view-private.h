/* gloss-article-view-private.h: what the files of GlossArticleView share
 *
 * gloss-article-view.c holds the widget, its properties and signals, the
 * selection, the style and the zoom; gloss-article-view-load.c loads an
 * article behind its content filters; gloss-article-view-page.c is the
 * bridge to the page script (calls into the page, painting the highlights,
 * the page's messages); gloss-article-view-web.c sets up the locked-down
 * WebKitWebView and decides what it may do (settings, network session,
 * navigation, context menu, permissions, load events).
 *
 * Tests include it too, for the network session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-article-view.h"
#include "gloss-file-stamp.h"

G_BEGIN_DECLS

struct _GlossArticleView
{
  GtkWidget                 parent_instance;

  WebKitWebView            *web_view;
  WebKitUserContentManager *content_manager;
  char                     *world_name;

  GlossDocument            *document;
  /* An HTML file loaded ahead of its document, which is read meanwhile
   * (see gloss_article_view_prepare()); its page's ready message waits
   * for the document. */
  GFile                    *early_file;
  gboolean                  ready_waits;
  double                    ready_length;
  /* The file before WebKit read it, while its page is the one loaded
   * ahead: unchanged once both have read it, both read the same. */
  GlossFileStamp            early_stamp;
  gboolean                  loaded_ahead;
  /* Cancelled by a new load and by dispose: covers the filters being
   * compiled for the load and every call into its page. */
  GCancellable             *page_cancellable;
  WebKitUserContentFilter  *folder_filter;
  gboolean                  base_filter_added;
  /* The URI of the load we started, allowed once by decide-policy; then
   * its commit, and only its commit, makes the page ours. */
  char                     *expected_uri;
  gboolean                  load_started;
  /* The article file, while the page is loaded from it rather than from
   * the document's bytes (see start_load(), gloss-article-view-load.c). */
  char                     *file_uri;
  gboolean                  committed;
  gboolean                  ready;
  /* Whether the article brings a style sheet of its own, which the
   * reading typography then leaves alone (see
   * gloss_article_view_update_style()). */
  gboolean                  own_style;
  /* Whether the highlights were sent to this page. */
  gboolean                  page_painted;

  GListModel               *annotations;
  /* The annotations of the model whose notify we listen to, in order. */
  GPtrArray                *watched;
  guint                     repaint_id;
  /* Painted since the page was last painted: id → the annotation, or
   * NULL when it is gone; or all of them anew. */
  GHashTable               *changed;
  gboolean                  repaint_all;

  gboolean                  has_selection;
  gsize                     selection_start;
  gsize                     selection_end;

  double                    zoom;
  gboolean                  dark;
};

/* gloss-article-view.c */
/* TRUE: the page of the load is ready (notifies "ready" and emits
 * ::ready); FALSE: it is gone (notifies "ready" if it was ready). */
void gloss_article_view_set_ready             (GlossArticleView   *self,
                                               gboolean            ready);
void gloss_article_view_set_selection         (GlossArticleView   *self,
                                               gboolean            has_selection,
                                               gsize               start,
                                               gsize               end,
                                               const GdkRectangle *rect);
void gloss_article_view_emit_painted          (GlossArticleView   *self,
                                               guint               n_highlights);
void gloss_article_view_emit_annotation_activated (GlossArticleView *self,
                                               const char         *id);
void gloss_article_view_emit_open_link        (GlossArticleView   *self,
                                               const char         *uri);
/* The page's style sheets and background, for the document and the
 * dark style. */
void gloss_article_view_update_style          (GlossArticleView   *self);

/* gloss-article-view-load.c */
/* The page read from the file is not the document: shows its bytes. */
void gloss_article_view_load_from_bytes       (GlossArticleView   *self);

/* gloss-article-view-page.c */
/* The page counts @length characters of text: ready, unless that is not
 * the document's text. */
void gloss_article_view_page_ready            (GlossArticleView   *self,
                                               double              length);
typedef void (*GlossArticleViewPageCallback) (GlossArticleView *self,
                                              JSCValue         *value);

/* Runs @body (a function body using the names in @arguments, an a{sv})
 * in the page script's world; @callback (if any) gets its answer. */
void gloss_article_view_page_call             (GlossArticleView   *self,
                                               const char         *what,
                                               const char         *body,
                                               GVariant           *arguments,
                                               GlossArticleViewPageCallback callback);
/* Creates the user content manager with the page script and its message
 * handler, in the view's script world. */
void gloss_article_view_init_page             (GlossArticleView   *self);
/* Stops listening to the page script. */
void gloss_article_view_dispose_page          (GlossArticleView   *self);

/* gloss-article-view-web.c */
/* Creates the locked-down web view, a child of @self, and follows it. */
void gloss_article_view_init_web_view         (GlossArticleView   *self);
/* The ephemeral network session every article view uses.  Its proxy is a
 * closed port; a test may point it at a local server to count anything
 * that would have left the machine. */
WebKitNetworkSession *gloss_article_view_get_network_session (void);

G_END_DECLS
