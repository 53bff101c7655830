/* bench-anchor.c: how fast anchoring is on a big article
 *
 * A generated article of about 2 MB with 10,000 annotations:
 *   1. anchoring all of them in the unchanged article (target < 20 ms);
 *   2. re-anchoring 1,000 of them after 200 edits scattered over the
 *      article (target < 250 ms).
 * Prints the figures; exits 1 when a target is missed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-anchor.h"

#define ARTICLE_BYTES (2 * 1024 * 1024)
#define N_ANNOTATIONS 10000
#define N_REANCHORED 1000
#define N_EDITS 200
#define TARGET_UNCHANGED_MS 20.0
#define TARGET_EDITED_MS 250.0

static const char *words[] = {
  "the", "of", "and", "to", "in", "is", "that", "reading", "was", "for", "on",
  "as", "with", "article", "they", "be", "at", "by", "this", "had", "not",
  "are", "but", "from", "or", "have", "an", "which", "one", "library", "were",
  "her", "all", "their", "there", "been", "if", "more", "when", "will",
  "would", "who", "so", "no", "what", "up", "out", "about", "into", "than",
  "notes", "can", "only", "other", "new", "some", "could", "time", "these",
  "highlight", "may", "then", "first", "any", "like", "now", "margin", "such",
  "our", "even", "most", "made", "after", "also", "did", "many", "before",
  "must", "through", "years", "where", "much", "your", "way", "well", "down",
  "paragraph", "because", "each", "just", "those", "people", "how", "too",
  "little", "state", "good", "very", "make", "world", "still", "own", "see",
  "café", "naïve", "Zürich", "東京", "🦉", "שלום", "1843",
};

static const char *
random_word (GRand *rand)
{
  /* Common words (small indices) come up far more often. */
  guint bound = g_rand_int_range (rand, 1, G_N_ELEMENTS (words) + 1);

  return words[g_rand_int_range (rand, 0, bound)];
}

static GString *
generate_article (GRand *rand)
{
  GString *text = g_string_sized_new (ARTICLE_BYTES + 1024);

  while (text->len < ARTICLE_BYTES)
    {
      guint sentences = g_rand_int_range (rand, 1, 7);

      for (guint s = 0; s < sentences; s++)
        {
          guint n = g_rand_int_range (rand, 5, 25);

          for (guint w = 0; w < n; w++)
            {
              g_string_append (text, random_word (rand));
              g_string_append (text, w + 1 < n ? " " : ". ");
            }
        }
      g_string_append (text, "\n");
    }

  return text;
}

/* 200 edits (words inserted, text deleted, words replaced) at random
 * places, from the end backwards so offsets stay valid. */
static GString *
edit_article (GRand      *rand,
              const char *utf8,
              gsize       len)
{
  GString *text = g_string_new_len (utf8, len);
  gsize positions[N_EDITS];

  for (guint i = 0; i < N_EDITS; i++)
    positions[i] = g_rand_int_range (rand, 0, len - 64);
  for (guint i = 0; i < N_EDITS; i++)
    for (guint j = i + 1; j < N_EDITS; j++)
      if (positions[j] > positions[i])
        {
          gsize t = positions[i];

          positions[i] = positions[j];
          positions[j] = t;
        }

  for (guint i = 0; i < N_EDITS; i++)
    {
      const char *p = g_utf8_find_next_char (text->str + positions[i], NULL);
      gsize at = p - text->str;
      gsize cut = g_utf8_find_next_char (text->str + at + g_rand_int_range (rand, 1, 30), NULL) - (text->str + at);

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          g_string_insert (text, at, " inserted");
          break;
        case 1:
          g_string_erase (text, at, cut);
          break;
        default:
          g_string_erase (text, at, cut);
          g_string_insert (text, at, random_word (rand));
          break;
        }
    }

  return text;
}

int
main (int    argc,
      char **argv)
{
  GRand *rand = g_rand_new_with_seed (2024);
  g_autoptr(GString) article = generate_article (rand);
  g_autoptr(GlossText) text = gloss_text_new (article->str, article->len);
  g_autoptr(GString) edited_article = NULL;
  g_autoptr(GlossText) edited = NULL;
  GlossSelectors *selectors = g_new0 (GlossSelectors, N_ANNOTATIONS);
  gsize n_chars = gloss_text_get_length (text);
  guint exact = 0, moved = 0, orphaned = 0;
  gint64 begin;
  double unchanged_ms, edited_ms;
  gboolean ok;

  /* Annotations on word starts, 20 to 300 code points long. */
  for (guint i = 0; i < N_ANNOTATIONS; i++)
    {
      gsize start = g_rand_int_range (rand, 0, n_chars - 400);
      gsize length = g_rand_int_range (rand, 20, 300);
      g_autoptr(GError) error = NULL;

      if (!gloss_selectors_from_range (text, start, start + length, &selectors[i], &error))
        g_error ("%s", error->message);
    }

  begin = g_get_monotonic_time ();
  for (guint i = 0; i < N_ANNOTATIONS; i++)
    {
      GlossAnchorResult result;

      gloss_anchor (text, TRUE, &selectors[i], &result);
      if (result.status != GLOSS_ANCHOR_EXACT)
        g_error ("annotation %u not found in the unchanged article", i);
    }
  unchanged_ms = (g_get_monotonic_time () - begin) / 1000.0;

  edited_article = edit_article (rand, article->str, article->len);
  edited = gloss_text_new (edited_article->str, edited_article->len);

  begin = g_get_monotonic_time ();
  for (guint i = 0; i < N_REANCHORED; i++)
    {
      GlossAnchorResult result;

      gloss_anchor (edited, FALSE, &selectors[i * (N_ANNOTATIONS / N_REANCHORED)], &result);
      exact += result.status == GLOSS_ANCHOR_EXACT;
      moved += result.status == GLOSS_ANCHOR_MOVED;
      orphaned += result.status == GLOSS_ANCHOR_ORPHANED;
    }
  edited_ms = (g_get_monotonic_time () - begin) / 1000.0;

  g_print ("article: %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " code points\n",
           article->len, n_chars);
  g_print ("anchoring %d annotations, unchanged article: %.2f ms (target < %.0f ms)\n",
           N_ANNOTATIONS, unchanged_ms, TARGET_UNCHANGED_MS);
  g_print ("re-anchoring %d annotations after %d edits: %.2f ms (target < %.0f ms); "
           "%u exact, %u moved, %u orphaned\n",
           N_REANCHORED, N_EDITS, edited_ms, TARGET_EDITED_MS, exact, moved, orphaned);

  ok = unchanged_ms < TARGET_UNCHANGED_MS && edited_ms < TARGET_EDITED_MS;
  if (!ok)
    g_print ("a target was missed\n");

  for (guint i = 0; i < N_ANNOTATIONS; i++)
    gloss_selectors_clear (&selectors[i]);
  g_free (selectors);
  g_rand_free (rand);

  return ok ? 0 : 1;
}
