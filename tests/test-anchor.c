/* test-anchor.c: selectors ⇄ offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-anchor.h"
#include "gloss-error.h"

static void
test_anchor_selectors (void)
{
  const char *s = "Once upon a time \xF0\x9F\xA6\x89 there was an owl who read every book in the library twice.";
  g_autoptr(GlossText) text = gloss_text_new (s, -1);
  g_autoptr(GError) error = NULL;
  GlossSelectors sel;
  gsize owl = 17;

  g_assert_true (gloss_selectors_from_range (text, owl, owl + 1, &sel, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sel.exact, ==, "\xF0\x9F\xA6\x89");
  g_assert_cmpstr (sel.prefix, ==, "Once upon a time ");
  g_assert_cmpstr (sel.suffix, ==, " there was an owl who read every");
  g_assert_cmpint (g_utf8_strlen (sel.suffix, -1), ==, GLOSS_SELECTOR_CONTEXT);
  g_assert_cmpint (sel.start, ==, 17);
  g_assert_cmpint (sel.end, ==, 18);
  gloss_selectors_clear (&sel);
  g_assert_null (sel.exact);
  g_assert_cmpint (sel.start, ==, -1);

  g_assert_true (gloss_selectors_from_range (text, 57, gloss_text_get_length (text), &sel, &error));
  g_assert_cmpstr (sel.prefix, ==, "was an owl who read every book i");
  g_assert_cmpstr (sel.exact, ==, "n the library twice.");
  g_assert_cmpstr (sel.suffix, ==, "");
  gloss_selectors_clear (&sel);
}

static void
test_anchor_out_of_range (void)
{
  g_autoptr(GlossText) text = gloss_text_new ("short", -1);
  GlossSelectors sel;
  const gsize ranges[][2] = { { 2, 2 }, { 3, 2 }, { 0, 6 }, { 6, 7 } };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (gloss_selectors_from_range (text, ranges[i][0], ranges[i][1], &sel, &error));
      g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_OUT_OF_RANGE);
      g_assert_null (sel.exact);
    }
  gloss_selectors_clear (NULL);
}

static void
test_anchor_status_strings (void)
{
  g_assert_cmpstr (gloss_anchor_status_to_string (GLOSS_ANCHOR_EXACT), ==, "exact");
  g_assert_cmpstr (gloss_anchor_status_to_string (GLOSS_ANCHOR_MOVED), ==, "moved");
  g_assert_cmpstr (gloss_anchor_status_to_string (GLOSS_ANCHOR_ORPHANED), ==, "orphaned");
}

static void
test_anchor_unchanged (void)
{
  const char *s = "The cat sat on the mat. The cat sat on the hat.";
  g_autoptr(GlossText) text = gloss_text_new (s, -1);
  GlossSelectors sel;
  GlossAnchorResult result;

  g_assert_true (gloss_selectors_from_range (text, 24, 35, &sel, NULL));
  g_assert_cmpstr (sel.exact, ==, "The cat sat");

  gloss_anchor (text, TRUE, &sel, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (result.start, ==, 24);
  g_assert_cmpuint (result.end, ==, 35);
  g_assert_cmpfloat (result.score, ==, 1.0);

  /* Same text, hash unknown: still exact. */
  gloss_anchor (text, FALSE, &sel, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (result.start, ==, 24);

  gloss_selectors_clear (&sel);
}

static void
test_anchor_moved (void)
{
  g_autoptr(GlossText) before = gloss_text_new ("The cat sat on the mat. The cat sat on the hat.", -1);
  g_autoptr(GlossText) after = gloss_text_new ("Intro \xC3\xA9\xF0\x9F\x98\x80. The cat sat on the mat. "
                                               "The cat sat on the hat.", -1);
  GlossSelectors sel;
  GlossAnchorResult result;

  /* The second "The cat sat": its context picks it, not the first. */
  g_assert_true (gloss_selectors_from_range (before, 24, 35, &sel, NULL));
  gloss_anchor (after, FALSE, &sel, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_MOVED);
  g_assert_cmpuint (result.start, ==, 24 + 10);
  g_assert_cmpuint (result.end, ==, 35 + 10);
  gloss_selectors_clear (&sel);

  /* The hash is stale but the position is wrong: searched, found. */
  g_assert_true (gloss_selectors_from_range (before, 0, 11, &sel, NULL));
  gloss_anchor (after, TRUE, &sel, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_MOVED);
  g_assert_cmpuint (result.start, ==, 10);
  gloss_selectors_clear (&sel);
}

static void
test_anchor_gone (void)
{
  g_autoptr(GlossText) before = gloss_text_new ("Alpha beta gamma. Delta epsilon zeta. Eta theta.", -1);
  g_autoptr(GlossText) after = gloss_text_new ("Alpha beta gamma. Eta theta.", -1);
  GlossSelectors sel;
  GlossAnchorResult result;

  g_assert_true (gloss_selectors_from_range (before, 18, 37, &sel, NULL));
  g_assert_cmpstr (sel.exact, ==, "Delta epsilon zeta.");
  gloss_anchor (after, FALSE, &sel, &result);
  g_assert_cmpint (result.status, ==, GLOSS_ANCHOR_ORPHANED);
  gloss_selectors_clear (&sel);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/anchor/selectors", test_anchor_selectors);
  g_test_add_func ("/anchor/out-of-range", test_anchor_out_of_range);
  g_test_add_func ("/anchor/status-strings", test_anchor_status_strings);
  g_test_add_func ("/anchor/unchanged", test_anchor_unchanged);
  g_test_add_func ("/anchor/moved", test_anchor_moved);
  g_test_add_func ("/anchor/gone", test_anchor_gone);

  return g_test_run ();
}
