/* gloss-content-filters.h: what an article's page may load
 *
 * The WebKitUserContentFilters of GlossArticleView: one that blocks every
 * scheme but file, data, blob and about ("remote"), and one per article
 * folder that blocks file:// URLs outside it ("folder").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

/* The rules (JSON, WebKit's content blocker format). */
char                    *gloss_content_filters_remote_rules (void);
/* The folder of @base_uri ("file:///a/b/" for "file:///a/b/c.html"), or
 * NULL when it is not a plain file URI. */
char                    *gloss_content_filters_folder_uri   (const char          *base_uri);
/* Blocks file:// URLs outside @folder_uri, and all of them when it is NULL. */
char                    *gloss_content_filters_folder_rules (const char          *folder_uri);

/* Fetches the compiled filter of @rules: compiled at most once per process,
 * and kept compiled in the user's cache folder, keyed by a hash of the
 * rules, so that a later run only loads it. */
void                     gloss_content_filters_get_async    (const char          *kind,
                                                             const char          *rules,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
WebKitUserContentFilter *gloss_content_filters_get_finish   (GAsyncResult        *result,
                                                             GError             **error);
/* The compiled filter when this process already has it, else NULL. */
WebKitUserContentFilter *gloss_content_filters_lookup       (const char          *kind,
                                                             const char          *rules);
/* The folder URI for an article file: what the folder filter lets load. */
char                    *gloss_content_filters_folder_uri_for_file (GFile *file);
/* Starts fetching (from the disk, in the background) the filters that
 * showing @article needs, or when NULL the remote one, so that they are
 * there by the time its page is loaded. */
void                     gloss_content_filters_prefetch     (GFile               *article);

G_END_DECLS
