/* bench-articles.c: generated articles and sidecars for bench-reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-articles.h"
#include "gloss-annotation-store.h"

static const char * const vocabulary[] = {
  "a", "about", "after", "again", "against", "all", "always", "an", "and",
  "another", "any", "are", "around", "as", "at", "back", "be", "because",
  "been", "before", "being", "between", "book", "both", "but", "by", "can",
  "chapter", "could", "day", "did", "do", "does", "down", "each", "even",
  "every", "few", "first", "for", "from", "good", "great", "had", "hand",
  "has", "have", "he", "her", "here", "him", "his", "how", "idea", "if",
  "in", "into", "is", "it", "its", "just", "know", "last", "life", "like",
  "line", "little", "long", "made", "make", "many", "margin", "may", "me",
  "might", "more", "most", "much", "must", "my", "never", "new", "no",
  "not", "note", "now", "of", "old", "on", "once", "one", "only", "or",
  "other", "our", "out", "over", "own", "page", "paper", "part", "pen",
  "people", "place", "read", "reader", "right", "said", "same", "see",
  "she", "should", "since", "so", "some", "still", "such", "take", "than",
  "that", "the", "their", "them", "then", "there", "these", "they", "thing",
  "think", "this", "those", "though", "through", "time", "to", "too",
  "under", "up", "upon", "us", "very", "was", "way", "we", "well", "were",
  "what", "when", "where", "which", "while", "who", "why", "will", "with",
  "word", "work", "world", "would", "write", "year", "yet", "you", "your",
  "déjà", "façade", "naïveté", "Ångström", "Straße", "俳句", "Ελληνικά",
};

static void
append_words (GString *html,
              GRand   *rand,
              guint    n_words,
              gboolean capitalize)
{
  for (guint i = 0; i < n_words; i++)
    {
      const char *word = vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))];

      if (i > 0)
        g_string_append_c (html, ' ');
      if (i == 0 && capitalize)
        {
          g_string_append_c (html, g_ascii_toupper (word[0]));
          g_string_append (html, word + 1);
        }
      else
        g_string_append (html, word);
      if (i + 1 < n_words && g_rand_int_range (rand, 0, 12) == 0)
        g_string_append_c (html, ',');
    }
}

void
bench_write_article (const char *path,
                     gsize       size)
{
  g_autoptr(GString) html = g_string_sized_new (size + 4096);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed ((guint32) size);
  guint paragraph = 0;

  g_string_append (html,
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>A Long Article for the Benchmark</title>\n</head>\n<body>\n<article>\n"
                   "<h1>A Long Article for the Benchmark</h1>\n");

  while (html->len < size)
    {
      if (paragraph % 12 == 0)
        {
          g_string_append (html, "<h2>");
          append_words (html, rand, g_rand_int_range (rand, 3, 8), TRUE);
          g_string_append (html, "</h2>\n");
        }

      g_string_append (html, "<p>");
      append_words (html, rand, g_rand_int_range (rand, 40, 140), TRUE);
      /* Some inline markup, as real articles have. */
      if (paragraph % 3 == 0)
        {
          g_string_append (html, ", <em>");
          append_words (html, rand, g_rand_int_range (rand, 2, 6), FALSE);
          g_string_append (html, "</em> and <a href=\"#top\">");
          append_words (html, rand, g_rand_int_range (rand, 1, 4), FALSE);
          g_string_append (html, "</a>");
        }
      g_string_append (html, ".</p>\n");
      paragraph++;
    }

  g_string_append (html, "</article>\n</body>\n</html>\n");
  g_rand_free (rand);

  if (!g_file_set_contents (path, html->str, html->len, &error))
    g_error ("Could not write %s: %s", path, error->message);
}

void
bench_write_highlights (const char *path,
                        guint       n_highlights)
{
  static const char * const colors[] = { "yellow", "green", "blue", "pink", "purple" };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  document = gloss_document_new_for_file (file, NULL, &error);
  if (document == NULL)
    g_error ("Could not read %s: %s", path, error->message);

  store = gloss_annotation_store_new (document);
  if (!gloss_annotation_store_load (store, NULL, &error))
    g_error ("Could not read the sidecar of %s: %s", path, error->message);

  length = gloss_text_get_length (gloss_document_get_text (document));
  g_assert (length > 4 * (gsize) n_highlights);

  /* Evenly spread, from a few words to a sentence long. */
  for (guint i = 0; i < n_highlights; i++)
    {
      gsize start = (gsize) ((double) i * length / n_highlights);
      gsize end = MIN (length, start + 12 + (i * 37) % 90);

      if (gloss_annotation_store_add_range (store, start, end, colors[i % G_N_ELEMENTS (colors)],
                                            &error) == NULL)
        g_error ("Could not highlight [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") of %s: %s",
                 start, end, path, error->message);
    }

  if (!gloss_annotation_store_save_sync (store, NULL, &error))
    g_error ("Could not save the sidecar of %s: %s", path, error->message);
}
