/* gloss-anchor.c: selectors ⇄ text offsets
 *
 * gloss_anchor() looks for a quote in five steps, cheapest first:
 *
 *  1. Where it was: the text at the old position is the quote (and, unless
 *     the article is known unchanged, the context around it too).  EXACT.
 *  2. The quote elsewhere: every exact occurrence, searched first near the
 *     old position and then further out, judged by its context.
 *  3. The quote with small edits (near the old place, then, after step 4,
 *     anywhere): approximate matching with at most one
 *     error per ten code points.  Any such match contains one of k + 1
 *     pieces of the quote unchanged (pigeonhole), so the pieces are found
 *     with an exact search and only the places around them are scanned,
 *     with Myers' bit-parallel algorithm over code points (one 64-bit word
 *     per 64 code points of the quote).
 *  4. The quote edited more than that, but still recognisable: where its
 *     old context is found unchanged, a match that starts or ends right
 *     there with up to one error per two code points and most of its words.
 *  5. Last, pieces of the quote found anywhere, and around them the same
 *     kind of match as in step 4.
 *
 * A place is only taken when its context agrees (see judge_side()): the
 * text next to it on one side matches the old context, or the quote is a
 * whole block (paragraph) on both sides in the old and the new text.  That
 * is what keeps a deleted sentence from attaching to an identical sentence
 * elsewhere: its neighbours differ.  Otherwise the annotation is ORPHANED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"
#define _GNU_SOURCE             /* memmem() */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-anchor-private.h"
#include "gloss-error.h"

gboolean
gloss_selectors_from_range (GlossText       *text,
                            gsize            start,
                            gsize            end,
                            GlossSelectors  *out,
                            GError         **error)
{
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->start = -1;
  out->end = -1;
  length = gloss_text_get_length (text);

  if (start >= end || end > length)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_OUT_OF_RANGE,
                   _("The passage %lu–%lu is not inside the article, which has %lu "
                     "characters. Select the text again."),
                   (unsigned long) start, (unsigned long) end, (unsigned long) length);
      return FALSE;
    }

  out->exact = gloss_text_slice (text, start, end);
  out->prefix = gloss_text_slice (text, start > GLOSS_SELECTOR_CONTEXT ? start - GLOSS_SELECTOR_CONTEXT : 0, start);
  out->suffix = gloss_text_slice (text, end, MIN (length, end + GLOSS_SELECTOR_CONTEXT));
  out->start = start;
  out->end = end;

  return TRUE;
}

void
gloss_selectors_clear (GlossSelectors *selectors)
{
  if (selectors == NULL)
    return;

  g_clear_pointer (&selectors->exact, g_free);
  g_clear_pointer (&selectors->prefix, g_free);
  g_clear_pointer (&selectors->suffix, g_free);
  selectors->start = -1;
  selectors->end = -1;
}

const char *
gloss_anchor_status_to_string (GlossAnchorStatus status)
{
  switch (status)
    {
    case GLOSS_ANCHOR_EXACT:
      return "exact";
    case GLOSS_ANCHOR_MOVED:
      return "moved";
    case GLOSS_ANCHOR_ORPHANED:
      return "orphaned";
    default:
      return "unknown";
    }
}

/* Myers' bit-parallel edit distance (with Hyyrö's blocks for patterns
 * longer than 64).  Column by column over the text it keeps the vertical
 * differences of the dynamic-programming matrix as bit vectors. */

/* What the matching takes as a space. */
static const gunichar spaces[] = {
  '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028,
  0x2029, 0x202F, 0x205F, 0x3000,
};

static gboolean
is_space (gunichar c)
{
  if (c == ' ')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    if (spaces[i] == c)
      return TRUE;

  return FALSE;
}

typedef struct
{
  guint       m;
  guint       n_blocks;
  guint64    *ascii;      /* 128 × n_blocks match masks */
  GHashTable *other;      /* gunichar → guint64[n_blocks] */
  guint64     last_bit;   /* row m - 1 in the last block */
  guint64    *pv;         /* scratch */
  guint64    *mv;
} Pattern;

static void
pattern_init (Pattern        *p,
              const gunichar *chars,
              guint           m,
              gboolean        reversed)
{
  p->m = m;
  p->n_blocks = MAX (1, (m + 63) / 64);
  p->ascii = g_new0 (guint64, 128 * p->n_blocks);
  p->other = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  p->last_bit = G_GUINT64_CONSTANT (1) << ((MAX (m, 1) - 1) % 64);
  p->pv = g_new (guint64, p->n_blocks);
  p->mv = g_new (guint64, p->n_blocks);

  for (guint i = 0; i < m; i++)
    {
      gunichar c = chars[reversed ? m - 1 - i : i];
      guint64 *masks;

      if (c != ' ' && is_space (c))
        c = ' ';
      if (c < 128)
        masks = p->ascii + c * p->n_blocks;
      else if ((masks = g_hash_table_lookup (p->other, GUINT_TO_POINTER (c))) == NULL)
        {
          masks = g_new0 (guint64, p->n_blocks);
          g_hash_table_insert (p->other, GUINT_TO_POINTER (c), masks);
        }
      masks[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
    }

  /* Every space matches every other: a line break that became a space is
   * no edit. */
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    {
      const guint64 *space = p->ascii + ' ' * p->n_blocks;

      if (spaces[i] < 128)
        memcpy (p->ascii + spaces[i] * p->n_blocks, space, p->n_blocks * sizeof (guint64));
      else
        g_hash_table_insert (p->other, GUINT_TO_POINTER (spaces[i]),
                             g_memdup2 (space, p->n_blocks * sizeof (guint64)));
    }
}

static void
pattern_clear (Pattern *p)
{
  g_clear_pointer (&p->ascii, g_free);
  g_clear_pointer (&p->other, g_hash_table_unref);
  g_clear_pointer (&p->pv, g_free);
  g_clear_pointer (&p->mv, g_free);
}

/* scores[j] = edit distance between the pattern and the best substring of
 * text[0, j] ending at j; with @anchored, the substring must start at 0. */
static void
myers_scores (Pattern        *p,
              const gunichar *text,
              gsize           n,
              gboolean        anchored,
              guint          *scores)
{
  static const guint64 no_match[1] = { 0 };
  const guint n_blocks = p->n_blocks;
  guint score = p->m;

  for (guint b = 0; b < n_blocks; b++)
    {
      p->pv[b] = ~G_GUINT64_CONSTANT (0);
      p->mv[b] = 0;
    }

  for (gsize j = 0; j < n; j++)
    {
      gunichar c = text[j];
      const guint64 *eq;
      gint hin = anchored ? 1 : 0;

      if (c < 128)
        eq = p->ascii + c * n_blocks;
      else
        eq = g_hash_table_lookup (p->other, GUINT_TO_POINTER (c));

      for (guint b = 0; b < n_blocks; b++)
        {
          guint64 e = eq != NULL ? eq[b] : no_match[0];
          guint64 pv = p->pv[b];
          guint64 mv = p->mv[b];
          guint64 xv = e | mv;
          guint64 hneg = hin < 0 ? 1 : 0;
          guint64 top = b + 1 == n_blocks ? p->last_bit : G_GUINT64_CONSTANT (1) << 63;
          guint64 xh, ph, mh;
          gint hout;

          e |= hneg;
          xh = (((e & pv) + pv) ^ pv) | e;
          ph = mv | ~(xh | pv);
          mh = pv & xh;
          hout = (ph & top) ? 1 : (mh & top) ? -1 : 0;
          ph = (ph << 1) | (hin > 0 ? 1 : 0);
          mh = (mh << 1) | hneg;
          p->pv[b] = mh | ~(xv | ph);
          p->mv[b] = ph & xv;
          hin = hout;
        }

      score += hin;
      scores[j] = score;
    }
}

/* Plain edit distance, for the few places that need it. */
static guint
edit_distance (const gunichar *a,
               guint           na,
               const gunichar *b,
               guint           nb)
{
  Pattern p;
  guint *scores;
  guint d;

  if (na == 0)
    return nb;
  if (nb == 0)
    return na;

  pattern_init (&p, a, na, FALSE);
  scores = g_new (guint, nb);
  myers_scores (&p, b, nb, TRUE, scores);
  d = scores[nb - 1];
  g_free (scores);
  pattern_clear (&p);

  return d;
}

guint
gloss_anchor_edit_distance (const char *a,
                            const char *b,
                            gboolean    substring)
{
  glong na, nb;
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &na);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &nb);
  g_autofree guint *scores = NULL;
  Pattern p;
  guint best;

  if (!substring)
    return edit_distance (ua, na, ub, nb);
  if (na == 0)
    return 0;

  scores = g_new (guint, MAX (nb, 1));
  pattern_init (&p, ua, na, FALSE);
  myers_scores (&p, ub, nb, FALSE, scores);
  pattern_clear (&p);

  best = na;
  for (glong j = 0; j < nb; j++)
    best = MIN (best, scores[j]);

  return best;
}

/* How many non-space characters come before the first paragraph break
 * (a run of spaces with a line break in it) and after the last one; all
 * of them in both when there is none. */
static void
count_breaks (const char *utf8,
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

typedef struct
{
  GlossText  *text;
  const char *utf8;
  gsize       n_bytes;
  gsize       n_chars;
} Haystack;

static gunichar *
decode_range (const Haystack *h,
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
static guint
read_outward (const Haystack *h,
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

typedef enum
{
  SIDE_NONE,              /* the context here differs */
  SIDE_WEAK,              /* a block boundary here as before, or a few equal characters */
  SIDE_STRONG,            /* the old context, maybe with small edits */
} SideKind;

typedef struct
{
  SideKind kind;
  double   similarity;    /* 0 … 1 */
  gboolean boundary;      /* WEAK for a block boundary, as before */
} Side;

/* A boundary this close to a place still counts, weakly: a word inserted
 * at the start of a paragraph is outside the quote. */
#define NEAR_BOUNDARY_CHARS 8

#define CONTEXT_MAX GLOSS_SELECTOR_CONTEXT
#define STRONG_MIN_CHARS 8
#define STRONG_SIMILARITY 0.6

/* Context compares with every run of spaces as one: a space, or a line
 * break if there is one in it.  Returns the new length. */
static guint
collapse_spaces (gunichar *chars,
                 guint     n)
{
  gboolean in_run = FALSE;
  guint w = 0;

  for (guint r = 0; r < n; r++)
    {
      gunichar c = chars[r];

      if (!is_space (c))
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
static guint
block_length (const gunichar *chars,
              guint           n)
{
  for (guint i = 0; i < n; i++)
    if (chars[i] == '\n' || chars[i] == 0x2029)
      return i;

  return n;
}

static guint
count_non_space (const gunichar *chars,
                 guint           n)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    count += !is_space (chars[i]);

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
  guint old_block = block_length (old, n_old);
  guint old_chars = count_non_space (old, old_block);
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
      guint now_block = block_length (now, n_now);
      gboolean now_boundary = now_block < n_now || now_at_edge;
      guint now_chars = count_non_space (now, now_block);

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
      guint n = MIN (block_length (now, n_now), G_N_ELEMENTS (scores));

      if (n >= old_block && memcmp (old, now, old_block * sizeof (gunichar)) == 0)
        best = 0;             /* the usual case: unchanged */
      else
        {
          pattern_init (&p, old, old_block, FALSE);
          myers_scores (&p, now, n, TRUE, scores);
          for (guint j = 0; j < n; j++)
            best = MIN (best, scores[j]);
          pattern_clear (&p);
        }

      side.similarity = 1.0 - (double) best / old_block;
      if (old_chars >= STRONG_MIN_CHARS && side.similarity >= STRONG_SIMILARITY)
        side.kind = SIDE_STRONG;
      else if (best == 0)
        side.kind = SIDE_WEAK;
      return side;
    }
}

/* The search */

typedef struct
{
  gsize   start;          /* code points */
  gsize   end;
  gsize   bstart;         /* bytes */
  gsize   bend;
  guint   distance;       /* edits against the quote */
  Side    prefix;
  Side    suffix;
  double  score;
  gboolean accepted;
} Candidate;

typedef struct
{
  Haystack        h;
  const char     *exact;
  gsize           exact_len;
  gunichar       *quote;
  gsize           m;
  gunichar        prefix[CONTEXT_MAX];   /* outward: nearest first */
  guint           n_prefix;
  gboolean        prefix_at_edge;
  gunichar        suffix[CONTEXT_MAX];
  guint           n_suffix;
  gboolean        suffix_at_edge;
  gunichar        raw_prefix[CONTEXT_MAX];     /* outward, spaces as they are */
  guint           n_raw_prefix;
  gunichar        raw_suffix[CONTEXT_MAX];
  guint           n_raw_suffix;
  guint           head;         /* characters before its first paragraph break */
  guint           tail;         /* and after its last */
  gboolean        has_old_start;
  gsize           old_start;
  gsize           old_byte;

  Candidate       best;
  gboolean        have_best;
} Search;

static void
search_init (Search               *s,
             GlossText            *text,
             const GlossSelectors *selectors)
{
  glong n;
  gunichar *chars;

  memset (s, 0, sizeof *s);
  s->h.text = text;
  s->h.utf8 = gloss_text_get_utf8 (text, &s->h.n_bytes);
  s->h.n_chars = gloss_text_get_length (text);
  s->exact = selectors->exact;
  s->exact_len = strlen (selectors->exact);
  s->quote = g_utf8_to_ucs4_fast (selectors->exact, s->exact_len, &n);
  s->m = n;

  chars = g_utf8_to_ucs4_fast (selectors->prefix ? selectors->prefix : "", -1, &n);
  s->n_prefix = MIN (n, CONTEXT_MAX);
  for (guint i = 0; i < s->n_prefix; i++)
    s->prefix[i] = chars[n - 1 - i];
  s->prefix_at_edge = n < CONTEXT_MAX;
  g_free (chars);

  chars = g_utf8_to_ucs4_fast (selectors->suffix ? selectors->suffix : "", -1, &n);
  s->n_suffix = MIN (n, CONTEXT_MAX);
  memcpy (s->suffix, chars, s->n_suffix * sizeof (gunichar));
  s->suffix_at_edge = n < CONTEXT_MAX;
  g_free (chars);

  memcpy (s->raw_prefix, s->prefix, sizeof s->prefix);
  s->n_raw_prefix = s->n_prefix;
  memcpy (s->raw_suffix, s->suffix, sizeof s->suffix);
  s->n_raw_suffix = s->n_suffix;
  s->n_prefix = collapse_spaces (s->prefix, s->n_prefix);
  s->n_suffix = collapse_spaces (s->suffix, s->n_suffix);

  count_breaks (s->exact, s->exact_len, &s->head, &s->tail);
  s->has_old_start = selectors->start >= 0;
  s->old_start = s->has_old_start ? MIN ((gsize) selectors->start, s->h.n_chars) : 0;
  s->old_byte = gloss_text_byte_offset (text, s->old_start);
}

static void
search_clear (Search *s)
{
  g_clear_pointer (&s->quote, g_free);
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

static gboolean
is_word_char (gunichar c)
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
  gboolean old_cut_start = s->n_raw_prefix > 0 && is_word_char (s->raw_prefix[0]) &&
                           is_word_char (s->quote[0]);
  gboolean old_cut_end = s->n_raw_suffix > 0 && is_word_char (s->raw_suffix[0]) &&
                         is_word_char (s->quote[s->m - 1]);
  gboolean new_cut_start = n_before > 0 && is_word_char (before[0]) && is_word_char (*first);
  gboolean new_cut_end = n_after > 0 && is_word_char (after[0]) && is_word_char (*last);

  if (old_cut_start != new_cut_start || old_cut_end != new_cut_end)
    return FALSE;

  /* Nor does it begin or end with a space where the quote did not. */
  return (is_space (*first) == is_space (s->quote[0])) &&
         (is_space (*last) == is_space (s->quote[s->m - 1]));
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
static gboolean
edge_like (gunichar last,
           gunichar next,
           gunichar old_last,
           gunichar old_next)
{
  return (is_word_char (last) && next != 0 && is_word_char (next)) ==
         (is_word_char (old_last) && old_next != 0 && is_word_char (old_next));
}

static double word_similarity (const gunichar *a,
                               gsize           na,
                               const gunichar *b,
                               gsize           nb);

/* Judges the place [bstart, bend) and keeps it if it beats the best.
 * @big_edits: the place differs from the quote by more than one edit in
 * ten; then a block boundary on both sides is not enough context unless
 * the place is the quote with only a word or two changed. */
static void
consider (Search   *s,
          gsize     bstart,
          gsize     bend,
          guint     distance,
          gboolean  big_edits)
{
  gunichar before[CONTEXT_MAX];
  gunichar after[CONTEXT_MAX];
  guint n_before = read_outward (&s->h, bstart, TRUE, before, CONTEXT_MAX);
  guint n_after = read_outward (&s->h, bend, FALSE, after, CONTEXT_MAX);
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

      count_breaks (s->h.utf8 + bstart, bend - bstart, &head, &tail);
      if ((head < 8 && head < s->head / 2) || (tail < 8 && tail < s->tail / 2))
        return;
    }

  n_before = collapse_spaces (before, n_before);
  n_after = collapse_spaces (after, n_after);

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
      g_autofree gunichar *chars = decode_range (&s->h, bstart, bend, &n);

      c.accepted = c.prefix.boundary && c.suffix.boundary &&
                   4 * n >= 3 * s->m && 3 * n <= 4 * s->m &&
                   word_similarity (s->quote, s->m, chars, n) >= 0.8;
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

/* Step 2: exact occurrences of the quote in [lo, hi) (bytes). */

typedef struct
{
  gsize at;
  guint agree;            /* code points of context equal on both sides */
  gsize distance;
} Occurrence;

#define MAX_JUDGED 24

static gsize
equal_outward (const Haystack *h,
               gsize           at,
               gboolean        backwards,
               const gunichar *chars,
               guint           n)
{
  const char *p = h->utf8 + at;
  const char *end = h->utf8 + h->n_bytes;
  guint i;

  for (i = 0; i < n; i++)
    {
      gunichar c;

      if (backwards)
        {
          if (p <= h->utf8)
            break;
          p = g_utf8_prev_char (p);
          c = g_utf8_get_char (p);
        }
      else
        {
          if (p >= end)
            break;
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
      if (c != chars[i])
        break;
    }

  return i;
}

static gint
compare_occurrences (gconstpointer a,
                     gconstpointer b)
{
  const Occurrence *oa = a;
  const Occurrence *ob = b;

  if (oa->agree != ob->agree)
    return oa->agree > ob->agree ? -1 : 1;

  return (oa->distance > ob->distance) - (oa->distance < ob->distance);
}

/* TRUE when a place with the whole context unchanged was found. */
static gboolean
search_exact (Search *s,
              gsize   lo,
              gsize   hi)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Occurrence));
  const char *p = s->h.utf8 + lo;
  const char *end = s->h.utf8 + hi;
  guint full = s->n_raw_prefix + s->n_raw_suffix;

  while (p < end && (p = memmem (p, end - p, s->exact, s->exact_len)) != NULL)
    {
      Occurrence o;
      gsize at = p - s->h.utf8;

      if (at + s->exact_len > hi)
        break;
      o.at = at;
      o.agree = equal_outward (&s->h, at, TRUE, s->raw_prefix, s->n_raw_prefix) +
                equal_outward (&s->h, at + s->exact_len, FALSE, s->raw_suffix, s->n_raw_suffix);
      o.distance = at > s->old_byte ? at - s->old_byte : s->old_byte - at;
      g_array_append_val (found, o);
      p = g_utf8_next_char (p);
    }

  if (found->len == 0)
    return FALSE;

  g_array_sort (found, compare_occurrences);
  for (guint i = 0; i < MIN (found->len, MAX_JUDGED); i++)
    {
      Occurrence *o = &g_array_index (found, Occurrence, i);

      /* With the whole context equal, the others cannot do better. */
      if (i > 0 && g_array_index (found, Occurrence, 0).agree == full && o->agree < full)
        break;
      consider (s, o->at, o->at + s->exact_len, 0, FALSE);
    }

  return g_array_index (found, Occurrence, 0).agree == full && s->have_best;
}

/* Step 3: approximate occurrences, seeded by the pieces of the quote. */

/* A piece found more often than this is not worth its windows (others
 * will do), unless no piece is rarer. */
#define MAX_SEED_HITS 100
#define MAX_WINDOWS 800
#define MAX_FUZZY_CHARS 4096

typedef struct
{
  gsize lo;               /* code points */
  gsize hi;
} Window;

static gint
compare_windows (gconstpointer a,
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
  myers_scores (backward, reversed, len, TRUE, scores);
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
          (scores[i] <= k && is_word_char (chars[start_j]) == is_word_char (s->quote[0]) &&
           (before == 0 || !is_word_char (before))))
        {
          consider (s, gloss_text_byte_offset (s->h.text, lo + start_j), bend,
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
  g_autofree gunichar *chars = decode_range (&s->h, blo, bhi, &n);
  g_autofree guint *scores = g_new (guint, MAX (n, 1));
  gunichar old_next = s->n_raw_suffix ? s->raw_suffix[0] : 0;

  if (n == 0)
    return;

  myers_scores (forward, chars, n, FALSE, scores);

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
            (e + 1 < n && edge_like (chars[e], chars[e + 1], s->quote[s->m - 1], old_next) &&
             !is_word_char (chars[e + 1])))
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

static void
search_fuzzy (Search *s,
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

  g_array_sort (windows, compare_windows);
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

  pattern_init (&forward, s->quote, s->m, FALSE);
  pattern_init (&backward, s->quote, s->m, TRUE);
  for (guint i = 0; i < windows->len; i++)
    scan_window (s, &forward, &backward, k, &g_array_index (windows, Window, i));
  pattern_clear (&forward);
  pattern_clear (&backward);
}

/* Step 4: the quote with bigger edits next to its unchanged context.  The
 * old context is searched for; the quote must start right after the
 * prefix (or end right before the suffix) with at most one error per three
 * code points, share most of its words with the old quote, and the place
 * must pass the context test as usual. */

#define CONTEXT_KEY 16
#define MAX_NEAR_KEY 96
#define CONTEXT_KEY_MIN_CHARS 4
#define MAX_CONTEXT_HITS 256

static GHashTable *
count_words (const gunichar *chars,
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
static double
word_similarity (const gunichar *a,
                 gsize           na,
                 const gunichar *b,
                 gsize           nb)
{
  g_autoptr(GHashTable) wa = NULL;
  g_autoptr(GHashTable) wb = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint ta, tb, common = 0;

  wa = count_words (a, na, &ta);
  wb = count_words (b, nb, &tb);
  if (ta + tb == 0)
    return 0;

  g_hash_table_iter_init (&iter, wa);
  while (g_hash_table_iter_next (&iter, &key, &value))
    common += MIN (GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (g_hash_table_lookup (wb, key)));

  return 2.0 * common / (ta + tb);
}

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
  guint block = block_length (outward, n);
  guint len = MIN (block, CONTEXT_KEY);
  guint near = 0;
  g_autofree gunichar *chars = NULL;

  while (near < len && is_space (outward[near]))
    near++;
  while (len > near && is_space (outward[len - 1]))
    len--;
  if (skipped != NULL)
    *skipped = near;
  else if (near > 0)
    return NULL;

  if (count_non_space (outward + near, len - near) < CONTEXT_KEY_MIN_CHARS)
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

  g_hash_table_unref (count_words (s->quote, s->m, &n_words));

  /* Losing one word of two is no small edit. */
  if (n_words <= 3)
    return s->m <= 24 && n <= 24 &&
           1.0 - (double) swap_distance (s->quote, s->m, chars, n) / MAX (s->m, n) >= 0.75;

  return word_similarity (s->quote, s->m, chars, n) >= 0.6;
}

typedef enum
{
  KEY_PREFIX,             /* the quote starts right after the key */
  KEY_HEAD,               /* the quote starts with the key */
  KEY_SUFFIX,             /* the quote ends right before the key */
  KEY_TAIL,               /* the quote ends with the key */
} KeyKind;

static void
search_near_key (Search  *s,
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
  pattern_init (&pattern, s->quote, s->m, !forward);
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
        while (at < s->h.n_bytes && is_space (g_utf8_get_char (s->h.utf8 + at)))
          at = g_utf8_next_char (s->h.utf8 + at) - s->h.utf8;
      else if (skipped > 0 && kind == KEY_SUFFIX)
        while (at > 0 && is_space (g_utf8_get_char (g_utf8_prev_char (s->h.utf8 + at))))
          at = g_utf8_prev_char (s->h.utf8 + at) - s->h.utf8;

      n = read_outward (&s->h, at, !forward, chars, span);

      p = g_utf8_next_char (p);
      if (n == 0)
        continue;

      /* Anchored at @at, free at the other end.  Backwards, text and
       * quote are both read from the end. */
      myers_scores (&pattern, chars, n, TRUE, scores);
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
          if ((is_word_char (chars[j]) && next != 0 && is_word_char (next)) !=
              (is_word_char (quote_end) && old_next != 0 && is_word_char (old_next)))
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
            consider (s, at, q - s->h.utf8, scores[j], TRUE);
          else
            consider (s, q - s->h.utf8, at, scores[j], TRUE);
        }
    }

  pattern_clear (&pattern);
}

/* The last resort: pieces of WIDE_PIECE code points of the quote found
 * anywhere, and around them matches with up to one error per two code
 * points (a word or two inserted or deleted in a short sentence, even at
 * its ends, where no longer piece of it is left), judged like the rest. */

#define WIDE_PIECE 8
#define MAX_WIDE_HITS 64
#define MAX_WIDE_ENDS 12
#define MAX_WIDE_STARTS 6

static void
search_wide (Search *s)
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

      if (count_non_space (s->quote + piece, WIDE_PIECE) < WIDE_PIECE / 2)
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

  g_array_sort (windows, compare_windows);
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

  pattern_init (&forward, s->quote, s->m, FALSE);
  pattern_init (&backward, s->quote, s->m, TRUE);

  for (guint wi = 0; wi < windows->len; wi++)
    {
      Window *w = &g_array_index (windows, Window, wi);
      gsize blo = gloss_text_byte_offset (s->h.text, w->lo);
      gsize bhi = gloss_text_byte_offset (s->h.text, w->hi);
      gsize n = 0;
      g_autofree gunichar *chars = decode_range (&s->h, blo, bhi, &n);
      g_autofree guint *scores = g_new (guint, MAX (n, 1));
      guint ends = 0;

      if (n == 0)
        continue;
      myers_scores (&forward, chars, n, FALSE, scores);

      for (gsize j = 0; j < n && ends < MAX_WIDE_ENDS; j++)
        {
          gsize from, len;
          g_autofree gunichar *reversed = NULL;
          g_autofree guint *back = NULL;
          guint starts = 0;

          /* Local minima that end like the quote did. */
          if (scores[j] > k || (j > 0 && scores[j - 1] < scores[j]) ||
              (j + 1 < n && scores[j + 1] < scores[j]) ||
              !edge_like (chars[j], j + 1 < n ? chars[j + 1] : 0, s->quote[s->m - 1], old_next))
            continue;
          ends++;

          from = j + 1 > s->m + k ? j + 1 - (s->m + k) : 0;
          len = j + 1 - from;
          reversed = g_new (gunichar, len);
          back = g_new (guint, len);
          for (gsize i = 0; i < len; i++)
            reversed[i] = chars[j - i];
          myers_scores (&backward, reversed, len, TRUE, back);

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
                    !edge_like (chars[start_j], start_j > 0 ? chars[start_j - 1] : 0,
                                s->quote[0], old_prev))
                  continue;
                starts++;
                if (!recognisable (s, chars + start_j, i + 1))
                  continue;
                consider (s,
                          gloss_text_byte_offset (s->h.text, w->lo + start_j),
                          gloss_text_byte_offset (s->h.text, w->lo + j + 1),
                          back[i], TRUE);
              }
        }
    }

  pattern_clear (&forward);
  pattern_clear (&backward);
}

/* Windows around the old position, then the whole text. */

#define GOOD_ENOUGH 0.8
static void
window_bytes (Search *s,
              gsize   radius,
              gsize  *lo,
              gsize  *hi)
{
  if (!s->has_old_start || radius == 0)
    {
      *lo = 0;
      *hi = s->h.n_bytes;
      return;
    }

  *lo = s->old_byte > radius ? s->old_byte - radius : 0;
  *hi = MIN (s->h.n_bytes, s->old_byte + radius + s->exact_len);
}

void
gloss_anchor (GlossText            *text,
              gboolean              text_unchanged,
              const GlossSelectors *selectors,
              GlossAnchorResult    *result)
{
  static const gsize radii[] = { 16 * 1024, 256 * 1024, 0 };
  const char *utf8;
  gsize n_bytes, n_chars;
  Search s;

  g_return_if_fail (text != NULL);
  g_return_if_fail (selectors != NULL);
  g_return_if_fail (result != NULL);

  result->status = GLOSS_ANCHOR_ORPHANED;
  result->start = 0;
  result->end = 0;
  result->score = 0;

  if (selectors->exact == NULL || selectors->exact[0] == '\0')
    return;

  utf8 = gloss_text_get_utf8 (text, &n_bytes);
  n_chars = gloss_text_get_length (text);

  /* 1. Where it was. */
  if (selectors->start >= 0 && selectors->end > selectors->start &&
      (gsize) selectors->end <= n_chars)
    {
      gsize exact_len = strlen (selectors->exact);
      gsize bstart = gloss_text_byte_offset (text, selectors->start);
      gsize bend = gloss_text_byte_offset (text, selectors->end);
      const char *prefix = selectors->prefix ? selectors->prefix : "";
      const char *suffix = selectors->suffix ? selectors->suffix : "";
      gsize prefix_len = strlen (prefix);
      gsize suffix_len = strlen (suffix);

      if (bend - bstart == exact_len &&
          memcmp (utf8 + bstart, selectors->exact, exact_len) == 0 &&
          (text_unchanged ||
           (bstart >= prefix_len &&
            memcmp (utf8 + bstart - prefix_len, prefix, prefix_len) == 0 &&
            n_bytes - bend >= suffix_len &&
            memcmp (utf8 + bend, suffix, suffix_len) == 0)))
        {
          result->status = GLOSS_ANCHOR_EXACT;
          result->start = selectors->start;
          result->end = selectors->end;
          result->score = 1.0;
          return;
        }
    }

  search_init (&s, text, selectors);

  /* 2. The quote elsewhere: near first. */
  for (guint i = 0; i < G_N_ELEMENTS (radii); i++)
    {
      gsize lo, hi;

      window_bytes (&s, radii[i], &lo, &hi);
      if (search_exact (&s, lo, hi))
        break;
      if (lo == 0 && hi == s.h.n_bytes)
        break;
    }

  /* 3. With small edits, near the old place first; 4. with more edits,
   * next to its unchanged context (cheap: two exact searches), before
   * the whole text is searched for small edits. */
  for (guint i = 0; i < G_N_ELEMENTS (radii) && !s.have_best; i++)
    {
      gsize lo, hi;

      window_bytes (&s, radii[i], &lo, &hi);
      if (lo == 0 && hi == s.h.n_bytes)
        {
          search_near_key (&s, KEY_PREFIX);
          search_near_key (&s, KEY_SUFFIX);
          if (s.have_best)
            break;
        }
      search_fuzzy (&s, lo, hi);
      /* A good place near the old one will do. */
      if ((s.have_best && s.best.score >= GOOD_ENOUGH) || (lo == 0 && hi == s.h.n_bytes))
        break;
    }

  /* 5. Anywhere, with up to one error per two code points. */
  if (!s.have_best)
    search_wide (&s);

  if (s.have_best)
    {
      gboolean same = s.best.distance == 0 && s.has_old_start &&
                      s.best.start == s.old_start &&
                      s.best.prefix.similarity == 1.0 && s.best.suffix.similarity == 1.0;

      result->status = same ? GLOSS_ANCHOR_EXACT : GLOSS_ANCHOR_MOVED;
      result->start = s.best.start;
      result->end = s.best.end;
      result->score = same ? 1.0 : CLAMP (s.best.score, 0.0, 0.999);
    }

  search_clear (&s);
}
