/* gloss-test-catcher.h: a local HTTP server that counts what reaches it
 *
 * A SoupServer on 127.0.0.1 that answers every request with a small reply
 * and records it.  While it runs, the article views' network session uses
 * it as its proxy, so any request for any host that got past the content
 * filters lands here and is counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

typedef struct _GlossTestCatcher GlossTestCatcher;

/* Starts the server and points the article views' proxy at it. */
GlossTestCatcher           *gloss_test_catcher_new          (void);
/* Stops the server and points the proxy back at a closed port. */
void                        gloss_test_catcher_free         (GlossTestCatcher *self);
/* "http://127.0.0.1:PORT/" */
const char                 *gloss_test_catcher_get_uri      (GlossTestCatcher *self);
guint                       gloss_test_catcher_get_n_requests (GlossTestCatcher *self);
/* Every request so far, as "METHOD URI". */
GPtrArray                  *gloss_test_catcher_get_requests (GlossTestCatcher *self);
/* Whether a request's path started with @path_prefix ("/control/"). */
gboolean                    gloss_test_catcher_was_asked    (GlossTestCatcher *self,
                                                             const char       *path_prefix);
/* Proxy settings that send another network session's requests here. */
WebKitNetworkProxySettings *gloss_test_catcher_new_proxy    (GlossTestCatcher *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossTestCatcher, gloss_test_catcher_free)

G_END_DECLS
