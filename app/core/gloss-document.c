/* gloss-document.c: one article file
 *
 * Reading an article:
 *
 *   bytes ──(BOM, charset)──▶ UTF-8 ──(format)──▶ HTML to show ──(gumbo)──▶
 *   article text, title, author
 *
 * HTML files are shown as they are (converted to UTF-8); Markdown is
 * rendered by md4c and plain text is wrapped in <p>s, both inside a small
 * full HTML document.  In every case the article text is extracted from the
 * exact HTML that the web view shows (gloss-html.c), so the C side and the
 * page count the same characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <md4c.h>
#include <md4c-html.h>

#include "gloss-document.h"
#include "gloss-error.h"
#include "gloss-html-private.h"
#include "gloss-text-private.h"

/* Gloss reads whole files into memory, and gumbo needs several times that. */
#define GLOSS_DOCUMENT_MAX_SIZE (64 * 1024 * 1024)

/* Titles made from a first line of text are cut there. */
#define GLOSS_TITLE_MAX_CHARS 200

struct _GlossDocument
{
  GObject      parent_instance;

  GFile       *file;
  GlossFormat  format;
  char        *title;
  char        *author;
  char        *html;
  char        *base_uri;
  char        *sha256;
  GlossText   *text;
};

G_DEFINE_FINAL_TYPE (GlossDocument, gloss_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_AUTHOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gloss_document_finalize (GObject *object)
{
  GlossDocument *self = (GlossDocument *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->text, gloss_text_unref);

  G_OBJECT_CLASS (gloss_document_parent_class)->finalize (object);
}

static void
gloss_document_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GlossDocument *self = GLOSS_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_document_class_init (GlossDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_document_finalize;
  object_class->get_property = gloss_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_document_init (GlossDocument *self)
{
}

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
static GlossFormat
sniff_format (const char *data,
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
static char *
decode_contents (const char   *data,
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

/* Titles */

static char *
first_line_title (const char *utf8,
                  gsize       len)
{
  const char *p = utf8;
  const char *end = utf8 + len;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = g_strndup (p, (eol ? eol : end) - p);

      g_strstrip (line);
      if (line[0] != '\0')
        {
          if (g_utf8_strlen (line, -1) > GLOSS_TITLE_MAX_CHARS)
            {
              char *cut = g_utf8_offset_to_pointer (line, GLOSS_TITLE_MAX_CHARS);

              *cut = '\0';
              return g_strconcat (line, "…", NULL);
            }
          return g_steal_pointer (&line);
        }
      if (eol == NULL)
        break;
      p = eol + 1;
    }

  return NULL;
}

/* Markdown */

typedef struct
{
  GString  *markup;     /* the first heading, as HTML text */
  gboolean  in_heading;
  gboolean  done;
} MarkdownTitle;

static int
md_title_enter_block (MD_BLOCKTYPE  type,
                      void         *detail,
                      void         *user_data)
{
  MarkdownTitle *title = user_data;

  if (type == MD_BLOCK_H && !title->done)
    title->in_heading = TRUE;

  return 0;
}

static int
md_title_leave_block (MD_BLOCKTYPE  type,
                      void         *detail,
                      void         *user_data)
{
  MarkdownTitle *title = user_data;

  if (type == MD_BLOCK_H && title->in_heading)
    {
      title->in_heading = FALSE;
      if (title->markup->len > 0)
        {
          title->done = TRUE;
          return 1;             /* found it: md4c may stop there */
        }
    }

  return 0;
}

static int
md_title_span (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  return 0;
}

static int
md_title_text (MD_TEXTTYPE     type,
               const MD_CHAR  *text,
               MD_SIZE         size,
               void           *user_data)
{
  MarkdownTitle *title = user_data;

  if (!title->in_heading)
    return 0;

  switch (type)
    {
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_LATEXMATH:
      gloss_html_append_escaped (title->markup, text, size);
      break;
    case MD_TEXT_ENTITY:
      /* Decoded by the HTML parser below. */
      g_string_append_len (title->markup, text, size);
      break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      g_string_append_c (title->markup, ' ');
      break;
    case MD_TEXT_HTML:          /* inline markup is stripped */
    case MD_TEXT_NULLCHAR:
    default:
      break;
    }

  return 0;
}

#define MARKDOWN_FLAGS (MD_DIALECT_GITHUB)

/* The text of the first ATX or setext heading, inline markup stripped. */
static char *
markdown_title (const char *utf8,
                gsize       len)
{
  MarkdownTitle title = { g_string_new (NULL), FALSE, FALSE };
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MARKDOWN_FLAGS,
    .enter_block = md_title_enter_block,
    .leave_block = md_title_leave_block,
    .enter_span = md_title_span,
    .leave_span = md_title_span,
    .text = md_title_text,
  };
  char *result = NULL;

  md_parse (utf8, len, &parser, &title);

  if (title.done)
    {
      g_autoptr(GString) doc = g_string_new ("<title>");
      GlossHtmlInfo info;

      g_string_append_len (doc, title.markup->str, title.markup->len);
      g_string_append (doc, "</title>");
      gloss_html_scan (doc->str, doc->len, &info);
      result = g_steal_pointer (&info.title);
      gloss_html_info_clear (&info);
    }

  g_string_free (title.markup, TRUE);

  return result;
}

static void
md_output (const MD_CHAR *text,
           MD_SIZE        size,
           void          *user_data)
{
  g_string_append_len (user_data, text, size);
}

static void
append_document_start (GString    *html,
                       const char *title,
                       const char *article_class)
{
  g_string_append (html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
  gloss_html_append_escaped (html, title, -1);
  g_string_append (html, "</title></head><body><article class=\"");
  g_string_append (html, article_class);
  g_string_append (html, "\">");
}

static void
append_document_end (GString *html)
{
  g_string_append (html, "</article></body></html>");
}

/* Markdown → HTML (GitHub dialect; raw HTML passes through: the view runs
 * no script of the article's and fetches nothing from the network). */
static char *
markdown_to_html (const char *utf8,
                  gsize       len,
                  const char *title)
{
  GString *html = g_string_sized_new (len * 5 / 4 + 256);

  append_document_start (html, title, "gloss-markdown");
  md_html (utf8, len, md_output, html, MARKDOWN_FLAGS, 0);
  append_document_end (html);

  return g_string_free (html, FALSE);
}

/* Plain text */

static gboolean
line_is_blank (const char *p,
               const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\f' && *p != '\v')
      return FALSE;

  return TRUE;
}

/* The first non-blank line as <h1>, then every run of non-blank lines (a
 * paragraph) as a <p>, text kept as it is (newlines inside a paragraph
 * included); blank lines only separate. */
static char *
text_to_html (const char *utf8,
              gsize       len,
              const char *title)
{
  GString *html = g_string_sized_new (len * 9 / 8 + 256);
  const char *p = utf8;
  const char *end = utf8 + len;
  const char *para = NULL;
  const char *para_end = NULL;
  gboolean have_heading = FALSE;

  append_document_start (html, title, "gloss-text");
  g_string_append_c (html, '\n');

  while (p <= end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      const char *content_end = line_end;

      if (content_end > p && content_end[-1] == '\r')
        content_end--;

      if (!line_is_blank (p, content_end))
        {
          if (!have_heading)
            {
              g_string_append (html, "<h1>");
              gloss_html_append_escaped (html, p, content_end - p);
              g_string_append (html, "</h1>\n");
              have_heading = TRUE;
            }
          else
            {
              if (para == NULL)
                para = p;
              para_end = content_end;
            }
        }
      else if (para != NULL)
        {
          g_string_append (html, "<p>");
          gloss_html_append_escaped (html, para, para_end - para);
          g_string_append (html, "</p>\n");
          para = NULL;
        }

      if (eol == NULL)
        break;
      p = eol + 1;
    }

  if (para != NULL)
    {
      g_string_append (html, "<p>");
      gloss_html_append_escaped (html, para, para_end - para);
      g_string_append (html, "</p>\n");
    }

  append_document_end (html);

  return g_string_free (html, FALSE);
}

/* Parsing */

static char *
display_name_for_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (basename);
}

static GlossDocument *
document_parse (GBytes       *contents,
                GlossFormat   format,
                const char   *filename,
                GFile        *file,
                GError      **error)
{
  g_autoptr(GlossDocument) self = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *title = NULL;
  GlossHtmlInfo info;
  const char *data;
  gsize len;
  gsize utf8_len = 0;

  data = g_bytes_get_data (contents, &len);
  if (data == NULL)
    data = "";

  if (file != NULL)
    display_name = display_name_for_file (file);
  else if (filename != NULL)
    display_name = g_filename_display_basename (filename);
  else
    display_name = g_strdup (_("Untitled"));

  if (len > GLOSS_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MiB, too large for Gloss to open. "
                     "Save a smaller copy of the article and open that."),
                   display_name, GLOSS_DOCUMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  if (format == GLOSS_FORMAT_UNKNOWN)
    format = gloss_format_from_filename (filename);
  if (format == GLOSS_FORMAT_UNKNOWN)
    format = sniff_format (data, len);

  utf8 = decode_contents (data, len, format, display_name, &utf8_len, error);
  if (utf8 == NULL)
    return NULL;

  self = g_object_new (GLOSS_TYPE_DOCUMENT, NULL);
  self->file = file != NULL ? g_object_ref (file) : NULL;
  self->format = format;
  self->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  if (file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *uri = g_file_get_uri (parent != NULL ? parent : file);

      self->base_uri = g_str_has_suffix (uri, "/") ? g_steal_pointer (&uri)
                                                   : g_strconcat (uri, "/", NULL);
    }

  switch (format)
    {
    case GLOSS_FORMAT_MARKDOWN:
      title = markdown_title (utf8, utf8_len);
      if (title == NULL)
        title = first_line_title (utf8, utf8_len);
      if (title == NULL)
        title = g_strdup (display_name);
      self->html = markdown_to_html (utf8, utf8_len, title);
      g_clear_pointer (&utf8, g_free);
      break;

    case GLOSS_FORMAT_TEXT:
      title = first_line_title (utf8, utf8_len);
      if (title == NULL)
        title = g_strdup (display_name);
      self->html = text_to_html (utf8, utf8_len, title);
      g_clear_pointer (&utf8, g_free);
      break;

    /* XHTML is shown as text/html, not application/xhtml+xml: then WebKit
     * and gumbo build the DOM with the same HTML5 algorithm, so the article
     * text agrees, and a page with one XML error still shows instead of an
     * XML error page.  The price is XML-only syntax (<div/>, CDATA in HTML
     * elements) read the HTML way, which browsers also do for XHTML served
     * as text/html. */
    case GLOSS_FORMAT_XHTML:
    case GLOSS_FORMAT_HTML:
    case GLOSS_FORMAT_UNKNOWN:
    default:
      self->html = g_steal_pointer (&utf8);
      break;
    }

  if (!gloss_html_within_budget (self->html, strlen (self->html)))
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_TOO_COMPLEX,
                   _("“%s” is built too intricately to be read: its elements are nested "
                     "tens of thousands deep, or carry tens of thousands of attributes. "
                     "It is probably not an article; open another file."),
                   display_name);
      return NULL;
    }

  gloss_html_scan (self->html, strlen (self->html), &info);
  self->text = gloss_text_new_take (g_steal_pointer (&info.text), info.text_len);
  self->author = g_steal_pointer (&info.author);

  if (title != NULL)
    self->title = g_steal_pointer (&title);
  else if (info.title != NULL)
    self->title = g_steal_pointer (&info.title);
  else if (info.heading != NULL)
    self->title = g_steal_pointer (&info.heading);
  else
    self->title = g_strdup (display_name);

  gloss_html_info_clear (&info);

  return g_steal_pointer (&self);
}

GlossDocument *
gloss_document_new_from_bytes (GBytes       *contents,
                               GlossFormat   format,
                               const char   *filename,
                               GError      **error)
{
  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return document_parse (contents, format, filename, NULL, error);
}

GlossDocument *
gloss_document_new_for_file (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *basename = NULL;
  char *contents = NULL;
  gsize len = 0;
  GFileType type;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = display_name_for_file (file);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND,
                     _("“%s” does not exist. It may have been moved, renamed or deleted; "
                       "choose the article again."),
                     display_name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_FAILED,
                     _("“%s” could not be read: %s. Check that the file is accessible."),
                     display_name, local_error->message);
      return NULL;
    }

  type = g_file_info_get_file_type (info);
  if (type == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_REGULAR,
                   _("“%s” is a folder, not an article. Choose a file inside it."),
                   display_name);
      return NULL;
    }
  if (type != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_REGULAR,
                   _("“%s” is not a regular file. Choose an HTML, Markdown or text file."),
                   display_name);
      return NULL;
    }
  if (g_file_info_get_size (info) > GLOSS_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MiB, too large for Gloss to open. "
                     "Save a smaller copy of the article and open that."),
                   display_name, GLOSS_DOCUMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND,
                     _("“%s” does not exist. It may have been moved, renamed or deleted; "
                       "choose the article again."),
                     display_name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_REGULAR,
                     _("“%s” is a folder, not an article. Choose a file inside it."),
                     display_name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_FAILED,
                     _("“%s” could not be read: %s. Check that the file is accessible."),
                     display_name, local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (contents, len);
  basename = g_file_get_basename (file);

  return document_parse (bytes, GLOSS_FORMAT_UNKNOWN, basename, file, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  GlossDocument *document;

  document = gloss_document_new_for_file (file, cancellable, &error);
  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
gloss_document_load_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_document_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

GlossDocument *
gloss_document_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gloss_document_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors */

GFile *
gloss_document_get_file (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->file;
}

GlossFormat
gloss_document_get_format (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), GLOSS_FORMAT_UNKNOWN);

  return self->format;
}

const char *
gloss_document_get_title (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->title;
}

const char *
gloss_document_get_author (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->author;
}

const char *
gloss_document_get_html (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->html;
}

const char *
gloss_document_get_mime_type (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  /* Every format is shown as HTML; see XHTML in document_parse(). */
  return "text/html";
}

const char *
gloss_document_get_base_uri (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->base_uri;
}

GlossText *
gloss_document_get_text (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->text;
}

const char *
gloss_document_get_sha256 (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->sha256;
}
