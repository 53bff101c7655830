/* gloss-window-private.h: what the files of GlossWindow share
 *
 * gloss-window.c holds the window, its actions and the article view;
 * gloss-window-annotate.c turns selections into highlights and wires the
 * article and the sidebar together; gloss-window-store.c holds what the window does about the annotations
 * file (the store's events, the banner, Start Fresh, Merge, reloading the
 * article when it changes on disk).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-store-status.h"
#include "gloss-window.h"

G_BEGIN_DECLS

struct _GlossWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GtkRevealer          *problem_revealer;
  GtkLabel             *problem_label;
  GtkButton            *problem_button;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  GtkPaned             *paned;
  GlossArticleView     *article_view;
  GlossSidebar         *sidebar;

  /* State */
  GSettings            *settings;
  GFile                *file;
  GlossDocument        *document;
  GlossAnnotationStore *store;
  GCancellable         *cancellable;
  guint                 spinner_id;     /* starts the spinner of a slow open */
  GtkPopover           *selection_popover;
  GtkLabel             *zoom_label;
  char                 *problem;
  GError               *save_error;     /* the last save's failure, until one succeeds */
  gboolean              discard_changes; /* closing although they cannot be saved */
  gboolean              sidebar_visible;
  gboolean              has_selection;
  gboolean              view_ready;     /* the article's page is ready */
  GAsyncResult         *store_result;   /* a store read, waiting for the page */
};

void gloss_window_toast                       (GlossWindow          *self,
                                               const char           *message);
void gloss_window_update_actions              (GlossWindow          *self);
void gloss_window_set_sidebar_visible         (GlossWindow          *self,
                                               gboolean              visible);

/* gloss-window-annotate.c */
void gloss_window_class_install_annotate_actions (GtkWidgetClass    *widget_class);
void gloss_window_connect_annotate_signals    (GlossWindow          *self);

/* gloss-window-store.c */
void gloss_window_class_install_store_actions (GtkWidgetClass       *widget_class);
/* Shows @store's annotations (NULL: none) and follows its events. */
void gloss_window_set_store                   (GlossWindow          *self,
                                               GlossAnnotationStore *store);
/* Opens the annotations file of self->document, reading it in a worker
 * thread; the window shows the store once it is loaded. */
void gloss_window_load_store                  (GlossWindow          *self);
/* Takes in the store read by load_store(), if it is there. */
void gloss_window_take_store                  (GlossWindow          *self);
/* Once the page is ready: takes in the store read meanwhile, then emits
 * "article-loaded" (TRUE) when both are there. */
void gloss_window_article_loaded              (GlossWindow          *self);
/* What the banner says about the annotations file, after any change. */
void gloss_window_update_banner               (GlossWindow          *self);

G_END_DECLS
