/* gloss-anchor.h: selectors ⇄ text offsets
 *
 * An annotation remembers where it is with two W3C selectors: a
 * TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector
 * (start, end).  gloss_selectors_from_range() makes them from a range of
 * the article text; gloss_anchor() finds that range again, maybe in a
 * changed article.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gloss-text.h"

G_BEGIN_DECLS

/* Code points of context kept on each side of the quote. */
#define GLOSS_SELECTOR_CONTEXT 32

typedef enum
{
  GLOSS_ANCHOR_EXACT,     /* found where it was, unchanged */
  GLOSS_ANCHOR_MOVED,     /* found elsewhere or with small changes */
  GLOSS_ANCHOR_ORPHANED,  /* not found: kept, listed, never painted */
} GlossAnchorStatus;

typedef struct
{
  char   *exact;
  char   *prefix;
  char   *suffix;
  gint64  start;          /* code points; -1 when unknown */
  gint64  end;
} GlossSelectors;

typedef struct
{
  GlossAnchorStatus status;
  gsize             start;  /* valid unless orphaned */
  gsize             end;
  double            score;  /* 1.0 for an exact hit; lower for fuzzy ones */
} GlossAnchorResult;

/* Fills @out from [start, end) of @text; FALSE with GLOSS_ERROR_OUT_OF_RANGE
 * when the range is empty or outside the text. Free with
 * gloss_selectors_clear(). */
gboolean      gloss_selectors_from_range (GlossText            *text,
                                          gsize                 start,
                                          gsize                 end,
                                          GlossSelectors       *out,
                                          GError              **error);
void          gloss_selectors_clear      (GlossSelectors       *selectors);

/* Finds @selectors in @text. @text_unchanged says that the article's hash
 * is the one the selectors were made against (the O(1) path). */
void          gloss_anchor               (GlossText            *text,
                                          gboolean              text_unchanged,
                                          const GlossSelectors *selectors,
                                          GlossAnchorResult    *result);

const char   *gloss_anchor_status_to_string (GlossAnchorStatus status);

G_END_DECLS
