/* gloss-anchor-fuzzy.c: step 3 of anchoring, approximate occurrences of the quote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"

#include "config.h"

#include <string.h>

#include "gloss-anchor-search-private.h"

/* Step 3: approximate occurrences, seeded by the pieces of the quote. */

/* A piece found more often than this is not worth its windows (others
 * will do), unless no piece is rarer. */
#define MAX_SEED_HITS 100
#define MAX_WINDOWS 800

gint
gloss_anchor_compare_windows (gconstpointer a,
                              gconstpointer b)
{
  const Window *wa = a;
  const Window *wb = b;

  return (wa->lo > wb->lo) - (wa->lo < wb->lo);
}

#define MAX_TIES 10

/* Ends with equally few edits often have starts with equally few edits
 * (an edited first word can be matched from several places); the context
 * decides among them, so each one is judged. */
static void
consider_ties (Search         *s,
               Pattern        *backward,
               const gunichar *chars,
               gsize           lo,
               gsize           end_j,
               guint           k,
               guint           distance)
{
  gsize from = end_j + 1 > s->m + k ? end_j + 1 - (s->m + k) : 0;
  gsize len = end_j + 1 - from;
  g_autofree gunichar *reversed = g_new (gunichar, len);
  g_autofree guint *scores = g_new (guint, len);
  guint best = G_MAXUINT;
  guint ties = 0;
  gsize bend = gloss_text_byte_offset (s->h.text, lo + end_j + 1);

  for (gsize i = 0; i < len; i++)
    reversed[i] = chars[end_j - i];
  gloss_anchor_myers_scores (backward, reversed, len, TRUE, scores);
  for (gsize i = 0; i < len; i++)
    best = MIN (best, scores[i]);

  /* The fewest edits, and any start with few enough that begins a word
   * as the quote did (an edited first word is often matched to the end of
   * the word before it). */
  for (gsize i = 0; i < len && ties < MAX_TIES; i++)
    {
      gsize start_j = end_j - i;
      gunichar before = start_j > 0 ? chars[start_j - 1] : 0;

      if (scores[i] == best ||
          (scores[i] <= k && gloss_anchor_is_word_char (chars[start_j]) == gloss_anchor_is_word_char (s->quote[0]) &&
           (before == 0 || !gloss_anchor_is_word_char (before))))
        {
          gloss_anchor_consider (s, gloss_text_byte_offset (s->h.text, lo + start_j), bend,
                                 MAX (scores[i], distance), FALSE);
          ties++;
        }
    }
}

static void
scan_window (Search  *s,
             Pattern *forward,
             Pattern *backward,
             guint    k,
             Window  *w)
{
  gsize blo = gloss_text_byte_offset (s->h.text, w->lo);
  gsize bhi = gloss_text_byte_offset (s->h.text, w->hi);
  gsize n = 0;
  g_autofree gunichar *chars = gloss_anchor_decode_range (&s->h, blo, bhi, &n);
  g_autofree guint *scores = g_new (guint, MAX (n, 1));
  gunichar old_next = s->n_raw_suffix ? s->raw_suffix[0] : 0;

  if (n == 0)
    return;

  gloss_anchor_myers_scores (forward, chars, n, FALSE, scores);

  for (gsize j = 0; j < n; j++)
    {
      gsize run_start = j;
      guint low;
      guint ties = 0;

      if (scores[j] > k)
        continue;

      /* A run of good ends: judge those with the fewest edits. */
      low = scores[j];
      while (j + 1 < n && scores[j + 1] <= k)
        {
          j++;
          low = MIN (low, scores[j]);
        }
      /* Also the ends with few enough edits where a word ends as the
       * quote's did (the fewest edits may reach into the next word). */
      for (gsize e = run_start; e <= j && ties < MAX_TIES; e++)
        if (scores[e] == low ||
            (e + 1 < n && gloss_anchor_edge_like (chars[e], chars[e + 1], s->quote[s->m - 1], old_next) &&
             !gloss_anchor_is_word_char (chars[e + 1])))
          {
            consider_ties (s, backward, chars, w->lo, e, k, scores[e]);
            ties++;
          }
    }
}

typedef struct
{
  const char *bytes;      /* in the quote */
  gsize       len;
  gsize       offset;     /* code points into the quote */
  GArray     *hits;       /* byte offsets in the text */
} Piece;

/* Finds every piece in [lo, hi) in one pass: the hash of each position's
 * next four bytes is tested in a bit filter of the pieces' first four, and
 * only then looked up and the piece checked in full.  Much cheaper than
 * one memmem() per piece over a big article. */
static void
find_pieces (Search *s,
             Piece  *pieces,
             guint   n_pieces,
             gsize   lo,
             gsize   hi)
{
  guint size = 16;
  guint mask;
  gint *table;
  guint64 filter[1024] = { 0, };    /* a bit per 16-bit hash of 4 bytes */
  const guchar *text = (const guchar *) s->h.utf8;

  /* Every piece has at least four bytes: code points, at least four. */
  while (size < n_pieces * 4)
    size *= 2;
  mask = size - 1;
  table = g_new (gint, size);
  for (guint i = 0; i < size; i++)
    table[i] = -1;

  for (guint i = 0; i < n_pieces; i++)
    {
      guint32 key;
      guint hash, slot;

      g_assert (pieces[i].len >= 4);
      memcpy (&key, pieces[i].bytes, 4);
      hash = (key * 0x9E3779B1u) >> 16;
      filter[hash >> 6] |= G_GUINT64_CONSTANT (1) << (hash & 63);
      slot = hash & mask;
      while (table[slot] >= 0)
        slot = (slot + 1) & mask;
      table[slot] = i;
      pieces[i].hits = g_array_new (FALSE, FALSE, sizeof (gsize));
    }

  for (gsize at = lo; at + 4 <= hi; at++)
    {
      guint32 key;
      guint hash, slot;

      memcpy (&key, text + at, 4);
      hash = (key * 0x9E3779B1u) >> 16;
      if ((filter[hash >> 6] & (G_GUINT64_CONSTANT (1) << (hash & 63))) == 0)
        continue;
      for (slot = hash & mask; table[slot] >= 0; slot = (slot + 1) & mask)
        {
          Piece *piece = &pieces[table[slot]];

          if (at + piece->len <= hi && piece->hits->len < MAX_WINDOWS &&
              memcmp (text + at, piece->bytes, piece->len) == 0)
            g_array_append_val (piece->hits, at);
        }
    }

  g_free (table);
}

void
gloss_anchor_search_fuzzy (Search *s,
                           gsize   lo,
                           gsize   hi)
{
  guint k = s->m / 10;
  g_autoptr(GArray) windows = NULL;
  Pattern forward, backward;
  gsize piece_start = 0;
  guint merged = 0;
  guint rarest = G_MAXUINT;
  Piece *pieces;

  if (k == 0 || s->m > MAX_FUZZY_CHARS)
    return;

  windows = g_array_new (FALSE, FALSE, sizeof (Window));
  pieces = g_new0 (Piece, k + 1);
  for (guint i = 0; i <= k; i++)
    {
      gsize piece_end = s->m * (i + 1) / (k + 1);
      const char *pstart = g_utf8_offset_to_pointer (s->exact, piece_start);
      const char *pend = g_utf8_offset_to_pointer (s->exact, piece_end);

      pieces[i].bytes = pstart;
      pieces[i].len = pend - pstart;
      pieces[i].offset = piece_start;
      piece_start = piece_end;
    }

  find_pieces (s, pieces, k + 1, lo, hi);

  for (guint i = 0; i <= k; i++)
    rarest = MIN (rarest, pieces[i].hits->len);

  for (guint i = 0; i <= k; i++)
    {
      if (pieces[i].hits->len > MAX (rarest, MAX_SEED_HITS))
        continue;
      for (guint h = 0; h < pieces[i].hits->len && windows->len < MAX_WINDOWS; h++)
        {
          gsize at = gloss_text_char_offset (s->h.text, g_array_index (pieces[i].hits, gsize, h));
          Window w;

          w.lo = at > pieces[i].offset + k ? at - pieces[i].offset - k : 0;
          w.hi = MIN (s->h.n_chars, at - pieces[i].offset + s->m + k + 1);
          g_array_append_val (windows, w);
        }
    }
  for (guint i = 0; i <= k; i++)
    g_clear_pointer (&pieces[i].hits, g_array_unref);
  g_free (pieces);

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
  for (guint i = 0; i < windows->len; i++)
    scan_window (s, &forward, &backward, k, &g_array_index (windows, Window, i));
  gloss_anchor_pattern_clear (&forward);
  gloss_anchor_pattern_clear (&backward);
}
