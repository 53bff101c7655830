/* gloss-anchor-exact.c: step 2 of anchoring, exact occurrences of the quote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-anchor"
#define _GNU_SOURCE             /* memmem() */

#include "config.h"

#include <string.h>

#include "gloss-anchor-search-private.h"

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
gboolean
gloss_anchor_search_exact (Search *s,
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
      gloss_anchor_consider (s, o->at, o->at + s->exact_len, 0, FALSE);
    }

  return g_array_index (found, Occurrence, 0).agree == full && s->have_best;
}
