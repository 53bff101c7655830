/* gloss-sidecar-check.c: what a sidecar's text must be before json-glib
 * reads it
 *
 * json-glib 1.6 overflows its stack on deep nesting, leaks a second
 * top-level value, and reads some escapes and numbers wrongly without a
 * word; a file it would read wrongly could not be written back as it was.
 * Such text is refused here, with a sentence saying why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-sidecar-private.h"

/* json-glib 1.6 reads more than JSON outside its strings (its scanner is
 * GLib's GScanner): strings in single quotes, which have no escapes, and
 * comments, which run from a slash to the next slash (the scanner's
 * cpair_comment_single is "//\n", of which only the first two characters
 * count: a C comment is one by luck, and one with a slash inside ends at
 * that slash).  Brackets, quotes, digits and backslashes in them are none
 * of JSON's.  @i is on the quote or the slash: returns the index of the
 * character that ends it, or @len when nothing does (json-glib then
 * refuses the document). */
static gsize
skip_extension (const char *data,
                gsize       len,
                gsize       i)
{
  const char *close = memchr (data + i + 1, data[i], len - i - 1);

  return close != NULL ? (gsize) (close - data) : len;
}

static int
hex_escape_value (const char *p,
                  const char *end)
{
  int value = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;

  for (int i = 2; i < 6; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

typedef enum
{
  ESCAPES_FINE,
  ESCAPES_INVALID,      /* \q, \u12, \uGGGG: not JSON */
  ESCAPES_HALF,         /* \ud800 without its other half */
} EscapesVerdict;

/* What one pass over the text found (a sidecar of 10,000 annotations is
 * 12 MB).  Each is something json-glib 1.6 would get wrong:
 * - nesting deeper than the bound: it recurses once per level and
 *   overflows the stack;
 * - a container after another top-level value: it leaks the second of two
 *   values, all of it, before it says the document is not JSON (and a
 *   sidecar that changes on disk is read again and again);
 * - escapes that are not JSON's or only half a character: it reads them
 *   without a word, and wrongly ("\q" as "q", "\u00zz" cuts the string
 *   short, "\ud800" gives bytes that are not UTF-8 and swallows the
 *   character after it);
 * - a whole number beyond 64 bits: it wraps it around
 *   (12345678901234567890 becomes -6101065172474983726); numbers with a
 *   fraction or an exponent are doubles, which keep their value.
 * Such a file could not be kept as it is.  The parser checks the rest. */
typedef struct
{
  guint           depth;
  guint           assignments;
  gboolean        seen_value;
  gboolean        several;
  gboolean        too_deep;
  EscapesVerdict  escape;
  const char     *escape_at;     /* the first escape that is wrong */
  gboolean        number_too_large;
} Scan;

/* The escape at @p, in a string: how long it is; the first wrong one is
 * noted in @scan. */
static gsize
scan_escape (Scan       *scan,
             const char *p,
             const char *end)
{
  EscapesVerdict verdict = ESCAPES_FINE;
  gsize length = 2;
  int value;

  if (end - p < 2)
    verdict = ESCAPES_INVALID;
  else if (strchr ("\"\\/bfnrt", p[1]) == NULL || p[1] == '\0')
    {
      value = hex_escape_value (p, end);
      if (value < 0)
        verdict = ESCAPES_INVALID;
      else if (value < 0xd800 || value > 0xdfff)
        length = 6;
      else
        {
          /* A surrogate: the first half, then the second. */
          length = 6;
          if (value >= 0xdc00)
            verdict = ESCAPES_HALF;
          else if ((value = hex_escape_value (p + 6, end)) < 0xdc00 || value > 0xdfff)
            verdict = ESCAPES_HALF;
          else
            length = 12;
        }
    }

  if (verdict != ESCAPES_FINE && scan->escape == ESCAPES_FINE)
    {
      scan->escape = verdict;
      scan->escape_at = p;
    }

  return length;
}

/* The number that starts at @i ('-' or a digit): the index after it; a
 * whole number too large is noted in @scan. */
static gsize
scan_number (Scan       *scan,
             const char *data,
             gsize       len,
             gsize       i)
{
  static const char max_digits[] = "9223372036854775807";
  gboolean negative = data[i] == '-';
  gsize start = negative ? i + 1 : i;
  gsize n;

  for (i = start; i < len && g_ascii_isdigit (data[i]); i++)
    ;
  n = i - start;
  if (i < len && (data[i] == '.' || data[i] == 'e' || data[i] == 'E'))
    {
      /* A double: the rest of it. */
      while (i + 1 < len && strchr ("0123456789.eE+-", data[i + 1]) != NULL)
        i++;
      return i + 1;
    }

  /* Leading zeros are not JSON; the parser says so. */
  if (n > strlen (max_digits) ||
      (n == strlen (max_digits) &&
       memcmp (data + start, max_digits, n) > 0 &&
       !(negative && memcmp (data + start, "9223372036854775808", n) == 0)))
    scan->number_too_large = TRUE;

  return i;
}

/* Strings, comments and strings in single quotes are read as json-glib's
 * scanner reads them (skip_extension()). */
static void
scan_text (Scan       *scan,
           const char *data,
           gsize       len,
           guint       max_depth)
{
  gboolean in_string = FALSE;

  memset (scan, 0, sizeof *scan);

  for (gsize i = 0; i < len && !scan->too_deep; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i += scan_escape (scan, data + i, data + len) - 1;
          else if (c == '"')
            {
              in_string = FALSE;
              scan->seen_value |= scan->depth == 0;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '\'':
          i = skip_extension (data, len, i);
          scan->seen_value |= scan->depth == 0;
          break;

        case '/':
          i = skip_extension (data, len, i);
          break;

        /* json-glib reads "var a = var b = … {}" one level deeper at each
         * "var": a chain of them overflowed its stack as nesting does.
         * One is all it may take. */
        case '=':
          scan->too_deep |= scan->depth == 0 && ++scan->assignments > 1;
          break;

        case '[':
        case '{':
          scan->several |= scan->depth == 0 && scan->seen_value;
          scan->too_deep |= ++scan->depth > max_depth;
          break;

        case ']':
        case '}':
          if (scan->depth > 0 && --scan->depth == 0)
            scan->seen_value = TRUE;
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          scan->seen_value |= scan->depth == 0;
          i = scan_number (scan, data, len, i) - 1;
          break;

        default:
          /* Anything else at the top is taken for a value ("$ff" and
           * ".5" too, true, false, null, or what json-glib refuses before
           * it reads on), but for space, a byte order mark and the
           * "var name =" json-glib allows before the value (of which
           * letters other than t, f and n, '_', '=' and ';'). */
          if (scan->depth == 0 && strchr (" \t\r\n=;_", c) == NULL && (guchar) c < 0x80 &&
              (!g_ascii_isalpha (c) || c == 't' || c == 'f' || c == 'n'))
            scan->seen_value = TRUE;
          break;
        }
    }
}

gboolean
gloss_sidecar_check_depth (const char *data,
                           gsize       len,
                           guint       max_depth)
{
  Scan scan;

  scan_text (&scan, data, len, max_depth);

  return !scan.too_deep;
}

gboolean
gloss_sidecar_check_text (const char  *data,
                          gsize        len,
                          GError     **error)
{
  Scan scan;

  if (len > GLOSS_SIDECAR_MAX_SIZE)
    return gloss_sidecar_invalid (error, _("it is larger than 64 MiB"));
  if (len == 0)
    return gloss_sidecar_invalid (error, _("it is empty"));
  if (memchr (data, '\0', len) != NULL)
    return gloss_sidecar_invalid (error, _("it holds binary data"));
  if (!g_utf8_validate_len (data, len, NULL))
    return gloss_sidecar_invalid (error, _("it is not UTF-8 text"));

  /* No sidecar needs more than a few levels. */
  scan_text (&scan, data, len, GLOSS_SIDECAR_MAX_DEPTH);
  if (scan.too_deep)
    return gloss_sidecar_invalid (error, _("it is nested too deeply"));
  if (scan.several)
    {
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                 _("more than one value"));

      return gloss_sidecar_invalid (error, reason);
    }
  if (scan.escape == ESCAPES_INVALID)
    {
      g_autofree char *text = g_utf8_make_valid (scan.escape_at, MIN (6, data + len - scan.escape_at));
      g_autofree char *what = g_strdup_printf (_("“%s” is no escape"), text);
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"), what);

      return gloss_sidecar_invalid (error, reason);
    }
  if (scan.escape == ESCAPES_HALF)
    {
      g_autofree char *text = g_strndup (scan.escape_at, 6);
      g_autofree char *reason = g_strdup_printf (_("it holds “%s”, half of a character, which "
                                                   "Gloss could not keep as it is"),
                                                 text);

      return gloss_sidecar_invalid (error, reason);
    }
  if (scan.number_too_large)
    return gloss_sidecar_invalid (error, _("it holds a whole number too large to keep"));

  return TRUE;
}
