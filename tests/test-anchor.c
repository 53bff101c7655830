/* test-anchor.c: selectors ⇄ offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-anchor-private.h"
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


/* The bit-parallel edit distance against the textbook dynamic program, on
 * random strings over a small alphabet (so there are many near matches),
 * with patterns of one, two and three 64-bit blocks. */
static guint
naive_distance (const gunichar *a,
                guint           na,
                const gunichar *b,
                guint           nb,
                gboolean        substring)
{
  g_autofree guint *prev = g_new (guint, nb + 1);
  g_autofree guint *cur = g_new (guint, nb + 1);
  guint best;

  for (guint j = 0; j <= nb; j++)
    prev[j] = substring ? 0 : j;
  for (guint i = 1; i <= na; i++)
    {
      cur[0] = i;
      for (guint j = 1; j <= nb; j++)
        {
          guint sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
          guint del = prev[j] + 1;
          guint ins = cur[j - 1] + 1;

          cur[j] = MIN (sub, MIN (del, ins));
        }
      memcpy (prev, cur, (nb + 1) * sizeof (guint));
    }

  if (!substring)
    return prev[nb];
  best = prev[0];
  for (guint j = 1; j <= nb; j++)
    best = MIN (best, prev[j]);

  return best;
}

static void
test_anchor_myers (void)
{
  static const gunichar alphabet[] = { 'a', 'b', 'c', ' ', 0xE9, 0x1F600 };
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 400; round++)
    {
      guint na = g_rand_int_range (rand, 1, round % 4 == 0 ? 200 : 70);
      guint nb = g_rand_int_range (rand, 0, 260);
      g_autofree gunichar *a = g_new (gunichar, na);
      g_autofree gunichar *b = g_new (gunichar, nb + 1);
      g_autofree char *sa = NULL;
      g_autofree char *sb = NULL;

      for (guint i = 0; i < na; i++)
        a[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
      for (guint i = 0; i < nb; i++)
        b[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
      /* Plant a copy of the pattern with a few edits in half the cases. */
      if (round % 2 == 0 && nb > na + 2)
        {
          guint at = g_rand_int_range (rand, 0, nb - na);

          memcpy (b + at, a, na * sizeof (gunichar));
          for (guint e = 0; e < na / 10; e++)
            b[at + g_rand_int_range (rand, 0, na)] = 'z';
        }
      sa = g_ucs4_to_utf8 (a, na, NULL, NULL, NULL);
      sb = g_ucs4_to_utf8 (b, nb, NULL, NULL, NULL);

      g_assert_cmpuint (gloss_anchor_edit_distance (sa, sb, FALSE), ==,
                        naive_distance (a, na, b, nb, FALSE));
      g_assert_cmpuint (gloss_anchor_edit_distance (sa, sb, TRUE), ==,
                        naive_distance (a, na, b, nb, TRUE));
    }

  g_assert_cmpuint (gloss_anchor_edit_distance ("kitten", "sitting", FALSE), ==, 3);
  g_assert_cmpuint (gloss_anchor_edit_distance ("owl", "an owl flew", TRUE), ==, 0);
  g_assert_cmpuint (gloss_anchor_edit_distance ("", "abc", FALSE), ==, 3);
  g_rand_free (rand);
}

/* Hand-made cases: one edit of each kind, judged by a person. */

typedef struct
{
  const char *before;
  const char *quote;            /* its first occurrence in before */
  const char *after;
  const char *found;            /* where it must be in after (first occurrence), NULL: orphaned */
  guint       occurrence;       /* which occurrence of found (0-based) */
} AnchorCase;

static gsize
char_index_of (const char *haystack,
               const char *needle,
               guint       occurrence)
{
  const char *p = haystack;

  for (;;)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (occurrence-- == 0)
        return g_utf8_pointer_to_offset (haystack, p);
      p++;
    }
}

static void
test_anchor_cases (void)
{
  static const AnchorCase cases[] = {
    /* a typo fixed inside the quote */
    { "Intro.\nThe quick brown fox jumsp over the lazy dog near the river bank.\nOutro here.",
      "quick brown fox jumsp over the lazy dog",
      "Intro.\nThe quick brown fox jumps over the lazy dog near the river bank.\nOutro here.",
      "quick brown fox jumps over the lazy dog", 0 },
    /* a word inserted inside the quote, and text added before */
    { "A first paragraph of words.\nReading slowly is a skill that improves with practice and patience.\nEnd.",
      "Reading slowly is a skill that improves with practice",
      "New words up here.\nA first paragraph of words.\nReading slowly is a rare skill that improves with practice and patience.\nEnd.",
      "Reading slowly is a rare skill that improves with practice", 0 },
    /* a word deleted inside the quote */
    { "Start. Owls are birds of prey that hunt mostly at night in the woods. Then more text follows here.",
      "Owls are birds of prey that hunt mostly at night",
      "Start. Owls are birds of prey that hunt at night in the woods. Then more text follows here.",
      "Owls are birds of prey that hunt at night", 0 },
    /* the same sentence twice: the context picks the second */
    { "One says: the sky is blue today. Another, later on, replies: the sky is blue today. Fine.",
      "Another, later on, replies: the sky is blue today",
      "Prepended! One says: the sky is blue today. Another, later on, replies: the sky is blue today. Fine.",
      "Another, later on, replies: the sky is blue today", 0 },
    { "One says: the sky is blue today, right? Another, later on, replies: the sky is blue today. Fine.",
      "the sky is blue today. Fine",
      "Hi. One says: the sky is blue today, right? Another, later on, replies: the sky is blue today. Fine.",
      "the sky is blue today. Fine", 0 },
    /* the highlighted sentence deleted; its twin elsewhere stays unhighlighted */
    { "Alpha paragraph begins here. The sky is blue today and the sea is calm. Alpha ends now.\n"
      "Beta paragraph starts. The sky is blue today and the sea is calm. Beta ends.",
      "The sky is blue today and the sea is calm.",
      "Alpha paragraph begins here. Alpha ends now.\n"
      "Beta paragraph starts. The sky is blue today and the sea is calm. Beta ends.",
      NULL, 0 },
    /* rewritten beyond recognition */
    { "Before this. The committee approved the budget after a long debate on Tuesday. After that.",
      "The committee approved the budget after a long debate on Tuesday.",
      "Before this. Nobody knows what happened to the money, said a spokesperson. After that.",
      NULL, 0 },
    /* a whole paragraph moved elsewhere */
    { "First paragraph, quite ordinary.\nSecond paragraph with the highlight.\nThird paragraph closes.",
      "Second paragraph with the highlight.",
      "Second paragraph with the highlight.\nFirst paragraph, quite ordinary.\nThird paragraph closes.",
      "Second paragraph with the highlight.", 0 },
    /* a short quote with a typo between its unchanged context */
    { "The plan was to meet at the old mill by the river before noon on Sunday.",
      "mill",
      "The plan was to meet at the old mil by the river before noon on Sunday.",
      "mil", 0 },
    /* a short quote, its whole sentence deleted */
    { "We walked. The mill was old. We left.", "mill", "We walked. We left.", NULL, 0 },
    /* whitespace changes */
    { "Para one ends here.\nThe   text  with odd   spacing continues across\n  a line break and on.\nEnd.",
      "text  with odd   spacing continues across\n  a line break",
      "Para one ends here.\n\nThe text with odd spacing continues across a line break and on.\n\nEnd.",
      "text with odd spacing continues across a line break", 0 },
    /* non-BMP and right-to-left text around */
    { "\xF0\x9F\xA6\x89 Owls \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D read books all night long, every night. \xF0\x9F\x93\x9A",
      "read books all night long",
      "\xF0\x9F\x98\x80\xF0\x9F\xA6\x89 Owls \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D read old books all night long, every night. \xF0\x9F\x93\x9A",
      "read old books all night long", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GlossText) before = gloss_text_new (cases[i].before, -1);
      g_autoptr(GlossText) after = gloss_text_new (cases[i].after, -1);
      gsize start = char_index_of (cases[i].before, cases[i].quote, 0);
      GlossSelectors sel;
      GlossAnchorResult result;

      g_test_message ("case %u: %s", i, cases[i].quote);
      g_assert_true (gloss_selectors_from_range (before, start, start + g_utf8_strlen (cases[i].quote, -1), &sel, NULL));
      gloss_anchor (after, FALSE, &sel, &result);
      if (cases[i].found == NULL)
        {
          g_assert_cmpstr (gloss_anchor_status_to_string (result.status), ==, "orphaned");
        }
      else
        {
          gsize expected = char_index_of (cases[i].after, cases[i].found, cases[i].occurrence);
          g_autofree char *got = gloss_text_slice (after, result.start, result.end);

          g_assert_cmpstr (gloss_anchor_status_to_string (result.status), ==, "moved");
          g_assert_cmpstr (got, ==, cases[i].found);
          g_assert_cmpuint (result.start, ==, expected);
          g_assert_cmpfloat (result.score, <, 1.0);
          g_assert_cmpfloat (result.score, >, 0.5);
        }
      gloss_selectors_clear (&sel);
    }
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
  g_test_add_func ("/anchor/myers", test_anchor_myers);
  g_test_add_func ("/anchor/cases", test_anchor_cases);

  return g_test_run ();
}
