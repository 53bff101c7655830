/* gloss-selectors-private.h: the selectors as values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-anchor.h"

G_BEGIN_DECLS

/* Copies @src into @dest (fields of @dest are overwritten, not freed). */
void     gloss_selectors_copy_into   (GlossSelectors       *dest,
                                      const GlossSelectors *src);
gboolean gloss_selectors_equal       (const GlossSelectors *a,
                                      const GlossSelectors *b);
/* Like gloss_selectors_clear(), without the anchoring code. */
void     gloss_selectors_free_fields (GlossSelectors       *selectors);

G_END_DECLS
