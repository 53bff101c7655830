/* gloss-anchor-private.h: anchoring internals, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-anchor.h"

G_BEGIN_DECLS

/* Edit distance (Levenshtein, over code points) of @a and @b with the
 * bit-parallel algorithm that anchoring uses; with @substring, of @a and
 * the substring of @b closest to it. */
guint gloss_anchor_edit_distance (const char *a,
                                  const char *b,
                                  gboolean    substring);

G_END_DECLS
