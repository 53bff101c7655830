/* gloss-html-controls.c: control characters kept through gumbo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-html"

#include "config.h"

#include <string.h>

#include "gloss-html-private.h"

/* Gumbo follows an older HTML spec in one more way: it replaces the
 * control characters (U+0001–U+0008, U+000B, U+000E–U+001F, U+007F–U+009F)
 * and the noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) of the source with
 * U+FFFD, where browsers keep them (a parse error only).  So before parsing
 * they are swapped for private-use stand-ins, which gumbo keeps, and swapped
 * back in every string read out of the tree.  (Character references such
 * as &#x1; already give the character itself, as in browsers.)  A source
 * that already contains a stand-in is parsed as it is. */

#define STANDIN_BASE      0x100000  /* U+0001–U+009F, U+FDD0–U+FDEF */
#define STANDIN_NONCHARS  0x10E000  /* U+xFFFE, U+xFFFF of planes 0–16 */

static gboolean
is_replaced_by_gumbo (gunichar c)
{
  return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) ||
         (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) ||
         (c & 0xFFFE) == 0xFFFE;
}

static gboolean
is_standin (gunichar c)
{
  return (c >= STANDIN_BASE && c <= STANDIN_BASE + 0x9F) ||
         (c >= STANDIN_BASE + 0xFDD0 && c <= STANDIN_BASE + 0xFDEF) ||
         (c >= STANDIN_NONCHARS && c < STANDIN_NONCHARS + 34);
}

static gunichar
standin_for (gunichar c)
{
  if ((c & 0xFFFE) == 0xFFFE)
    return STANDIN_NONCHARS + (c >> 16) * 2 + (c & 1);

  return STANDIN_BASE + c;
}

static gunichar
standin_original (gunichar c)
{
  if (c >= STANDIN_NONCHARS && c < STANDIN_NONCHARS + 34)
    {
      c -= STANDIN_NONCHARS;
      return ((c / 2) << 16) | 0xFFFE | (c & 1);
    }

  return c - STANDIN_BASE;
}

/* Gumbo adds up the digits of a numeric character reference in an int, so
 * one too long for it (&#x8888888888;) wraps around, to a wrong character
 * or to a negative one that it writes as a byte that is not UTF-8.  Every
 * reference beyond U+10FFFF means U+FFFD, as WebKit reads it.  Returns the
 * length of such a reference at @p (with its ';', if any), or 0. */
static gsize
overflowing_reference (const char *p,
                       const char *end)
{
  const char *q = p + 2;
  gboolean hex;
  guint64 value = 0;
  gboolean any = FALSE;

  if (end - p < 3 || p[0] != '&' || p[1] != '#')
    return 0;

  hex = *q == 'x' || *q == 'X';
  if (hex)
    q++;

  for (; q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)); q++)
    {
      any = TRUE;
      value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : g_ascii_digit_value (*q));
      value = MIN (value, G_GUINT64_CONSTANT (0x110000));
    }

  if (!any || value <= 0x10FFFF)
    return 0;
  if (q < end && *q == ';')
    q++;

  return q - p;
}

/* The source with stand-ins, or NULL when it needs none (or has some). */
char *
gloss_html_protect_controls (const char *html,
                             gsize       len,
                             gsize      *out_len)
{
  const char *p = html;
  const char *end = html + len;
  const char *copied = html;
  GString *out = NULL;

  while (p < end)
    {
      guchar b = *p;
      gunichar c;
      gsize n;

      if (b == '&' && (n = overflowing_reference (p, end)) > 0)
        {
          /* (In raw text, <xmp> and the like, this is text, not a reference,
           * and the count differs there; nothing else rewrites it.) */
          if (out == NULL)
            out = g_string_sized_new (len + 64);
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, "&#xFFFD;");
          p += n;
          copied = p;
          continue;
        }

      if (b < 0x80)
        {
          if (b == 0 || b == '\t' || b == '\n' || b == '\f' || b == '\r' ||
              (b >= 0x20 && b != 0x7F))
            {
              p++;
              continue;
            }
          c = b;
          n = 1;
        }
      else
        {
          gunichar d = g_utf8_get_char_validated (p, end - p);

          if (d == (gunichar) -1 || d == (gunichar) -2)
            {
              p++;            /* invalid: gumbo's business */
              continue;
            }
          n = g_utf8_skip[b];
          if (is_standin (d))
            {
              if (out != NULL)
                g_string_free (out, TRUE);
              return NULL;
            }
          if (!is_replaced_by_gumbo (d))
            {
              p += n;
              continue;
            }
          c = d;
        }

      if (out == NULL)
        out = g_string_sized_new (len + 64);
      g_string_append_len (out, copied, p - copied);
      g_string_append_unichar (out, standin_for (c));
      p += n;
      copied = p;
    }

  if (out == NULL)
    return NULL;

  g_string_append_len (out, copied, end - copied);
  *out_len = out->len;

  return g_string_free (out, FALSE);
}

/* Swaps the stand-ins in @s back, in place (they are longer).  Returns the
 * new length. */
gsize
gloss_html_unprotect_controls (char  *s,
                               gsize  len)
{
  char *r = s;
  char *w = s;
  char *end = s + len;

  while (r < end)
    {
      gunichar c;

      /* Stand-ins are U+10xxxx: F4 80–8F … */
      if ((guchar) *r != 0xF4 || end - r < 4)
        {
          *w++ = *r++;
          continue;
        }
      c = g_utf8_get_char (r);
      if (is_standin (c))
        w += g_unichar_to_utf8 (standin_original (c), w);
      else
        {
          memmove (w, r, 4);
          w += 4;
        }
      r += 4;
    }
  *w = '\0';

  return w - s;
}
