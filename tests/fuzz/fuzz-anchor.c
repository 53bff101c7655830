/* fuzz-anchor.c: selectors made from a range, and anchoring, on any text
 *
 * Input: two 16-bit numbers (a range), then the article text, a NUL, and
 * a changed text (both made valid UTF-8).  The selectors made from the
 * range quote it, with its context; anchored in the same text they are
 * found exactly there, whether or not the text is known unchanged;
 * anchored in the changed text, and with selectors taken straight from the
 * input, they are found inside the text or orphaned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "gloss-anchor.h"
#include "gloss-error.h"

static void
check_result (GlossText               *text,
              const GlossAnchorResult *result)
{
  if (result->status == GLOSS_ANCHOR_ORPHANED)
    return;

  g_assert_cmpuint (result->start, <, result->end);
  g_assert_cmpuint (result->end, <=, gloss_text_get_length (text));
  g_assert_cmpfloat (result->score, >=, 0.0);
  g_assert_cmpfloat (result->score, <=, 1.0);
}

static GlossText *
text_from (const char *data,
           gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (data, len);

  return gloss_text_new (valid, -1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GlossText) text = NULL;
  g_autoptr(GlossText) changed = NULL;
  g_autoptr(GError) error = NULL;
  GlossSelectors selectors = { 0 };
  GlossSelectors raw = { 0 };
  GlossAnchorResult result;
  const char *body, *end, *nul;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  gsize length, start, stop;
  guint a, b;

  gloss_fuzz_set_up ();

  if (size < 4)
    return 0;

  a = data[0] | data[1] << 8;
  b = data[2] | data[3] << 8;
  body = (const char *) data + 4;
  end = (const char *) data + size;
  nul = memchr (body, '\0', end - body);

  text = text_from (body, (nul ? nul : end) - body);
  changed = nul ? text_from (nul + 1, end - nul - 1) : gloss_text_ref (text);
  length = gloss_text_get_length (text);

  /* Selectors taken straight from the input. */
  raw.exact = gloss_text_slice (changed, 0, 40);
  raw.prefix = gloss_text_slice (changed, 40, 60);
  raw.suffix = gloss_text_slice (changed, 60, 80);
  raw.start = (gint64) a - 100;
  raw.end = (gint64) b - 100;
  gloss_anchor (text, FALSE, &raw, &result);
  check_result (text, &result);
  gloss_anchor (text, TRUE, &raw, &result);
  check_result (text, &result);
  gloss_selectors_clear (&raw);

  if (length == 0)
    {
      g_assert_false (gloss_selectors_from_range (text, 0, 0, &selectors, &error));
      g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_OUT_OF_RANGE);
      return 0;
    }

  start = a % length;
  stop = start + 1 + b % (length - start);
  g_assert_true (gloss_selectors_from_range (text, start, stop, &selectors, &error));
  g_assert_no_error (error);

  /* The quote and its context. */
  quote = gloss_text_slice (text, start, stop);
  prefix = gloss_text_slice (text, start > GLOSS_SELECTOR_CONTEXT ? start - GLOSS_SELECTOR_CONTEXT : 0, start);
  suffix = gloss_text_slice (text, stop, stop + GLOSS_SELECTOR_CONTEXT);
  g_assert_cmpstr (selectors.exact, ==, quote);
  g_assert_cmpstr (selectors.prefix, ==, prefix);
  g_assert_cmpstr (selectors.suffix, ==, suffix);
  g_assert_cmpint (selectors.start, ==, start);
  g_assert_cmpint (selectors.end, ==, stop);

  /* Found again where it was. */
  gloss_anchor (text, TRUE, &selectors, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (result.start, ==, start);
  g_assert_cmpuint (result.end, ==, stop);

  gloss_anchor (text, FALSE, &selectors, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (result.start, ==, start);
  g_assert_cmpuint (result.end, ==, stop);

  /* Somewhere sensible, or nowhere, in the changed text. */
  gloss_anchor (changed, FALSE, &selectors, &result);
  check_result (changed, &result);

  gloss_selectors_clear (&selectors);

  return 0;
}
