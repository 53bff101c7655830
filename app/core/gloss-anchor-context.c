/* gloss-anchor-context.c: judging a place by its context, and its score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"

#include "config.h"

#include <string.h>

#include "gloss-anchor-search-private.h"

/* How many non-space characters come before the first paragraph break
 * (a run of spaces with a line break in it) and after the last one; all
 * of them in both when there is none. */
void
gloss_anchor_count_breaks (const char *utf8,
                           gsize       len,
                           guint      *head,
                           guint      *tail)
{
  gboolean in_run = FALSE, run_has_break = FALSE, seen_break = FALSE;
  guint chars = 0;

  *head = 0;
  for (gsize i = 0; i <= len; i++)
    {
      char c = i < len ? utf8[i] : 'x';

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        {
          in_run = TRUE;
          run_has_break |= c == '\n' || c == '\r';
          continue;
        }
      if (in_run && run_has_break)
        {
          if (!seen_break)
            *head = chars;
          seen_break = TRUE;
          chars = 0;
        }
      in_run = run_has_break = FALSE;
      if (i < len && ((guchar) c & 0xC0) != 0x80)
        chars++;
    }

  *tail = chars;
  if (!seen_break)
    *head = chars;
}

/* The article, as the search sees it */

gunichar *
gloss_anchor_decode_range (const Haystack *h,
                           gsize           bstart,
                           gsize           bend,
                           gsize          *n_out)
{
  glong n = 0;
  gunichar *chars = g_utf8_to_ucs4_fast (h->utf8 + bstart, bend - bstart, &n);

  *n_out = n;
  return chars;
}

/* Up to @max code points of the text read outward from byte @at:
 * backwards (the nearest first) or forwards. */
guint
gloss_anchor_read_outward (const Haystack *h,
                           gsize           at,
                           gboolean        backwards,
                           gunichar       *out,
                           guint           max)
{
  const char *p = h->utf8 + at;
  const char *end = h->utf8 + h->n_bytes;
  guint n = 0;

  if (backwards)
    {
      while (n < max && p > h->utf8)
        {
          p = g_utf8_prev_char (p);
          out[n++] = g_utf8_get_char (p);
        }
    }
  else
    {
      while (n < max && p < end)
        {
          out[n++] = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
    }

  return n;
}

/* Context */

/* A boundary this close to a place still counts, weakly: a word inserted
 * at the start of a paragraph is outside the quote. */
#define NEAR_BOUNDARY_CHARS 8

#define STRONG_MIN_CHARS 8
#define STRONG_SIMILARITY 0.6

/* Context compares with every run of spaces as one: a space, or a line
 * break if there is one in it.  Returns the new length. */
guint
gloss_anchor_collapse_spaces (gunichar *chars,
                              guint     n)
{
  gboolean in_run = FALSE;
  guint w = 0;

  for (guint r = 0; r < n; r++)
    {
      gunichar c = chars[r];

      if (!gloss_anchor_is_space (c))
        {
          chars[w++] = c;
          in_run = FALSE;
          continue;
        }
      c = (c == '\n' || c == '\r' || c == 0x2029) ? '\n' : ' ';
      if (!in_run)
        chars[w++] = c;
      else if (c == '\n')
        chars[w - 1] = '\n';
      in_run = TRUE;
    }

  return w;
}

/* How far into the (outward) context the current block goes: up to the
 * first line break. */
guint
gloss_anchor_block_length (const gunichar *chars,
                           guint           n)
{
  for (guint i = 0; i < n; i++)
    if (chars[i] == '\n' || chars[i] == 0x2029)
      return i;

  return n;
}

guint
gloss_anchor_count_non_space (const gunichar *chars,
                              guint           n)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    count += !gloss_anchor_is_space (chars[i]);

  return count;
}

/* Judges one side of a place against the old context.  Both are read
 * outward from the quote; @old_at_edge and @now_at_edge say the context
 * was cut short by the start or end of the text.
 *
 * The part of the old context up to a line break (its "block") decides:
 * text in it must be found again next to the place, with few edits
 * (STRONG if there are enough characters to mean something); a block with
 * no text (the quote begins or ends a paragraph) needs a block boundary
 * next to the place as well (WEAK: paragraphs move about). */
static Side
judge_side (const gunichar *old,
            guint           n_old,
            gboolean        old_at_edge,
            const gunichar *now,
            guint           n_now,
            gboolean        now_at_edge)
{
  Side side = { SIDE_NONE, 0.0, FALSE };
  guint old_block = gloss_anchor_block_length (old, n_old);
  guint old_chars = gloss_anchor_count_non_space (old, old_block);
  gboolean old_boundary = old_block < n_old || old_at_edge;

  if (old_chars == 0 && old_block == n_old && old_at_edge)
    {
      /* The quote began or ended the text: that side says nothing. */
      side.kind = SIDE_WEAK;
      side.similarity = (n_now == 0) ? 1.0 : 0.5;
      side.boundary = TRUE;
      return side;
    }
  else if (old_chars == 0)
    {
      guint now_block = gloss_anchor_block_length (now, n_now);
      gboolean now_boundary = now_block < n_now || now_at_edge;
      guint now_chars = gloss_anchor_count_non_space (now, now_block);

      if (old_boundary && now_boundary && now_chars == 0)
        {
          side.kind = SIDE_WEAK;
          side.similarity = 1.0;
          side.boundary = TRUE;
        }
      else if (old_boundary && now_boundary && now_chars <= NEAR_BOUNDARY_CHARS)
        {
          side.kind = SIDE_WEAK;
          side.similarity = 0.5;
        }
      else if (!old_boundary && n_old == n_now &&
               memcmp (old, now, n_old * sizeof (gunichar)) == 0)
        {
          side.kind = SIDE_WEAK;  /* nothing but spaces, the same ones */
          side.similarity = 1.0;
        }
      return side;
    }
  else
    {
      /* Edit distance of the old block against the best stretch of the
       * text that starts right at the place (the far end is free). */
      Pattern p;
      guint scores[CONTEXT_MAX + 8];
      guint best = old_block;
      /* Only within the block next to the place: the old neighbour found
       * across a paragraph break is not the same neighbourhood. */
      guint n = MIN (gloss_anchor_block_length (now, n_now), G_N_ELEMENTS (scores));

      if (n >= old_block && memcmp (old, now, old_block * sizeof (gunichar)) == 0)
        best = 0;             /* the usual case: unchanged */
      else
        {
          gloss_anchor_pattern_init (&p, old, old_block, FALSE);
          gloss_anchor_myers_scores (&p, now, n, TRUE, scores);
          for (guint j = 0; j < n; j++)
            best = MIN (best, scores[j]);
          gloss_anchor_pattern_clear (&p);
        }

      side.similarity = 1.0 - (double) best / old_block;
      if (old_chars >= STRONG_MIN_CHARS && side.similarity >= STRONG_SIMILARITY)
        side.kind = SIDE_STRONG;
      else if (best == 0)
        side.kind = SIDE_WEAK;
      return side;
    }
}

/* Below this many code points a quote says little by itself: both sides
 * of its context must agree. */
#define SHORT_QUOTE 20

static gboolean
context_accepts (const Search    *s,
                 const Candidate *c)
{
  if (s->m < SHORT_QUOTE)
    return c->prefix.kind != SIDE_NONE && c->suffix.kind != SIDE_NONE &&
           MAX (c->prefix.similarity, c->suffix.similarity) >= 0.9 &&
           (c->prefix.kind == SIDE_STRONG || c->suffix.kind == SIDE_STRONG ||
            (c->prefix.boundary && c->suffix.boundary));

  return c->prefix.kind == SIDE_STRONG || c->suffix.kind == SIDE_STRONG ||
         (c->prefix.kind != SIDE_NONE && c->suffix.kind != SIDE_NONE);
}

gboolean
gloss_anchor_is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Whether a place cuts words where the quote did not, or the reverse
 * ("mething this is" for "Something, this is"). */
static gboolean
same_word_edges (const Search    *s,
                 const gunichar  *before,
                 guint            n_before,
                 const gunichar  *after,
                 guint            n_after,
                 const gunichar  *first,
                 const gunichar  *last)
{
  gboolean old_cut_start = s->n_raw_prefix > 0 && gloss_anchor_is_word_char (s->raw_prefix[0]) &&
                           gloss_anchor_is_word_char (s->quote[0]);
  gboolean old_cut_end = s->n_raw_suffix > 0 && gloss_anchor_is_word_char (s->raw_suffix[0]) &&
                         gloss_anchor_is_word_char (s->quote[s->m - 1]);
  gboolean new_cut_start = n_before > 0 && gloss_anchor_is_word_char (before[0]) && gloss_anchor_is_word_char (*first);
  gboolean new_cut_end = n_after > 0 && gloss_anchor_is_word_char (after[0]) && gloss_anchor_is_word_char (*last);

  if (old_cut_start != new_cut_start || old_cut_end != new_cut_end)
    return FALSE;

  /* Nor does it begin or end with a space where the quote did not. */
  return (gloss_anchor_is_space (*first) == gloss_anchor_is_space (s->quote[0])) &&
         (gloss_anchor_is_space (*last) == gloss_anchor_is_space (s->quote[s->m - 1]));
}

static double
proximity (const Search *s,
           gsize         start)
{
  gsize d;

  if (!s->has_old_start)
    return 0.5;
  d = start > s->old_start ? start - s->old_start : s->old_start - start;

  return 1.0 / (1.0 + d / 2000.0);
}

/* Whether a match whose last character is @last and whose next is @next
 * ends as the quote did: inside a word or at its end. */
gboolean
gloss_anchor_edge_like (gunichar last,
                        gunichar next,
                        gunichar old_last,
                        gunichar old_next)
{
  return (gloss_anchor_is_word_char (last) && next != 0 && gloss_anchor_is_word_char (next)) ==
         (gloss_anchor_is_word_char (old_last) && old_next != 0 && gloss_anchor_is_word_char (old_next));
}

/* Judges the place [bstart, bend) and keeps it if it beats the best.
 * @big_edits: the place differs from the quote by more than one edit in
 * ten; then a block boundary on both sides is not enough context unless
 * the place is the quote with only a word or two changed. */
void
gloss_anchor_consider (Search   *s,
                       gsize     bstart,
                       gsize     bend,
                       guint     distance,
                       gboolean  big_edits)
{
  gunichar before[CONTEXT_MAX];
  gunichar after[CONTEXT_MAX];
  guint n_before = gloss_anchor_read_outward (&s->h, bstart, TRUE, before, CONTEXT_MAX);
  guint n_after = gloss_anchor_read_outward (&s->h, bend, FALSE, after, CONTEXT_MAX);
  gboolean before_at_edge = n_before < CONTEXT_MAX;
  gboolean after_at_edge = n_after < CONTEXT_MAX;
  Candidate c = { 0, };
  double quote_similarity;

  if (bend > bstart)
    {
      gunichar first = g_utf8_get_char (s->h.utf8 + bstart);
      gunichar last = g_utf8_get_char (g_utf8_prev_char (s->h.utf8 + bend));

      if (!same_word_edges (s, before, n_before, after, n_after, &first, &last))
        return;
    }

  /* A place that reaches over a paragraph break for a word or two that
   * the quote did not have takes its context from another paragraph. */
  if (distance > 0)
    {
      guint head, tail;

      gloss_anchor_count_breaks (s->h.utf8 + bstart, bend - bstart, &head, &tail);
      if ((head < 8 && head < s->head / 2) || (tail < 8 && tail < s->tail / 2))
        return;
    }

  n_before = gloss_anchor_collapse_spaces (before, n_before);
  n_after = gloss_anchor_collapse_spaces (after, n_after);

  c.bstart = bstart;
  c.bend = bend;
  c.distance = distance;
  c.prefix = judge_side (s->prefix, s->n_prefix, s->prefix_at_edge,
                         before, n_before, before_at_edge);
  c.suffix = judge_side (s->suffix, s->n_suffix, s->suffix_at_edge,
                         after, n_after, after_at_edge);

  c.accepted = context_accepts (s, &c);
  if (c.accepted && big_edits &&
      c.prefix.kind != SIDE_STRONG && c.suffix.kind != SIDE_STRONG)
    {
      gsize n = 0;
      g_autofree gunichar *chars = gloss_anchor_decode_range (&s->h, bstart, bend, &n);

      c.accepted = c.prefix.boundary && c.suffix.boundary &&
                   4 * n >= 3 * s->m && 3 * n <= 4 * s->m &&
                   gloss_anchor_word_similarity (s->quote, s->m, chars, n) >= 0.8;
    }

  if (!c.accepted)
    return;

  c.start = gloss_text_char_offset (s->h.text, bstart);
  c.end = gloss_text_char_offset (s->h.text, bend);
  quote_similarity = 1.0 - (double) distance / MAX (s->m, 1);
  c.score = 0.55 * quote_similarity +
            0.35 * (c.prefix.similarity + c.suffix.similarity) / 2 +
            0.10 * proximity (s, c.start);

  if (!s->have_best || c.score > s->best.score)
    {
      s->best = c;
      s->have_best = TRUE;
    }
}

GHashTable *
gloss_anchor_count_words (const gunichar *chars,
                          gsize           n,
                          guint          *total)
{
  GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  *total = 0;
  for (gsize i = 0; i <= n; i++)
    {
      if (i < n && g_unichar_isalnum (chars[i]))
        {
          g_string_append_unichar (word, g_unichar_tolower (chars[i]));
          continue;
        }
      if (word->len > 0)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (words, word->str));

          g_hash_table_insert (words, g_strdup (word->str), GUINT_TO_POINTER (count + 1));
          (*total)++;
          g_string_truncate (word, 0);
        }
    }

  return words;
}

/* Dice coefficient of the two texts' word multisets. */
double
gloss_anchor_word_similarity (const gunichar *a,
                              gsize           na,
                              const gunichar *b,
                              gsize           nb)
{
  g_autoptr(GHashTable) wa = NULL;
  g_autoptr(GHashTable) wb = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint ta, tb, common = 0;

  wa = gloss_anchor_count_words (a, na, &ta);
  wb = gloss_anchor_count_words (b, nb, &tb);
  if (ta + tb == 0)
    return 0;

  g_hash_table_iter_init (&iter, wa);
  while (g_hash_table_iter_next (&iter, &key, &value))
    common += MIN (GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (g_hash_table_lookup (wb, key)));

  return 2.0 * common / (ta + tb);
}
