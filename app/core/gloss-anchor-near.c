/* gloss-anchor-near.c: steps 4 and 5 of anchoring, the quote with bigger edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"
#define _GNU_SOURCE             /* memmem() */

#include "config.h"

#include <string.h>

#include "gloss-anchor-search-private.h"

/* Step 4: the quote with bigger edits next to its unchanged context.  The
 * old context is searched for; the quote must start right after the
 * prefix (or end right before the suffix) with at most one error per three
 * code points, share most of its words with the old quote, and the place
 * must pass the context test as usual. */

#define CONTEXT_KEY 16
#define MAX_NEAR_KEY 96
#define CONTEXT_KEY_MIN_CHARS 4
#define MAX_CONTEXT_HITS 256

/* A piece of the old context or of the quote that is searched for: up to
 * CONTEXT_KEY code points of @outward, not across a line break, without
 * spaces at either end (they change too easily).  *@skipped: how many
 * spaces were left out next to the quote. */
static char *
make_key (const gunichar *outward,
          guint           n,
          gboolean        backwards,
          guint          *skipped)
{
  guint block = gloss_anchor_block_length (outward, n);
  guint len = MIN (block, CONTEXT_KEY);
  guint near = 0;
  g_autofree gunichar *chars = NULL;

  while (near < len && gloss_anchor_is_space (outward[near]))
    near++;
  while (len > near && gloss_anchor_is_space (outward[len - 1]))
    len--;
  if (skipped != NULL)
    *skipped = near;
  else if (near > 0)
    return NULL;

  if (gloss_anchor_count_non_space (outward + near, len - near) < CONTEXT_KEY_MIN_CHARS)
    return NULL;

  chars = g_new (gunichar, len - near);
  for (guint i = near; i < len; i++)
    chars[i - near] = outward[backwards ? len - 1 - (i - near) : i];

  return g_ucs4_to_utf8 (chars, len - near, NULL, NULL, NULL);
}

/* Edit distance counting a swap of two neighbours as one edit, for short
 * strings. */
static guint
swap_distance (const gunichar *a,
               guint           na,
               const gunichar *b,
               guint           nb)
{
  guint d[26][26];

  g_assert (na < 26 && nb < 26);
  for (guint i = 0; i <= na; i++)
    d[i][0] = i;
  for (guint j = 0; j <= nb; j++)
    d[0][j] = j;
  for (guint i = 1; i <= na; i++)
    for (guint j = 1; j <= nb; j++)
      {
        guint cost = a[i - 1] != b[j - 1];

        d[i][j] = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          d[i][j] = MIN (d[i][j], d[i - 2][j - 2] + 1);
      }

  return d[na][nb];
}

/* Whether @chars is recognisably the old quote: most of its words, or, for
 * up to three words, a typo away. */
static gboolean
recognisable (Search         *s,
              const gunichar *chars,
              gsize           n)
{
  guint n_words;

  g_hash_table_unref (gloss_anchor_count_words (s->quote, s->m, &n_words));

  /* Losing one word of two is no small edit. */
  if (n_words <= 3)
    return s->m <= 24 && n <= 24 &&
           1.0 - (double) swap_distance (s->quote, s->m, chars, n) / MAX (s->m, n) >= 0.75;

  return gloss_anchor_word_similarity (s->quote, s->m, chars, n) >= 0.6;
}

void
gloss_anchor_search_near_key (Search  *s,
                              KeyKind  kind)
{
  gboolean forward = kind == KEY_PREFIX || kind == KEY_HEAD;
  g_autofree gunichar *tail = NULL;
  g_autofree char *key = NULL;
  guint k = MAX (1, s->m / 2);
  gsize span = s->m + k;
  gsize key_len;
  Pattern pattern;
  g_autofree gunichar *chars = NULL;
  g_autofree guint *scores = NULL;
  const char *p, *end;
  guint tries = 0;
  guint skipped = 0;

  switch (kind)
    {
    case KEY_PREFIX:
      key = make_key (s->raw_prefix, s->n_raw_prefix, TRUE, &skipped);
      break;
    case KEY_SUFFIX:
      key = make_key (s->raw_suffix, s->n_raw_suffix, FALSE, &skipped);
      break;
    case KEY_HEAD:
      key = make_key (s->quote, MIN (s->m, CONTEXT_KEY), FALSE, NULL);
      break;
    case KEY_TAIL:
    default:
      tail = g_new (gunichar, MIN (s->m, CONTEXT_KEY));
      for (guint i = 0; i < MIN (s->m, CONTEXT_KEY); i++)
        tail[i] = s->quote[s->m - 1 - i];
      key = make_key (tail, MIN (s->m, CONTEXT_KEY), TRUE, NULL);
      break;
    }

  /* A key as long as the quote finds nothing new. */
  if (key == NULL || s->m > MAX_FUZZY_CHARS ||
      ((kind == KEY_HEAD || kind == KEY_TAIL) && s->m <= CONTEXT_KEY))
    return;

  key_len = strlen (key);
  gloss_anchor_pattern_init (&pattern, s->quote, s->m, !forward);
  chars = g_new (gunichar, span);
  scores = g_new (guint, span);
  p = s->h.utf8;
  end = s->h.utf8 + s->h.n_bytes;

  while (p < end && tries++ < MAX_CONTEXT_HITS &&
         (p = memmem (p, end - p, key, key_len)) != NULL)
    {
      gsize key_at = p - s->h.utf8;
      gsize at = (kind == KEY_PREFIX || kind == KEY_TAIL) ? key_at + key_len : key_at;
      guint n;
      guint best = G_MAXUINT;
      guint tried = 0;

      /* Over the spaces between the context and the quote. */
      if (skipped > 0 && kind == KEY_PREFIX)
        while (at < s->h.n_bytes && gloss_anchor_is_space (g_utf8_get_char (s->h.utf8 + at)))
          at = g_utf8_next_char (s->h.utf8 + at) - s->h.utf8;
      else if (skipped > 0 && kind == KEY_SUFFIX)
        while (at > 0 && gloss_anchor_is_space (g_utf8_get_char (g_utf8_prev_char (s->h.utf8 + at))))
          at = g_utf8_prev_char (s->h.utf8 + at) - s->h.utf8;

      n = gloss_anchor_read_outward (&s->h, at, !forward, chars, span);

      p = g_utf8_next_char (p);
      if (n == 0)
        continue;

      /* Anchored at @at, free at the other end.  Backwards, text and
       * quote are both read from the end. */
      gloss_anchor_myers_scores (&pattern, chars, n, TRUE, scores);
      for (guint j = 0; j < n; j++)
        best = MIN (best, scores[j]);
      if (best > k)
        continue;

      /* Every place ending at a word edge, as the quote did, with few
       * enough edits: the context and the words pick among them (the
       * fewest edits may just leave out an inserted word). */
      for (guint j = 0; j < n && tried < MAX_NEAR_KEY; j++)
        {
          g_autofree gunichar *ordered = NULL;
          const char *q = s->h.utf8 + at;
          gunichar next = 0;
          gunichar quote_end = forward ? s->quote[s->m - 1] : s->quote[0];
          gunichar old_next = forward ? (s->n_raw_suffix ? s->raw_suffix[0] : 0)
                                      : (s->n_raw_prefix ? s->raw_prefix[0] : 0);

          if (scores[j] > k)
            continue;
          if (j + 1 < n)
            next = chars[j + 1];
          if ((gloss_anchor_is_word_char (chars[j]) && next != 0 && gloss_anchor_is_word_char (next)) !=
              (gloss_anchor_is_word_char (quote_end) && old_next != 0 && gloss_anchor_is_word_char (old_next)))
            continue;
          tried++;

          ordered = g_new (gunichar, j + 1);
          for (guint i = 0; i <= j; i++)
            ordered[i] = chars[forward ? i : j - i];
          if (!recognisable (s, ordered, j + 1))
            continue;

          for (guint i = 0; i <= j; i++)
            q = forward ? g_utf8_next_char (q) : g_utf8_prev_char (q);
          if (forward)
            gloss_anchor_consider (s, at, q - s->h.utf8, scores[j], TRUE);
          else
            gloss_anchor_consider (s, q - s->h.utf8, at, scores[j], TRUE);
        }
    }

  gloss_anchor_pattern_clear (&pattern);
}

/* The last resort: pieces of WIDE_PIECE code points of the quote found
 * anywhere, and around them matches with up to one error per two code
 * points (a word or two inserted or deleted in a short sentence, even at
 * its ends, where no longer piece of it is left), judged like the rest. */

#define WIDE_PIECE 8
#define MAX_WIDE_HITS 64
#define MAX_WIDE_ENDS 12
#define MAX_WIDE_STARTS 6

void
gloss_anchor_search_wide (Search *s)
{
  guint k = MAX (1, s->m / 2);
  g_autoptr(GArray) windows = NULL;
  Pattern forward, backward;
  guint merged = 0;
  gunichar old_next = s->n_raw_suffix ? s->raw_suffix[0] : 0;
  gunichar old_prev = s->n_raw_prefix ? s->raw_prefix[0] : 0;

  if (s->m < 2 * WIDE_PIECE || s->m > MAX_FUZZY_CHARS)
    return;

  windows = g_array_new (FALSE, FALSE, sizeof (Window));
  for (gsize piece = 0; piece + WIDE_PIECE <= s->m; piece += WIDE_PIECE)
    {
      g_autofree char *bytes = NULL;
      g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (gsize));
      const char *p = s->h.utf8;
      const char *end = s->h.utf8 + s->h.n_bytes;
      gsize len;

      if (gloss_anchor_count_non_space (s->quote + piece, WIDE_PIECE) < WIDE_PIECE / 2)
        continue;
      bytes = g_ucs4_to_utf8 (s->quote + piece, WIDE_PIECE, NULL, NULL, NULL);
      len = strlen (bytes);
      while (p < end && hits->len <= MAX_WIDE_HITS &&
             (p = memmem (p, end - p, bytes, len)) != NULL)
        {
          gsize at = p - s->h.utf8;

          g_array_append_val (hits, at);
          p = g_utf8_next_char (p);
        }
      if (hits->len > MAX_WIDE_HITS)
        continue;

      for (guint h = 0; h < hits->len; h++)
        {
          gsize at = gloss_text_char_offset (s->h.text, g_array_index (hits, gsize, h));
          Window w;

          w.lo = at > piece + k ? at - piece - k : 0;
          w.hi = MIN (s->h.n_chars, at - piece + s->m + k + 1);
          g_array_append_val (windows, w);
        }
    }

  if (windows->len == 0)
    return;

  g_array_sort (windows, gloss_anchor_compare_windows);
  for (guint i = 1; i < windows->len; i++)
    {
      Window *last = &g_array_index (windows, Window, merged);
      Window *w = &g_array_index (windows, Window, i);

      if (w->lo <= last->hi)
        last->hi = MAX (last->hi, w->hi);
      else
        g_array_index (windows, Window, ++merged) = *w;
    }
  g_array_set_size (windows, merged + 1);

  gloss_anchor_pattern_init (&forward, s->quote, s->m, FALSE);
  gloss_anchor_pattern_init (&backward, s->quote, s->m, TRUE);

  for (guint wi = 0; wi < windows->len; wi++)
    {
      Window *w = &g_array_index (windows, Window, wi);
      gsize blo = gloss_text_byte_offset (s->h.text, w->lo);
      gsize bhi = gloss_text_byte_offset (s->h.text, w->hi);
      gsize n = 0;
      g_autofree gunichar *chars = gloss_anchor_decode_range (&s->h, blo, bhi, &n);
      g_autofree guint *scores = g_new (guint, MAX (n, 1));
      guint ends = 0;

      if (n == 0)
        continue;
      gloss_anchor_myers_scores (&forward, chars, n, FALSE, scores);

      for (gsize j = 0; j < n && ends < MAX_WIDE_ENDS; j++)
        {
          gsize from, len;
          g_autofree gunichar *reversed = NULL;
          g_autofree guint *back = NULL;
          guint starts = 0;

          /* Local minima that end like the quote did. */
          if (scores[j] > k || (j > 0 && scores[j - 1] < scores[j]) ||
              (j + 1 < n && scores[j + 1] < scores[j]) ||
              !gloss_anchor_edge_like (chars[j], j + 1 < n ? chars[j + 1] : 0, s->quote[s->m - 1], old_next))
            continue;
          ends++;

          from = j + 1 > s->m + k ? j + 1 - (s->m + k) : 0;
          len = j + 1 - from;
          reversed = g_new (gunichar, len);
          back = g_new (guint, len);
          for (gsize i = 0; i < len; i++)
            reversed[i] = chars[j - i];
          gloss_anchor_myers_scores (&backward, reversed, len, TRUE, back);

          /* Starts that begin like the quote did, nearest in length to it
           * first. */
          for (gsize d = 0; d <= len && starts < MAX_WIDE_STARTS; d++)
            for (gint side = 0; side < 2 && starts < MAX_WIDE_STARTS; side++)
              {
                gsize i, start_j;

                if ((side == 0 && s->m < d + 1) || (side == 1 && d == 0))
                  continue;
                i = side == 0 ? s->m - 1 - d : s->m - 1 + d;
                if (i >= len)
                  continue;
                start_j = j - i;
                if (back[i] > k || (i > 0 && back[i - 1] < back[i]) ||
                    (i + 1 < len && back[i + 1] < back[i]) ||
                    !gloss_anchor_edge_like (chars[start_j], start_j > 0 ? chars[start_j - 1] : 0,
                                             s->quote[0], old_prev))
                  continue;
                starts++;
                if (!recognisable (s, chars + start_j, i + 1))
                  continue;
                gloss_anchor_consider (s,
                                       gloss_text_byte_offset (s->h.text, w->lo + start_j),
                                       gloss_text_byte_offset (s->h.text, w->lo + j + 1),
                                       back[i], TRUE);
              }
        }
    }

  gloss_anchor_pattern_clear (&forward);
  gloss_anchor_pattern_clear (&backward);
}
