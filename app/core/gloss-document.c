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
 * This file holds the object and the reading; gloss-document-decode.c the
 * format and the decoding, gloss-document-convert.c titles and the HTML
 * made from Markdown and plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-background.h"
#include "gloss-document.h"
#include "gloss-document-private.h"
#include "gloss-error.h"
#include "gloss-html-private.h"
#include "gloss-memory.h"
#include "gloss-text-private.h"

/* Gloss reads whole files into memory, and gumbo needs several times that. */
#define GLOSS_DOCUMENT_MAX_SIZE (64 * 1024 * 1024)

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
  gboolean     html_is_file;
  gboolean     has_style;
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

/* Parsing */

static char *
display_name_for_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (basename);
}

static gboolean
is_ascii (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) data[i] >= 0x80)
      return FALSE;

  return TRUE;
}

/* Whether a web view that loads the file itself sees @utf8: the name says
 * HTML (so WebKit takes it as text/html), the bytes are the UTF-8 we show
 * (no BOM, nothing converted), and the page declares no other encoding
 * that WebKit would follow instead (a declared UTF-16 counts as UTF-8, as
 * the HTML standard says). */
static gboolean
reads_as_file (const char *filename,
               const char *data,
               gsize       len,
               const char *utf8,
               gsize       utf8_len)
{
  g_autofree char *label = NULL;
  const char *dot = filename ? strrchr (filename, '.') : NULL;

  if (dot == NULL || (g_ascii_strcasecmp (dot, ".html") != 0 && g_ascii_strcasecmp (dot, ".htm") != 0))
    return FALSE;

  if (utf8_len != len || memcmp (utf8, data, len) != 0)
    return FALSE;

  label = gloss_html_sniff_charset (data, len);

  return label == NULL ||
         g_str_has_prefix (label, "utf-8") || g_str_equal (label, "utf8") ||
         g_str_has_prefix (label, "utf-16") || g_str_equal (label, "unicode-1-1-utf-8") ||
         is_ascii (data, len);
}

/* @contents is taken, and let go once decoded: a 10 MB article is not
 * held twice while gumbo builds its tree of it. */
static GlossDocument *
document_parse (GBytes       *contents,
                GlossFormat   format,
                const char   *filename,
                GFile        *file,
                GError      **error)
{
  g_autoptr(GBytes) owned = contents;
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
    format = gloss_format_sniff (data, len);

  utf8 = gloss_document_decode_contents (data, len, format, display_name, &utf8_len, error);
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
      title = gloss_document_markdown_title (utf8, utf8_len);
      if (title == NULL)
        title = gloss_document_first_line_title (utf8, utf8_len);
      if (title == NULL)
        title = g_strdup (display_name);
      self->html = gloss_document_markdown_to_html (utf8, utf8_len, title);
      g_clear_pointer (&utf8, g_free);
      break;

    case GLOSS_FORMAT_TEXT:
      title = gloss_document_first_line_title (utf8, utf8_len);
      if (title == NULL)
        title = g_strdup (display_name);
      self->html = gloss_document_text_to_html (utf8, utf8_len, title);
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
      self->html_is_file = file != NULL && format == GLOSS_FORMAT_HTML &&
                           reads_as_file (filename, data, len, utf8, utf8_len);
      self->html = g_steal_pointer (&utf8);
      break;
    }
  g_clear_pointer (&owned, g_bytes_unref);
  data = NULL;

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
  self->has_style = info.has_style;

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

  return document_parse (g_bytes_ref (contents), format, filename, NULL, error);
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

  return document_parse (g_steal_pointer (&bytes), GLOSS_FORMAT_UNKNOWN, basename, file, error);
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
  /* The parser's tree is gone: its memory too. */
  gloss_memory_release ();
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
  gloss_task_run_in_background (task, load_thread);
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

gboolean
gloss_document_get_html_is_file (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), FALSE);

  return self->html_is_file;
}

#define STYLE_SNIFF_BYTES (64 * 1024)

gboolean
gloss_document_sniff_has_style (GFile *file)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *head = NULL;
  gsize n = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return FALSE;

  head = g_malloc (STYLE_SNIFF_BYTES);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, STYLE_SNIFF_BYTES, &n, NULL, NULL))
    return FALSE;

  return gloss_html_sniff_style (head, n);
}

gboolean
gloss_document_get_has_style (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), FALSE);

  return self->has_style;
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
