/* gloss-article-view-private.h: for tests of the article view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-article-view.h"

G_BEGIN_DECLS

/* The ephemeral network session every article view uses.  Its proxy is a
 * closed port; a test may point it at a local server to count anything
 * that would have left the machine. */
WebKitNetworkSession *gloss_article_view_get_network_session (void);

G_END_DECLS
