/* gloss-text-private.h: GlossText internals shared inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-text.h"

G_BEGIN_DECLS

/* Takes @utf8 (valid UTF-8 with a NUL at @len) without copying it. */
GlossText *gloss_text_new_take (char  *utf8,
                                gsize  len);

G_END_DECLS
