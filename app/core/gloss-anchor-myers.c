/* gloss-anchor-myers.c: Myers' bit-parallel edit distance over code points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"

#include "config.h"

#include <string.h>

#include "gloss-anchor-search-private.h"

/* Myers' bit-parallel edit distance (with Hyyrö's blocks for patterns
 * longer than 64).  Column by column over the text it keeps the vertical
 * differences of the dynamic-programming matrix as bit vectors. */

/* What the matching takes as a space. */
static const gunichar spaces[] = {
  '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028,
  0x2029, 0x202F, 0x205F, 0x3000,
};

gboolean
gloss_anchor_is_space (gunichar c)
{
  if (c == ' ')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    if (spaces[i] == c)
      return TRUE;

  return FALSE;
}

void
gloss_anchor_pattern_init (Pattern        *p,
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

      if (c != ' ' && gloss_anchor_is_space (c))
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

void
gloss_anchor_pattern_clear (Pattern *p)
{
  g_clear_pointer (&p->ascii, g_free);
  g_clear_pointer (&p->other, g_hash_table_unref);
  g_clear_pointer (&p->pv, g_free);
  g_clear_pointer (&p->mv, g_free);
}

/* scores[j] = edit distance between the pattern and the best substring of
 * text[0, j] ending at j; with @anchored, the substring must start at 0. */
void
gloss_anchor_myers_scores (Pattern        *p,
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

  gloss_anchor_pattern_init (&p, a, na, FALSE);
  scores = g_new (guint, nb);
  gloss_anchor_myers_scores (&p, b, nb, TRUE, scores);
  d = scores[nb - 1];
  g_free (scores);
  gloss_anchor_pattern_clear (&p);

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
  gloss_anchor_pattern_init (&p, ua, na, FALSE);
  gloss_anchor_myers_scores (&p, ub, nb, FALSE, scores);
  gloss_anchor_pattern_clear (&p);

  best = na;
  for (glong j = 0; j < nb; j++)
    best = MIN (best, scores[j]);

  return best;
}
