/* gloss-document-private.h: the steps of reading an article, shared by
 * gloss-document.c, gloss-document-decode.c and gloss-document-convert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-document.h"

G_BEGIN_DECLS

/* A file without a telling name: HTML if it starts like HTML, else text. */
GlossFormat gloss_format_sniff                    (const char   *data,
                                                   gsize         len);

/* The UTF-8 text of the file, without a BOM; a GLOSS_ERROR naming
 * @display_name when it is binary, empty or in an unknown encoding. */
char       *gloss_document_decode_contents        (const char   *data,
                                                   gsize         len,
                                                   GlossFormat   format,
                                                   const char   *display_name,
                                                   gsize        *out_len,
                                                   GError      **error);

/* The first non-blank line of @utf8, cut at 200 characters; NULL if none. */
char       *gloss_document_first_line_title       (const char   *utf8,
                                                   gsize         len);
/* The text of the first Markdown heading; NULL if none. */
char       *gloss_document_markdown_title         (const char   *utf8,
                                                   gsize         len);
/* A full HTML document for Markdown and for plain text, titled @title. */
char       *gloss_document_markdown_to_html       (const char   *utf8,
                                                   gsize         len,
                                                   const char   *title);
char       *gloss_document_text_to_html           (const char   *utf8,
                                                   gsize         len,
                                                   const char   *title);

G_END_DECLS
