/* test-anchor.c: selectors ⇄ offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
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

/* The quality bar, on generated revisions of real-looking articles.
 *
 * An article is paragraphs of sentences of words (a Zipf-like draw from a
 * vocabulary, so common words repeat as in prose).  A highlight is marked
 * with two marker tokens; a revision edits the model (typos, words
 * inserted or deleted, paragraphs added, removed or moved, whitespace
 * changed, the highlighted sentences deleted or rewritten); rendering the
 * revision shows where the highlight truly is now, by its markers. */

static const char *vocabulary[] = {
  "the", "of", "and", "to", "a", "in", "is", "that", "it", "was", "for", "on",
  "as", "with", "he", "she", "they", "be", "at", "by", "this", "had", "not",
  "are", "but", "from", "or", "have", "an", "which", "one", "you", "were",
  "her", "all", "their", "there", "been", "if", "more", "when", "will",
  "would", "who", "so", "no", "what", "up", "out", "about", "into", "than",
  "them", "can", "only", "other", "new", "some", "could", "time", "these",
  "two", "may", "then", "first", "any", "like", "now", "my", "such", "over",
  "our", "even", "most", "made", "after", "also", "did", "many", "before",
  "must", "through", "years", "where", "much", "your", "way", "well", "down",
  "should", "because", "each", "just", "those", "people", "how", "too",
  "little", "state", "good", "very", "make", "world", "still", "own", "see",
  "men", "work", "long", "here", "get", "both", "between", "life", "being",
  "under", "never", "day", "same", "another", "know", "while", "last",
  "might", "great", "old", "year", "off", "come", "since", "against", "go",
  "came", "right", "used", "take", "three", "himself", "few", "house", "use",
  "during", "without", "again", "place", "around", "however", "home", "small",
  "found", "thought", "went", "say", "part", "once", "general", "high", "upon",
  "school", "every", "does", "got", "united", "left", "number", "course",
  "war", "until", "always", "away", "something", "fact", "though", "water",
  "less", "public", "put", "think", "almost", "hand", "enough", "far", "took",
  "head", "yet", "government", "system", "better", "set", "told", "nothing",
  "night", "end", "why", "called", "didn't", "eyes", "find", "going", "look",
  "asked", "later", "knew", "point", "next", "program", "city", "business",
  "give", "group", "toward", "young", "days", "let", "room", "president",
  "side", "social", "given", "present", "several", "order", "national",
  "possible", "rather", "second", "face", "per", "among", "form", "important",
  "often", "things", "looked", "early", "white", "case", "john", "become",
  "large", "big", "need", "four", "within", "felt", "along", "children", "saw",
  "best", "church", "ever", "least", "power", "development", "light", "seemed",
  "family", "interest", "want", "members", "mind", "country", "area", "others",
  "done", "turned", "although", "open", "problem", "certain", "kind", "began",
  "different", "door", "thus", "help", "sense", "means", "whole", "matter",
  "perhaps", "itself", "york", "times", "law", "human", "line", "above",
  "name", "example", "action", "company", "hands", "local", "show", "whether",
  "five", "history", "gave", "today", "either", "act", "feet", "across",
  "taken", "past", "quite", "anything", "seen", "having", "death", "week",
  "experience", "body", "word", "half", "really", "field", "am", "car",
  "words", "already", "themselves", "information", "tell", "college", "shall",
  "money", "period", "held", "keep", "sure", "probably", "free", "seems",
  "political", "real", "behind", "café", "naïve", "Zürich", "façade", "Ærø",
  "東京", "😀", "🦉", "مرحبا", "שלום", "1843", "42",
};

#define MARK_START "\x01"
#define MARK_END "\x02"
#define MARK_START_CHAR 0xE000
#define MARK_END_CHAR 0xE001

typedef struct
{
  GRand       *rand;
  GPtrArray   *paragraphs;  /* of GPtrArray (sentences) of GPtrArray (words, owned strings) */
  const char  *paragraph_sep;
  gboolean     double_space;
} Article;

static gboolean
is_mark (const char *word)
{
  return g_str_equal (word, MARK_START) || g_str_equal (word, MARK_END);
}

static char *
random_word (GRand *rand)
{
  /* A uniform draw below a uniform bound: small indices (common words)
   * come up far more often, as in prose. */
  guint bound = g_rand_int_range (rand, 1, G_N_ELEMENTS (vocabulary) + 1);

  return g_strdup (vocabulary[g_rand_int_range (rand, 0, bound)]);
}

static GPtrArray *
random_sentence (GRand *rand)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  guint n = g_rand_int_range (rand, 5, 23);
  static const char *ends[] = { ".", ".", ".", ".", ".", ".", "?", "!" };

  for (guint i = 0; i < n; i++)
    {
      char *word = random_word (rand);

      if (i == 0)
        {
          gunichar c = g_utf8_get_char (word);
          char up[8] = { 0 };
          char *capital;

          g_unichar_to_utf8 (g_unichar_totitle (c), up);
          capital = g_strconcat (up, g_utf8_next_char (word), NULL);
          g_free (word);
          word = capital;
        }
      if (i + 1 == n)
        {
          char *with_end = g_strconcat (word, ends[g_rand_int_range (rand, 0, G_N_ELEMENTS (ends))], NULL);

          g_free (word);
          word = with_end;
        }
      else if (g_rand_int_range (rand, 0, 10) == 0)
        {
          char *with_comma = g_strconcat (word, ",", NULL);

          g_free (word);
          word = with_comma;
        }
      g_ptr_array_add (words, word);
    }

  return words;
}

static GPtrArray *
random_paragraph (GRand *rand)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint n = g_rand_int_range (rand, 1, 7);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sentences, random_sentence (rand));

  return sentences;
}

static GPtrArray *
copy_words (GPtrArray *words)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < words->len; i++)
    if (!is_mark (words->pdata[i]))
      g_ptr_array_add (copy, g_strdup (words->pdata[i]));

  return copy;
}

static char *
render (Article *a)
{
  GString *out = g_string_new (NULL);

  for (guint p = 0; p < a->paragraphs->len; p++)
    {
      GPtrArray *sentences = a->paragraphs->pdata[p];

      if (p > 0)
        g_string_append (out, a->paragraph_sep);
      for (guint s = 0; s < sentences->len; s++)
        {
          GPtrArray *words = sentences->pdata[s];
          gboolean glue = TRUE;

          if (s > 0)
            g_string_append (out, a->double_space ? "  " : " ");
          for (guint w = 0; w < words->len; w++)
            {
              const char *word = words->pdata[w];

              if (g_str_equal (word, MARK_END))
                {
                  g_string_append_unichar (out, MARK_END_CHAR);
                  continue;
                }
              if (!glue)
                g_string_append_c (out, ' ');
              if (g_str_equal (word, MARK_START))
                {
                  g_string_append_unichar (out, MARK_START_CHAR);
                  glue = TRUE;
                  continue;
                }
              g_string_append (out, word);
              glue = FALSE;
            }
        }
    }

  return g_string_free (out, FALSE);
}

/* The text without markers, and where they were (or -1). */
static GlossText *
strip_marks (const char *rendered,
             gssize     *start,
             gssize     *end)
{
  GString *out = g_string_new (NULL);
  gsize n = 0;

  *start = *end = -1;
  for (const char *p = rendered; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == MARK_START_CHAR)
        *start = n;
      else if (c == MARK_END_CHAR)
        *end = n;
      else
        {
          g_string_append_unichar (out, c);
          n++;
        }
    }

  {
    GlossText *text = gloss_text_new (out->str, out->len);

    g_string_free (out, TRUE);
    return text;
  }
}

static void
article_free (Article *a)
{
  g_ptr_array_unref (a->paragraphs);
  g_rand_free (a->rand);
}

typedef struct
{
  GPtrArray *words;       /* the sentence */
  guint      index;       /* of the word in it */
} WordRef;

/* Word tokens in document order; @inside: only those between the marks. */
static GArray *
list_words (Article  *a,
            gboolean  inside_only)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (WordRef));
  gboolean inside = FALSE;

  for (guint p = 0; p < a->paragraphs->len; p++)
    {
      GPtrArray *sentences = a->paragraphs->pdata[p];

      for (guint s = 0; s < sentences->len; s++)
        {
          GPtrArray *words = sentences->pdata[s];

          for (guint w = 0; w < words->len; w++)
            {
              const char *word = words->pdata[w];
              WordRef ref = { words, w };

              if (g_str_equal (word, MARK_START))
                inside = TRUE;
              else if (g_str_equal (word, MARK_END))
                inside = FALSE;
              else if (inside || !inside_only)
                g_array_append_val (refs, ref);
            }
        }
    }

  return refs;
}

static guint
count_marks (GPtrArray *sentences)
{
  guint n = 0;

  for (guint s = 0; s < sentences->len; s++)
    {
      GPtrArray *words = sentences->pdata[s];

      for (guint w = 0; w < words->len; w++)
        n += is_mark (words->pdata[w]);
    }

  return n;
}

static guint
count_real_words (GPtrArray *words)
{
  guint n = 0;

  for (guint w = 0; w < words->len; w++)
    n += !is_mark (words->pdata[w]);

  return n;
}

typedef enum
{
  HL_SENTENCE,
  HL_PHRASE,
  HL_SHORT,
  HL_MULTI,
  HL_PARAGRAPH,
  HL_CROSS,
  N_HL
} HighlightKind;

static const char *highlight_names[N_HL] = {
  "sentence", "phrase", "short", "sentences", "paragraph", "across paragraphs",
};

static HighlightKind
place_highlight (Article *a)
{
  GRand *rand = a->rand;
  guint r = g_rand_int_range (rand, 0, 100);
  HighlightKind kind = r < 35 ? HL_SENTENCE : r < 60 ? HL_PHRASE : r < 75 ? HL_SHORT :
                       r < 85 ? HL_MULTI : r < 95 ? HL_PARAGRAPH : HL_CROSS;
  guint p = g_rand_int_range (rand, 0, a->paragraphs->len - 1);
  GPtrArray *sentences = a->paragraphs->pdata[p];
  guint s = g_rand_int_range (rand, 0, sentences->len);
  GPtrArray *words = sentences->pdata[s];

  if (kind == HL_MULTI && sentences->len < 2)
    kind = HL_SENTENCE;

  switch (kind)
    {
    case HL_PHRASE:
    case HL_SHORT:
      {
        guint len = kind == HL_SHORT ? g_rand_int_range (rand, 1, 3) : g_rand_int_range (rand, 3, 9);
        guint start, end;

        len = MIN (len, words->len);
        start = g_rand_int_range (rand, 0, words->len - len + 1);
        end = start + len;
        g_ptr_array_insert (words, end, g_strdup (MARK_END));
        g_ptr_array_insert (words, start, g_strdup (MARK_START));
      }
      break;

    case HL_MULTI:
      {
        guint first = g_rand_int_range (rand, 0, sentences->len - 1);
        guint count = g_rand_int_range (rand, 1, 3);
        guint last = MIN (sentences->len - 1, first + count);

        g_ptr_array_insert (sentences->pdata[first], 0, g_strdup (MARK_START));
        g_ptr_array_add (sentences->pdata[last], g_strdup (MARK_END));
      }
      break;

    case HL_PARAGRAPH:
      g_ptr_array_insert (sentences->pdata[0], 0, g_strdup (MARK_START));
      g_ptr_array_add (sentences->pdata[sentences->len - 1], g_strdup (MARK_END));
      break;

    case HL_CROSS:
      {
        GPtrArray *last = sentences->pdata[sentences->len - 1];
        GPtrArray *next_sentences = a->paragraphs->pdata[p + 1];
        GPtrArray *next = next_sentences->pdata[0];

        g_ptr_array_insert (last, g_rand_int_range (rand, 0, last->len), g_strdup (MARK_START));
        g_ptr_array_insert (next, g_rand_int_range (rand, 1, next->len + 1), g_strdup (MARK_END));
      }
      break;

    case HL_SENTENCE:
    case N_HL:
    default:
      g_ptr_array_insert (words, 0, g_strdup (MARK_START));
      g_ptr_array_add (words, g_strdup (MARK_END));
      break;
    }

  /* The same sentence (or phrase, in another sentence) elsewhere too,
   * with other neighbours. */
  if ((kind == HL_SENTENCE || kind == HL_PHRASE || kind == HL_SHORT) &&
      g_rand_int_range (rand, 0, 4) == 0)
    {
      guint q = g_rand_int_range (rand, 0, a->paragraphs->len);
      GPtrArray *other = a->paragraphs->pdata[q];
      GPtrArray *twin = copy_words (words);

      if (kind != HL_SENTENCE)
        {
          GPtrArray *host = random_sentence (rand);
          guint at = g_rand_int_range (rand, 0, host->len);
          gboolean inside = FALSE;

          g_ptr_array_set_size (twin, 0);
          for (guint w = 0; w < words->len; w++)
            {
              if (g_str_equal (words->pdata[w], MARK_START))
                inside = TRUE;
              else if (g_str_equal (words->pdata[w], MARK_END))
                inside = FALSE;
              else if (inside)
                g_ptr_array_insert (host, at++, g_strdup (words->pdata[w]));
            }
          g_ptr_array_unref (twin);
          twin = host;
        }

      if (q != p)
        g_ptr_array_insert (other, g_rand_int_range (rand, 0, other->len + 1), twin);
      else
        g_ptr_array_unref (twin);
    }

  return kind;
}

static Article *
article_new (guint seed)
{
  static const char *seps[] = { "\n", "\n\n", "\n    ", "\n\t\t" };
  Article *a = g_new0 (Article, 1);
  guint n;

  a->rand = g_rand_new_with_seed (seed);
  a->paragraphs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  a->paragraph_sep = seps[g_rand_int_range (a->rand, 0, G_N_ELEMENTS (seps))];
  a->double_space = g_rand_int_range (a->rand, 0, 4) == 0;

  n = g_rand_int_range (a->rand, 8, 30);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (a->paragraphs, random_paragraph (a->rand));

  return a;
}

/* Revisions */

typedef enum
{
  OP_TYPO,
  OP_INSERT_WORD,
  OP_DELETE_WORD,
  OP_ADD_PARAGRAPH,
  OP_REMOVE_PARAGRAPH,
  OP_MOVE_PARAGRAPH,
  OP_WHITESPACE,
  N_SMALL_OPS,
  OP_DELETE_HIGHLIGHT = N_SMALL_OPS,
  OP_REWRITE_HIGHLIGHT,
  N_OPS
} Op;

static const char *op_names[N_OPS] = {
  "typo", "word inserted", "word deleted", "paragraph added", "paragraph removed",
  "paragraph moved", "whitespace", "highlight deleted", "highlight rewritten",
};

/* A typo in a word of four letters or more: in a shorter one it makes
 * another word ("of" → "or"), which is no typo but a rewrite. */
static void
op_typo (Article *a,
         GRand   *rand,
         gboolean target)
{
  g_autoptr(GArray) refs = list_words (a, target);
  WordRef *ref;
  g_autofree gunichar *chars = NULL;
  glong n;
  guint at;
  char *word;

  if (refs->len == 0)
    return;
  ref = &g_array_index (refs, WordRef, g_rand_int_range (rand, 0, refs->len));
  chars = g_utf8_to_ucs4_fast (ref->words->pdata[ref->index], -1, &n);
  if (n < 4)
    return;
  chars = g_renew (gunichar, chars, n + 2);
  at = g_rand_int_range (rand, 0, n);

  switch (g_rand_int_range (rand, 0, n >= 3 ? 4 : 2))
    {
    case 0:                     /* a wrong letter */
      chars[at] = chars[at] == 'e' ? 'a' : 'e';
      break;
    case 1:                     /* a letter too many */
      memmove (chars + at + 1, chars + at, (n - at) * sizeof (gunichar));
      chars[at] = 'r';
      n++;
      break;
    case 2:                     /* a letter missing */
      memmove (chars + at, chars + at + 1, (n - at - 1) * sizeof (gunichar));
      n--;
      break;
    default:                    /* two letters swapped */
      at = MIN (at, (guint) n - 2);
      if (chars[at] == chars[at + 1])
        chars[at] = 'x';
      else
        {
          gunichar t = chars[at];

          chars[at] = chars[at + 1];
          chars[at + 1] = t;
        }
      break;
    }

  word = g_ucs4_to_utf8 (chars, n, NULL, NULL, NULL);
  g_free (ref->words->pdata[ref->index]);
  ref->words->pdata[ref->index] = word;
}

static void
op_insert_word (Article *a,
                GRand   *rand,
                gboolean target)
{
  if (target)
    {
      g_autoptr(GArray) refs = list_words (a, TRUE);
      WordRef *ref;

      /* Only into highlights long enough for one word to be a small edit,
       * and between two of its words. */
      if (refs->len < 6)
        return;
      ref = &g_array_index (refs, WordRef, g_rand_int_range (rand, 1, refs->len));
      if (ref->index == 0 || is_mark (ref->words->pdata[ref->index - 1]))
        return;
      g_ptr_array_insert (ref->words, ref->index, random_word (rand));
    }
  else
    {
      GPtrArray *sentences = a->paragraphs->pdata[g_rand_int_range (rand, 0, a->paragraphs->len)];
      GPtrArray *words = sentences->pdata[g_rand_int_range (rand, 0, sentences->len)];

      g_ptr_array_insert (words, g_rand_int_range (rand, 0, words->len + 1), random_word (rand));
    }
}

static void
op_delete_word (Article *a,
                GRand   *rand,
                gboolean target)
{
  g_autoptr(GArray) refs = list_words (a, target);
  WordRef *ref;

  if (refs->len == 0 || (target && refs->len < 6))
    return;
  ref = &g_array_index (refs, WordRef, g_rand_int_range (rand, 0, refs->len));
  if (count_real_words (ref->words) < 3)
    return;
  g_ptr_array_remove_index (ref->words, ref->index);
}

static void
op_add_paragraph (Article *a,
                  GRand   *rand)
{
  guint at = g_rand_int_range (rand, 0, a->paragraphs->len + 1);

  /* Not into the middle of a highlight across paragraphs. */
  if (at > 0 && at < a->paragraphs->len &&
      count_marks (a->paragraphs->pdata[at - 1]) == 1 &&
      count_marks (a->paragraphs->pdata[at]) == 1)
    return;
  g_ptr_array_insert (a->paragraphs, at, random_paragraph (rand));
}

static void
op_remove_paragraph (Article *a,
                     GRand   *rand)
{
  guint p = g_rand_int_range (rand, 0, a->paragraphs->len);

  if (a->paragraphs->len > 2 && count_marks (a->paragraphs->pdata[p]) == 0)
    g_ptr_array_remove_index (a->paragraphs, p);
}

/* Whether a highlight across paragraphs has something in between now. */
static gboolean
highlight_split (Article *a)
{
  gint first = -1;

  for (guint p = 0; p < a->paragraphs->len; p++)
    if (count_marks (a->paragraphs->pdata[p]) == 1)
      {
        if (first >= 0)
          return p != (guint) first + 1;
        first = p;
      }

  return FALSE;
}

static void
op_move_paragraph (Article *a,
                   GRand   *rand,
                   gboolean target)
{
  guint from = g_rand_int_range (rand, 0, a->paragraphs->len);
  guint to = g_rand_int_range (rand, 0, a->paragraphs->len);
  GPtrArray *paragraph;

  if (target)
    for (guint p = 0; p < a->paragraphs->len; p++)
      if (count_marks (a->paragraphs->pdata[p]) > 0)
        {
          from = p;
          break;
        }

  /* A highlight across two paragraphs stays in one piece. */
  if (count_marks (a->paragraphs->pdata[from]) == 1 || from == to)
    return;

  paragraph = g_ptr_array_steal_index (a->paragraphs, from);
  g_ptr_array_insert (a->paragraphs, MIN (to, a->paragraphs->len), paragraph);
  if (highlight_split (a))
    {
      paragraph = g_ptr_array_steal_index (a->paragraphs, MIN (to, a->paragraphs->len - 1));
      g_ptr_array_insert (a->paragraphs, from, paragraph);
    }
}

static void
op_whitespace (Article *a,
               GRand   *rand)
{
  static const char *seps[] = { "\n", "\n\n", "\n  ", "\n\t", " \n" };

  a->paragraph_sep = seps[g_rand_int_range (rand, 0, G_N_ELEMENTS (seps))];
  if (g_rand_boolean (rand))
    a->double_space = !a->double_space;
}

static void
op_delete_highlight (Article *a)
{
  gboolean inside = FALSE;

  for (guint p = 0; p < a->paragraphs->len; p++)
    {
      GPtrArray *sentences = a->paragraphs->pdata[p];

      for (guint s = 0; s < sentences->len; s++)
        {
          GPtrArray *words = sentences->pdata[s];
          gboolean touched = inside;

          for (guint w = 0; w < words->len; w++)
            {
              if (g_str_equal (words->pdata[w], MARK_START))
                inside = touched = TRUE;
              else if (g_str_equal (words->pdata[w], MARK_END))
                {
                  inside = FALSE;
                  touched = TRUE;
                }
            }
          if (touched)
            g_ptr_array_remove_index (sentences, s--);
        }
      if (sentences->len == 0)
        g_ptr_array_remove_index (a->paragraphs, p--);
    }
}

static void
op_rewrite_highlight (Article *a,
                      GRand   *rand)
{
  g_autoptr(GArray) refs = list_words (a, TRUE);
  guint n = refs->len;
  guint replace = MAX (1, (n * 3 + 3) / 4);

  /* Three in four words replaced, chosen at random. */
  for (guint i = 0; i < n && replace > 0; i++)
    {
      WordRef *ref = &g_array_index (refs, WordRef, i);

      if ((guint) g_rand_int_range (rand, 0, n - i) < replace)
        {
          char *word = random_word (rand);

          while (g_ascii_strcasecmp (word, ref->words->pdata[ref->index]) == 0 ||
                 g_utf8_strlen (word, -1) < 4)
            {
              g_free (word);
              word = random_word (rand);
            }
          g_free (ref->words->pdata[ref->index]);
          ref->words->pdata[ref->index] = word;
          replace--;
        }
    }
}

static void
apply_op (Article *a,
          GRand   *rand,
          Op       op)
{
  gboolean target = g_rand_int_range (rand, 0, 5) < 2;

  switch (op)
    {
    case OP_TYPO: op_typo (a, rand, target); break;
    case OP_INSERT_WORD: op_insert_word (a, rand, target); break;
    case OP_DELETE_WORD: op_delete_word (a, rand, target); break;
    case OP_ADD_PARAGRAPH: op_add_paragraph (a, rand); break;
    case OP_REMOVE_PARAGRAPH: op_remove_paragraph (a, rand); break;
    case OP_MOVE_PARAGRAPH: op_move_paragraph (a, rand, target); break;
    case OP_WHITESPACE: op_whitespace (a, rand); break;
    case OP_DELETE_HIGHLIGHT: op_delete_highlight (a); break;
    case OP_REWRITE_HIGHLIGHT: op_rewrite_highlight (a, rand); break;
    case N_OPS:
    default: g_assert_not_reached ();
    }
}

static gsize
abs_diff (gsize a,
          gsize b)
{
  return a > b ? a - b : b - a;
}

/* GLOSS_ANCHOR_DUMP=DIR keeps every failing case: the old text, the new
 * text and the selectors, for a closer look. */
static void
dump_case (GlossText            *old_text,
           GlossText            *new_text,
           const GlossSelectors *sel)
{
  static guint n;
  const char *dir = g_getenv ("GLOSS_ANCHOR_DUMP");
  g_autofree char *old_path = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *sel_path = NULL;
  g_autofree char *sel_text = NULL;

  if (dir == NULL)
    return;

  old_path = g_strdup_printf ("%s/case-%u.old", dir, n);
  new_path = g_strdup_printf ("%s/case-%u.new", dir, n);
  sel_path = g_strdup_printf ("%s/case-%u.sel", dir, n);
  n++;
  sel_text = g_strdup_printf ("%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n%s\x1e%s\x1e%s",
                              sel->start, sel->end, sel->prefix, sel->exact, sel->suffix);
  g_file_set_contents (old_path, gloss_text_get_utf8 (old_text, NULL), -1, NULL);
  g_file_set_contents (new_path, gloss_text_get_utf8 (new_text, NULL), -1, NULL);
  g_file_set_contents (sel_path, sel_text, -1, NULL);
}

static void
test_anchor_quality (void)
{
  const guint n_articles = g_test_slow () ? 200 : 60;
  const guint n_revisions = 40;
  /* GLOSS_ANCHOR_SEED=N draws other articles and revisions. */
  const guint seed = g_getenv ("GLOSS_ANCHOR_SEED") ? atoi (g_getenv ("GLOSS_ANCHOR_SEED")) : 0;
  guint found_total = 0, found_ok = 0, found_missed = 0, found_wrong = 0;
  guint gone_total = 0, gone_orphaned = 0, gone_wrong = 0;
  guint kind_total[N_HL] = { 0, }, kind_missed[N_HL] = { 0, };
  guint op_total[N_OPS] = { 0, }, op_missed[N_OPS] = { 0, };
  guint exact = 0, moved = 0;
  guint reported = 0;
  double found_rate, gone_rate;

  for (guint article_i = 0; article_i < n_articles; article_i++)
    for (guint rev = 0; rev < n_revisions; rev++)
      {
        Article *a = article_new (1000 + article_i + seed * 100003);
        HighlightKind kind = place_highlight (a);
        GRand *rand = g_rand_new_with_seed (article_i * 7919 + rev + seed * 1000003);
        g_autofree char *old_rendered = render (a);
        g_autofree char *new_rendered = NULL;
        g_autoptr(GlossText) old_text = NULL;
        g_autoptr(GlossText) new_text = NULL;
        gssize os, oe, ts, te;
        gboolean gone = FALSE;
        guint n_ops = g_rand_int_range (rand, 1, 4);
        guint ops_mask = 0;
        GlossSelectors sel;
        GlossAnchorResult result;

        old_text = strip_marks (old_rendered, &os, &oe);
        g_assert_cmpint (os, >=, 0);
        g_assert_cmpint (oe, >, os);
        g_assert_true (gloss_selectors_from_range (old_text, os, oe, &sel, NULL));

        for (guint i = 0; i < n_ops; i++)
          {
            Op op = g_rand_int_range (rand, 0, N_SMALL_OPS);

            apply_op (a, rand, op);
            ops_mask |= 1u << op;
          }
        if (g_rand_int_range (rand, 0, 5) == 0)
          {
            Op op = g_rand_boolean (rand) ? OP_DELETE_HIGHLIGHT : OP_REWRITE_HIGHLIGHT;

            apply_op (a, rand, op);
            ops_mask |= 1u << op;
            gone = TRUE;
          }

        new_rendered = render (a);
        new_text = strip_marks (new_rendered, &ts, &te);
        gloss_anchor (new_text, FALSE, &sel, &result);

        if (gone)
          {
            gone_total++;
            if (result.status == GLOSS_ANCHOR_ORPHANED)
              gone_orphaned++;
            else
              {
                g_autofree char *got = gloss_text_slice (new_text, result.start, result.end);

                gone_wrong++;
                dump_case (old_text, new_text, &sel);
                g_test_message ("WRONG (gone, %s): \"%s\" attached to \"%s\"",
                                highlight_names[kind], sel.exact, got);
              }
          }
        else
          {
            g_autofree char *truth = gloss_text_slice (new_text, ts, te);
            gboolean unchanged = g_str_equal (truth, sel.exact);
            gboolean ok;

            found_total++;
            kind_total[kind]++;
            for (guint op = 0; op < N_OPS; op++)
              op_total[op] += (ops_mask >> op) & 1;

            if (result.status == GLOSS_ANCHOR_ORPHANED)
              {
                found_missed++;
                kind_missed[kind]++;
                for (guint op = 0; op < N_OPS; op++)
                  op_missed[op] += (ops_mask >> op) & 1;
                dump_case (old_text, new_text, &sel);
                if (reported++ < 20)
                  g_test_message ("missed (%s): \"%s\" now \"%s\"", highlight_names[kind], sel.exact, truth);
                gloss_selectors_clear (&sel);
                g_rand_free (rand);
                article_free (a);
                g_free (a);
                continue;
              }

            if (unchanged)
              ok = result.start == (gsize) ts && result.end == (gsize) te;
            else
              ok = abs_diff (result.start, ts) <= 12 && abs_diff (result.end, te) <= 12 &&
                   MIN (result.end, (gsize) te) > MAX (result.start, (gsize) ts) &&
                   2 * (MIN (result.end, (gsize) te) - MAX (result.start, (gsize) ts)) >= (gsize) (te - ts);

            if (ok)
              {
                found_ok++;
                exact += result.status == GLOSS_ANCHOR_EXACT;
                moved += result.status == GLOSS_ANCHOR_MOVED;
              }
            else
              {
                g_autofree char *got = gloss_text_slice (new_text, result.start, result.end);

                found_wrong++;
                dump_case (old_text, new_text, &sel);
                g_test_message ("WRONG (%s): \"%s\" now \"%s\" at %zd, attached to \"%s\" at %zu",
                                highlight_names[kind], sel.exact, truth, ts, got, result.start);
              }
          }

        gloss_selectors_clear (&sel);
        g_rand_free (rand);
        article_free (a);
        g_free (a);
      }

  found_rate = (double) found_ok / found_total;
  gone_rate = (double) gone_orphaned / gone_total;

  for (guint k = 0; k < N_HL; k++)
    g_test_message ("highlight %-18s %4u cases, %3u missed", highlight_names[k], kind_total[k], kind_missed[k]);
  for (guint op = 0; op < N_SMALL_OPS; op++)
    g_test_message ("revision %-20s %4u cases, %3u missed", op_names[op], op_total[op], op_missed[op]);
  g_test_message ("still there: %u cases, %.2f%% found at the right place (%u exact, %u moved), "
                  "%u orphaned, %u wrong places",
                  found_total, 100 * found_rate, exact, moved, found_missed, found_wrong);
  g_test_message ("deleted or rewritten: %u cases, %.2f%% orphaned, %u wrong places",
                  gone_total, 100 * gone_rate, gone_wrong);

  g_assert_cmpuint (found_total, >, 1000);
  g_assert_cmpuint (gone_total, >, 200);
  g_assert_cmpfloat (found_rate, >=, 0.99);
  g_assert_cmpuint (found_wrong, ==, 0);
  g_assert_cmpuint (gone_wrong, ==, 0);
  g_assert_cmpfloat (gone_rate, ==, 1.0);
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
  g_test_add_func ("/anchor/quality", test_anchor_quality);

  return g_test_run ();
}
