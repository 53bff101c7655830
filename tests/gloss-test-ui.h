/* gloss-test-ui.h: driving a real GlossWindow from a UI test
 *
 * Every wait spins the main context until a real event (a signal, a
 * JavaScript answer) and fails the test after a generous limit instead of
 * hanging.  Pages are inspected and selected from a script world of the
 * test's own, which shares the article's DOM but not the page script's
 * globals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-window.h"

G_BEGIN_DECLS

#define GLOSS_TEST_WORLD "gloss-test"

/* Sets the gboolean @flag points at; a GSourceFunc and a handler. */
gboolean         gloss_test_set_flag          (gpointer     flag);
/* Spins the main context until *@flag, or fails after @seconds. */
void             gloss_test_wait              (gboolean    *flag,
                                               guint        seconds,
                                               const char  *what);
/* Spins until the main context has nothing left to do right now. */
void             gloss_test_drain             (void);

/* Runs the function body @body in @world (NULL: the article's own world)
 * of @view's page, with the names of @arguments (an a{sv}, floating or
 * NULL) bound, and returns what it returns (awaiting a promise). */
JSCValue        *gloss_test_run_js            (GlossArticleView *view,
                                               const char       *world,
                                               const char       *body,
                                               GVariant         *arguments);
char            *gloss_test_run_js_string     (GlossArticleView *view,
                                               const char       *world,
                                               const char       *body);
double           gloss_test_run_js_number     (GlossArticleView *view,
                                               const char       *world,
                                               const char       *body);
/* Resolves after two animation frames: whatever the last change started
 * has been laid out and painted. */
void             gloss_test_settle            (GlossArticleView *view);

/* The page script counts the core's article text: the same length, and
 * the same characters (compared in full up to a few megabytes, else at
 * both ends). */
void             gloss_test_check_text        (GlossWindow      *window);

/* A presented window that opened @file: waits for "article-loaded" and
 * stores its verdict in @ok. */
GlossWindow     *gloss_test_open_window       (GFile            *file,
                                               guint             seconds,
                                               gboolean         *ok);
/* Waits until the view of @window (opened with gloss_test_open_window())
 * has painted @n highlights. */
void             gloss_test_wait_painted      (GlossWindow      *window,
                                               guint             n,
                                               guint             seconds);
/* Closes @window and waits until it is finalized. */
void             gloss_test_close_window      (GlossWindow      *window);

/* Selects the first occurrence of @needle in a single text node of the
 * page, from the test world, and waits for the view to report it; returns
 * the reported offsets. */
void             gloss_test_select            (GlossWindow      *window,
                                               const char       *needle,
                                               gsize            *start,
                                               gsize            *end);
/* Whether a highlight is painted over exactly @needle. */
gboolean         gloss_test_is_painted        (GlossWindow      *window,
                                               const char       *needle);
/* The whole path of a highlight: selects @needle, checks that the page's
 * offsets are those of the core's article text, highlights it with
 * win.highlight, checks that the page paints exactly @needle, and that the
 * sidecar on disk holds it with those offsets.  Returns the annotation
 * (owned by the store). */
GlossAnnotation *gloss_test_highlight         (GlossWindow      *window,
                                               const char       *needle);

G_END_DECLS
