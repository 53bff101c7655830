/* gloss-document.h: one article file
 *
 * A GlossDocument is an article read from disk: its format, its title, the
 * HTML that the article view shows, the article text that offsets count
 * over, and the SHA-256 of the file's bytes.  No GTK, no WebKit.
 *
 * The HTML to show is what the web view parses, and the article text is
 * extracted by parsing that very HTML with an HTML5 parser: the text nodes
 * of <body> in document order, except inside script, style and template
 * (<noscript> counts: with the article's scripts off, WebKit shows it).
 * The page script (ui/gloss-page.js) counts the same nodes in the
 * DOM, so both sides agree on every offset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-text.h"

G_BEGIN_DECLS

typedef enum
{
  GLOSS_FORMAT_UNKNOWN,
  GLOSS_FORMAT_HTML,
  GLOSS_FORMAT_XHTML,
  GLOSS_FORMAT_MARKDOWN,
  GLOSS_FORMAT_TEXT,
} GlossFormat;

#define GLOSS_TYPE_DOCUMENT (gloss_document_get_type ())

G_DECLARE_FINAL_TYPE (GlossDocument, gloss_document, GLOSS, DOCUMENT, GObject)

/* Guess the format from the file name (.html .htm .xhtml .md .markdown
 * .txt …); GLOSS_FORMAT_UNKNOWN when the name says nothing. */
GlossFormat    gloss_format_from_filename        (const char     *filename);

/* Read and parse @file synchronously (the CLI, tests, worker threads). */
GlossDocument *gloss_document_new_for_file       (GFile          *file,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
/* Parse bytes already in memory; @filename (a base name) picks the format
 * when @format is GLOSS_FORMAT_UNKNOWN.  get_file() is NULL then. */
GlossDocument *gloss_document_new_from_bytes     (GBytes         *contents,
                                                  GlossFormat     format,
                                                  const char     *filename,
                                                  GError        **error);
/* Read and parse in a worker thread. */
void           gloss_document_load_async         (GFile          *file,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
GlossDocument *gloss_document_load_finish        (GAsyncResult   *result,
                                                  GError        **error);

GFile         *gloss_document_get_file           (GlossDocument  *self);
GlossFormat    gloss_document_get_format         (GlossDocument  *self);
/* Never NULL: <title>, else the first heading, else the first line of text,
 * else the file's display name. */
const char    *gloss_document_get_title          (GlossDocument  *self);
/* <meta name="author">, or NULL. */
const char    *gloss_document_get_author         (GlossDocument  *self);
/* UTF-8 HTML for the web view (for HTML articles: the file's own markup,
 * converted to UTF-8). */
const char    *gloss_document_get_html           (GlossDocument  *self);
/* TRUE when a web view loading the file itself shows get_html(): an HTML
 * file read as it is, in UTF-8 (faster for WebKit than the same bytes
 * handed over in memory). */
gboolean       gloss_document_get_html_is_file   (GlossDocument  *self);
/* TRUE when get_html() brings a style sheet of its own (a <style> or a
 * <link rel="stylesheet">): Gloss's reading typography is then left out. */
gboolean       gloss_document_get_has_style      (GlossDocument  *self);
/* What get_has_style() will most likely say of the HTML file @file, from
 * its first 64 KiB, before it is read.  Blocking (a local file). */
gboolean       gloss_document_sniff_has_style    (GFile          *file);
/* The MIME type to show get_html() as ("text/html"). */
const char    *gloss_document_get_mime_type      (GlossDocument  *self);
/* The base URI for relative links and images: the article's folder, as a
 * file:// URI ending in "/"; NULL for a document made from bytes. */
const char    *gloss_document_get_base_uri       (GlossDocument  *self);
GlossText     *gloss_document_get_text           (GlossDocument  *self);
/* Lower-case hex SHA-256 of the file's bytes as read. */
const char    *gloss_document_get_sha256         (GlossDocument  *self);

/* The article text of an HTML string, as defined above (exposed for tests
 * and the fuzzer). */
char          *gloss_html_extract_text           (const char     *html,
                                                  gsize           len);

G_END_DECLS
