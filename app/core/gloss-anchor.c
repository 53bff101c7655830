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
 * The steps live in gloss-anchor-exact.c (2), gloss-anchor-fuzzy.c (3)
 * and gloss-anchor-near.c (4, 5); the context test and the scoring in
 * gloss-anchor-context.c; the edit distance in gloss-anchor-myers.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-anchor-search-private.h"
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
  s->n_prefix = gloss_anchor_collapse_spaces (s->prefix, s->n_prefix);
  s->n_suffix = gloss_anchor_collapse_spaces (s->suffix, s->n_suffix);

  gloss_anchor_count_breaks (s->exact, s->exact_len, &s->head, &s->tail);
  s->has_old_start = selectors->start >= 0;
  s->old_start = s->has_old_start ? MIN ((gsize) selectors->start, s->h.n_chars) : 0;
  s->old_byte = gloss_text_byte_offset (text, s->old_start);
}

static void
search_clear (Search *s)
{
  g_clear_pointer (&s->quote, g_free);
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
      if (gloss_anchor_search_exact (&s, lo, hi))
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
          gloss_anchor_search_near_key (&s, KEY_PREFIX);
          gloss_anchor_search_near_key (&s, KEY_SUFFIX);
          if (s.have_best)
            break;
        }
      gloss_anchor_search_fuzzy (&s, lo, hi);
      /* A good place near the old one will do. */
      if ((s.have_best && s.best.score >= GOOD_ENOUGH) || (lo == 0 && hi == s.h.n_bytes))
        break;
    }

  /* 5. Anywhere, with up to one error per two code points. */
  if (!s.have_best)
    gloss_anchor_search_wide (&s);

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
