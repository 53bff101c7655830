/* gloss-anchor.c: selectors ⇄ text offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"
#define _GNU_SOURCE             /* memmem() */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-anchor.h"
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
  length = gloss_text_get_length (text);

  if (start >= end || end > length)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_OUT_OF_RANGE,
                   _("The passage %" G_GSIZE_FORMAT "–%" G_GSIZE_FORMAT
                     " is not inside the article, which has %" G_GSIZE_FORMAT
                     " characters. Select the text again."),
                   start, end, length);
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

/* Search */

typedef struct
{
  GlossText  *text;
  const char *utf8;
  gsize       n_bytes;
  gsize       n_chars;
} Haystack;

/* Whether the bytes of @s end right at byte @at of the text. */
static gsize
common_suffix_chars (const Haystack *h,
                     gsize           at,
                     const char     *s)
{
  gsize len = strlen (s);
  gsize n = 0;
  const char *p = s + len;
  const char *q = h->utf8 + at;

  /* Compare backwards code point by code point. */
  while (p > s && q > h->utf8)
    {
      const char *pp = g_utf8_find_prev_char (s, p);
      const char *qq = g_utf8_find_prev_char (h->utf8, q);

      if (pp == NULL || qq == NULL || p - pp != q - qq || memcmp (pp, qq, p - pp) != 0)
        break;
      p = pp;
      q = qq;
      n++;
    }

  return n;
}

static gsize
common_prefix_chars (const Haystack *h,
                     gsize           at,
                     const char     *s)
{
  gsize n = 0;
  const char *p = s;
  const char *q = h->utf8 + at;
  const char *end = h->utf8 + h->n_bytes;

  while (*p != '\0' && q < end)
    {
      const char *pn = g_utf8_next_char (p);
      const char *qn = g_utf8_next_char (q);

      if (pn - p != qn - q || memcmp (p, q, pn - p) != 0)
        break;
      p = pn;
      q = qn;
      n++;
    }

  return n;
}

static gboolean
matches_at (const Haystack *h,
            gsize           byte_start,
            const char     *s,
            gsize           len)
{
  return byte_start <= h->n_bytes && h->n_bytes - byte_start >= len &&
         memcmp (h->utf8 + byte_start, s, len) == 0;
}

void
gloss_anchor (GlossText            *text,
              gboolean              text_unchanged,
              const GlossSelectors *selectors,
              GlossAnchorResult    *result)
{
  Haystack h;
  gsize exact_len;
  gsize prefix_chars, suffix_chars;
  gsize best_byte = 0;
  double best_context = -1;
  gsize best_distance = G_MAXSIZE;
  gboolean found = FALSE;
  gsize old_start;

  g_return_if_fail (text != NULL);
  g_return_if_fail (selectors != NULL);
  g_return_if_fail (result != NULL);

  result->status = GLOSS_ANCHOR_ORPHANED;
  result->start = 0;
  result->end = 0;
  result->score = 0;

  if (selectors->exact == NULL || selectors->exact[0] == '\0')
    return;

  h.text = text;
  h.utf8 = gloss_text_get_utf8 (text, &h.n_bytes);
  h.n_chars = gloss_text_get_length (text);
  exact_len = strlen (selectors->exact);
  prefix_chars = selectors->prefix ? g_utf8_strlen (selectors->prefix, -1) : 0;
  suffix_chars = selectors->suffix ? g_utf8_strlen (selectors->suffix, -1) : 0;

  /* 1. Where it was. */
  if (selectors->start >= 0 && selectors->end > selectors->start &&
      (gsize) selectors->end <= h.n_chars)
    {
      gsize bstart = gloss_text_byte_offset (text, selectors->start);
      gsize bend = gloss_text_byte_offset (text, selectors->end);

      if (bend - bstart == exact_len &&
          memcmp (h.utf8 + bstart, selectors->exact, exact_len) == 0 &&
          (text_unchanged ||
           (common_suffix_chars (&h, bstart, selectors->prefix ? selectors->prefix : "") == prefix_chars &&
            common_prefix_chars (&h, bend, selectors->suffix ? selectors->suffix : "") == suffix_chars)))
        {
          result->status = GLOSS_ANCHOR_EXACT;
          result->start = selectors->start;
          result->end = selectors->end;
          result->score = 1.0;
          return;
        }
    }

  /* 2. The quote elsewhere. */
  old_start = selectors->start >= 0 ? (gsize) selectors->start : 0;
  for (const char *p = h.utf8, *end = h.utf8 + h.n_bytes;
       p < end && (p = memmem (p, end - p, selectors->exact, exact_len)) != NULL;
       p = g_utf8_next_char (p))
    {
      gsize at = p - h.utf8;
      gsize pre = common_suffix_chars (&h, at, selectors->prefix ? selectors->prefix : "");
      gsize suf = common_prefix_chars (&h, at + exact_len, selectors->suffix ? selectors->suffix : "");
      double context = (double) (pre + suf) / MAX (1, prefix_chars + suffix_chars);
      gsize start = gloss_text_char_offset (text, at);
      gsize distance = start > old_start ? start - old_start : old_start - start;

      g_assert (matches_at (&h, at, selectors->exact, exact_len));

      if (context > best_context ||
          (context == best_context && distance < best_distance))
        {
          best_context = context;
          best_distance = distance;
          best_byte = at;
          found = TRUE;
        }
    }

  if (found)
    {
      gsize start = gloss_text_char_offset (text, best_byte);

      result->start = start;
      result->end = gloss_text_char_offset (text, best_byte + exact_len);
      result->status = (best_context == 1.0 && (gint64) start == selectors->start)
                       ? GLOSS_ANCHOR_EXACT : GLOSS_ANCHOR_MOVED;
      result->score = 1.0;
    }
}
