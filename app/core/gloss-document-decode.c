/* gloss-document-decode.c: an article's format and its bytes as UTF-8
 *
 * The first steps of reading an article (gloss-document.c): the format,
 * from the file name or, failing that, from how the bytes start; then the
 * bytes decoded to UTF-8 (a BOM, else valid UTF-8, else the charset an HTML
 * page declares), refusing binary and empty files with a clear message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-document-private.h"
#include "gloss-error.h"
#include "gloss-html-private.h"

/* Formats */

GlossFormat
gloss_format_from_filename (const char *filename)
{
  static const struct {
    const char  *ext;
    GlossFormat  format;
  } exts[] = {
    { "html", GLOSS_FORMAT_HTML },
    { "htm", GLOSS_FORMAT_HTML },
    { "shtml", GLOSS_FORMAT_HTML },
    { "xhtml", GLOSS_FORMAT_XHTML },
    { "xht", GLOSS_FORMAT_XHTML },
    { "md", GLOSS_FORMAT_MARKDOWN },
    { "markdown", GLOSS_FORMAT_MARKDOWN },
    { "mdown", GLOSS_FORMAT_MARKDOWN },
    { "mkd", GLOSS_FORMAT_MARKDOWN },
    { "txt", GLOSS_FORMAT_TEXT },
    { "text", GLOSS_FORMAT_TEXT },
  };
  const char *dot;

  if (filename == NULL)
    return GLOSS_FORMAT_UNKNOWN;

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL || dot == filename ||
      dot[-1] == '/')
    return GLOSS_FORMAT_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot + 1, exts[i].ext) == 0)
      return exts[i].format;

  return GLOSS_FORMAT_UNKNOWN;
}

static gboolean
has_prefix_ci (const char *p,
               const char *end,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

/* A file without a telling name: HTML if it starts like HTML (after a BOM,
 * whitespace, an XML declaration or comments), else text. */
GlossFormat
gloss_format_sniff (const char *data,
                    gsize       len)
{
  const char *p = data;
  const char *end = data + MIN (len, 4096);

  if (has_prefix_ci (p, end, "\xEF\xBB\xBF"))
    p += 3;

  for (;;)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (has_prefix_ci (p, end, "<!doctype html") || has_prefix_ci (p, end, "<html"))
        return GLOSS_FORMAT_HTML;
      if (has_prefix_ci (p, end, "<?xml") || has_prefix_ci (p, end, "<!--"))
        {
          const char *terminator = has_prefix_ci (p, end, "<?") ? "?>" : "-->";
          const char *close = g_strstr_len (p, end - p, terminator);

          if (close == NULL)
            break;
          p = close + strlen (terminator);
          continue;
        }
      break;
    }

  return GLOSS_FORMAT_TEXT;
}

/* Decoding */

/* windows-1252 as the WHATWG Encoding Standard defines it (what browsers
 * use for windows-1252, ISO-8859-1, Latin-1 and US-ASCII labels); bytes
 * 0x80–0x9F, the rest is Latin-1. */
static const gunichar windows_1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *
decode_windows_1252 (const guchar *data,
                     gsize         len,
                     gsize        *out_len)
{
  GString *out = g_string_sized_new (len + len / 8 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if (c < 0x80)
        g_string_append_c (out, c);
      else if (c < 0xA0)
        g_string_append_unichar (out, windows_1252_high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* The converter name for an encoding label, following the WHATWG Encoding
 * Standard where iconv's meaning differs.  "windows-1252" means our table. */
static const char *
charset_for_label (const char *label)
{
  static const struct {
    const char *label;
    const char *charset;
  } aliases[] = {
    { "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
    /* A <meta> cannot declare UTF-16: the bytes were readable as ASCII. */
    { "utf-16", "UTF-8" }, { "utf-16le", "UTF-8" }, { "utf-16be", "UTF-8" },
    { "windows-1252", "windows-1252" }, { "cp1252", "windows-1252" },
    { "x-cp1252", "windows-1252" }, { "iso-8859-1", "windows-1252" },
    { "iso8859-1", "windows-1252" }, { "iso_8859-1", "windows-1252" },
    { "iso88591", "windows-1252" }, { "latin1", "windows-1252" },
    { "l1", "windows-1252" }, { "us-ascii", "windows-1252" },
    { "ascii", "windows-1252" }, { "ansi_x3.4-1968", "windows-1252" },
    { "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
    { "iso-ir-100", "windows-1252" }, { "csisolatin1", "windows-1252" },
    { "iso-8859-9", "WINDOWS-1254" }, { "latin5", "WINDOWS-1254" },
    { "iso-8859-11", "CP874" }, { "tis-620", "CP874" }, { "windows-874", "CP874" },
    { "gb2312", "GBK" }, { "chinese", "GBK" }, { "x-gbk", "GBK" }, { "gbk", "GBK" },
    { "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
    { "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" },
    { "ms_kanji", "CP932" }, { "windows-31j", "CP932" }, { "x-sjis", "CP932" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (label, aliases[i].label))
      return aliases[i].charset;

  return label;
}

static char *
decode_as (const char  *data,
           gsize        len,
           const char  *charset,
           gsize       *out_len)
{
  gsize bytes_read = 0;

  if (g_str_equal (charset, "windows-1252"))
    return decode_windows_1252 ((const guchar *) data, len, out_len);

  if (g_str_equal (charset, "UTF-8"))
    {
      if (!g_utf8_validate_len (data, len, NULL))
        return NULL;
      *out_len = len;
      return g_strndup (data, len);
    }

  return g_convert (data, len, "UTF-8", charset, &bytes_read, out_len, NULL);
}

/* NUL bytes, or more than one byte in eight a control character other
 * than tab, line feed, form feed and carriage return: not an article. */
static gboolean
looks_binary (const char *data,
              gsize       len)
{
  gsize controls = 0;

  if (memchr (data, '\0', len) != NULL)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F)
        controls++;
    }

  return controls > len / 8;
}

static gboolean
is_blank (const char *utf8,
          gsize       len)
{
  const char *end = utf8 + len;

  for (const char *p = utf8; p < end; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)) && *p != '\0')
      return FALSE;

  return TRUE;
}

/* The UTF-8 text of the file, without a BOM. */
char *
gloss_document_decode_contents (const char   *data,
                                gsize         len,
                                GlossFormat   format,
                                const char   *display_name,
                                gsize        *out_len,
                                GError      **error)
{
  g_autofree char *converted = NULL;
  g_autofree char *label = NULL;
  const char *charset = NULL;
  gsize converted_len = 0;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
      charset = "UTF-8";
    }
  else if (len >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    {
      data += 2;
      len -= 2;
      charset = "UTF-16LE";
    }
  else if (len >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    {
      data += 2;
      len -= 2;
      charset = "UTF-16BE";
    }

  if (charset == NULL || g_str_equal (charset, "UTF-8"))
    {
      if (looks_binary (data, len))
        {
          g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_BINARY,
                       _("“%s” does not contain text: it looks like a binary file. "
                         "Open an HTML, Markdown or text file instead."),
                       display_name);
          return NULL;
        }
    }

  if (charset == NULL && g_utf8_validate_len (data, len, NULL))
    charset = "UTF-8";

  if (charset == NULL && (format == GLOSS_FORMAT_HTML || format == GLOSS_FORMAT_XHTML))
    {
      label = gloss_html_sniff_charset (data, len);
      if (label != NULL)
        charset = charset_for_label (label);
      if (charset != NULL && g_str_equal (charset, "UTF-8"))
        charset = NULL;         /* it says UTF-8, but it is not */
    }

  if (charset == NULL)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_ENCODING,
                   _("“%s” is not valid UTF-8 text and does not say which encoding it uses. "
                     "Convert it to UTF-8 with a text editor and open it again."),
                   display_name);
      return NULL;
    }

  converted = decode_as (data, len, charset, &converted_len);
  if (converted == NULL || !g_utf8_validate_len (converted, converted_len, NULL))
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_ENCODING,
                   _("“%s” could not be read as %s text. "
                     "Convert it to UTF-8 with a text editor and open it again."),
                   display_name, charset);
      return NULL;
    }

  if (looks_binary (converted, converted_len))
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_BINARY,
                   _("“%s” does not contain text: it looks like a binary file. "
                     "Open an HTML, Markdown or text file instead."),
                   display_name);
      return NULL;
    }

  if (is_blank (converted, converted_len))
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_EMPTY,
                   _("“%s” is empty: there is nothing to read. "
                     "Choose another file."),
                   display_name);
      return NULL;
    }

  *out_len = converted_len;
  return g_steal_pointer (&converted);
}
