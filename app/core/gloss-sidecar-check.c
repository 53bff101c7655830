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

static inline gboolean
is_extension (char c)
{
  return c == '\'' || c == '/';
}

/* What the brackets of a document say, in one pass (a sidecar of 10,000
 * annotations is 12 MB): nested deeper than @max_depth (json-glib
 * recurses once per level and overflows the stack), or a container after
 * another top-level value (json-glib 1.6 leaks the second of two top-level
 * values, all of it, before it says the document is not JSON; a sidecar
 * that changes on disk is read again and again).  Strings and comments
 * are skipped as json-glib's scanner skips them (skip_extension());
 * the parser checks the rest. */
typedef enum
{
  SHAPE_FINE,
  SHAPE_TOO_DEEP,
  SHAPE_SEVERAL_VALUES,
} Shape;

static Shape
scan_shape (const char *data,
            gsize       len,
            guint       max_depth)
{
  guint depth = 0;
  guint assignments = 0;
  gboolean in_string = FALSE;
  gboolean seen_value = FALSE;
  gboolean several = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              seen_value |= depth == 0;
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
          seen_value |= depth == 0;
          break;

        case '/':
          i = skip_extension (data, len, i);
          break;

        /* json-glib reads "var a = var b = … {}" one level deeper at each
         * "var": a chain of them overflowed its stack as nesting does.
         * One is all it may take. */
        case '=':
          if (depth == 0 && ++assignments > 1)
            return SHAPE_TOO_DEEP;
          break;

        case '[':
        case '{':
          several |= depth == 0 && seen_value;
          if (++depth > max_depth)
            return SHAPE_TOO_DEEP;
          break;

        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            seen_value = TRUE;
          break;

        default:
          /* Anything else at the top is taken for a value (a number,
           * "$ff" and ".5" too, true, false, null, or what json-glib
           * refuses before it reads on), but for space, a byte order mark
           * and the "var name =" json-glib allows before the value (of
           * which letters other than t, f and n, '_', '=' and ';'). */
          if (depth == 0 && strchr (" \t\r\n=;_", c) == NULL && (guchar) c < 0x80 &&
              (!g_ascii_isalpha (c) || c == 't' || c == 'f' || c == 'n'))
            seen_value = TRUE;
          break;
        }
    }

  return several ? SHAPE_SEVERAL_VALUES : SHAPE_FINE;
}

gboolean
gloss_sidecar_check_depth (const char *data,
                           gsize       len,
                           guint       max_depth)
{
  return scan_shape (data, len, max_depth) != SHAPE_TOO_DEEP;
}

/* json-glib 1.6 reads a whole number beyond 64 bits wrapped around
 * (12345678901234567890 becomes -6101065172474983726), so it could not be
 * written back as it was: such a file is not read.  Numbers with a
 * fraction or an exponent are doubles, which keep their value. */
static gboolean
whole_numbers_fit (const char *data,
                   gsize       len)
{
  static const char max_digits[] = "9223372036854775807";
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      gboolean negative;
      gsize start, n;

      if (in_string)
        {
          if (data[i] == '\\')
            i++;
          else if (data[i] == '"')
            in_string = FALSE;
          continue;
        }
      if (data[i] == '"')
        {
          in_string = TRUE;
          continue;
        }
      if (is_extension (data[i]))
        {
          i = skip_extension (data, len, i);
          continue;
        }
      if (data[i] != '-' && !g_ascii_isdigit (data[i]))
        continue;

      negative = data[i] == '-';
      start = negative ? i + 1 : i;
      for (i = start; i < len && g_ascii_isdigit (data[i]); i++)
        ;
      n = i - start;
      if (i < len && (data[i] == '.' || data[i] == 'e' || data[i] == 'E'))
        {
          /* A double: skip the rest of it. */
          while (i + 1 < len && strchr ("0123456789.eE+-", data[i + 1]) != NULL)
            i++;
          continue;
        }

      /* Leading zeros are not JSON; the parser says so. */
      if (n > strlen (max_digits) ||
          (n == strlen (max_digits) &&
           memcmp (data + start, max_digits, n) > 0 &&
           !(negative && memcmp (data + start, "9223372036854775808", n) == 0)))
        return FALSE;
      i--;
    }

  return TRUE;
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

/* Whether the escapes in the strings of @data are JSON's and whole
 * characters; @where is set to the first that is not.  json-glib 1.6 reads
 * the others without a word, and wrongly: "\q" as "q", "\u00zz" cuts the
 * string short, "\ud800" gives bytes that are not UTF-8 and swallows the
 * character after it.  Such a file could not be kept as it is. */
static EscapesVerdict
check_escapes (const char  *data,
               gsize        len,
               const char **where)
{
  const char *end = data + len;
  gboolean in_string = FALSE;

  for (const char *p = data; p < end; p++)
    {
      int value;

      if (!in_string)
        {
          in_string = *p == '"';
          /* A comment or a string in single quotes: no escapes. */
          if (is_extension (*p))
            {
              gsize close = skip_extension (data, len, p - data);

              if (close == len)
                break;
              p = data + close;
            }
          continue;
        }
      if (*p == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (*p != '\\')
        continue;

      *where = p;
      if (end - p < 2)
        return ESCAPES_INVALID;
      if (strchr ("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0')
        {
          p++;
          continue;
        }

      value = hex_escape_value (p, end);
      if (value < 0)
        return ESCAPES_INVALID;
      if (value < 0xd800 || value > 0xdfff)
        {
          p += 5;
          continue;
        }
      if (value >= 0xdc00)
        return ESCAPES_HALF;

      value = hex_escape_value (p + 6, end);
      if (value < 0xdc00 || value > 0xdfff)
        return ESCAPES_HALF;
      p += 11;
    }

  return ESCAPES_FINE;
}

gboolean
gloss_sidecar_check_text (const char  *data,
                          gsize        len,
                          GError     **error)
{
  const char *escape = NULL;
  Shape shape;

  if (len > GLOSS_SIDECAR_MAX_SIZE)
    return gloss_sidecar_invalid (error, _("it is larger than 64 MiB"));
  if (len == 0)
    return gloss_sidecar_invalid (error, _("it is empty"));
  if (memchr (data, '\0', len) != NULL)
    return gloss_sidecar_invalid (error, _("it holds binary data"));
  if (!g_utf8_validate_len (data, len, NULL))
    return gloss_sidecar_invalid (error, _("it is not UTF-8 text"));
  /* No sidecar needs more than a few levels. */
  shape = scan_shape (data, len, GLOSS_SIDECAR_MAX_DEPTH);
  if (shape == SHAPE_TOO_DEEP)
    return gloss_sidecar_invalid (error, _("it is nested too deeply"));
  if (shape == SHAPE_SEVERAL_VALUES)
    {
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                 _("more than one value"));

      return gloss_sidecar_invalid (error, reason);
    }

  switch (check_escapes (data, len, &escape))
    {
    case ESCAPES_INVALID:
      {
        g_autofree char *text = g_utf8_make_valid (escape, MIN (6, data + len - escape));
        g_autofree char *what = g_strdup_printf (_("“%s” is no escape"), text);
        g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"), what);

        return gloss_sidecar_invalid (error, reason);
      }
    case ESCAPES_HALF:
      {
        g_autofree char *text = g_strndup (escape, 6);
        g_autofree char *reason = g_strdup_printf (_("it holds “%s”, half of a character, which "
                                                     "Gloss could not keep as it is"),
                                                   text);

        return gloss_sidecar_invalid (error, reason);
      }
    case ESCAPES_FINE:
    default:
      break;
    }
  if (!whole_numbers_fit (data, len))
    return gloss_sidecar_invalid (error, _("it holds a whole number too large to keep"));

  return TRUE;
}
