/* gloss-html-private.h: what the core reads out of HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *text;          /* the article text (see gloss-html.c) */
  gsize  text_len;      /* in bytes */
  char  *title;         /* first HTML <title>, whitespace collapsed; NULL if none or blank */
  char  *heading;       /* first <h1> or <h2> in <body>, collapsed; NULL if none */
  char  *any_heading;   /* first <h1>…<h6> in <body>, collapsed; NULL if none */
  char  *author;        /* first <meta name="author" content>, trimmed; NULL if none */
  gboolean has_style;   /* has a <style> (an SVG one too) or a <link rel="stylesheet">,
                         * not in a template */
} GlossHtmlInfo;

/* Parses @html (UTF-8) once with gumbo and fills @info. */
void     gloss_html_scan              (const char    *html,
                                       gsize          len,
                                       GlossHtmlInfo *info);
void     gloss_html_info_clear        (GlossHtmlInfo *info);

/* FALSE when parsing @html would take gumbo (or WebKit) far longer than
 * any article does: elements nested tens of thousands deep, or tens of
 * thousands of attributes on one tag (see gloss-html-budget.c).  Linear. */
gboolean gloss_html_within_budget     (const char    *html,
                                       gsize          len);

/* The encoding label an HTML byte stream declares in a <meta charset> or
 * <meta http-equiv="Content-Type" content="…; charset=…"> near its start,
 * lower-cased and trimmed; NULL when there is none. */
char    *gloss_html_sniff_charset     (const char    *bytes,
                                       gsize          len);

/* Whether the start of an HTML byte stream, @len bytes of it, has a
 * <style> or a <link rel="stylesheet"> (found as the charset is: what
 * looks like one in a script counts too). */
gboolean gloss_html_sniff_style       (const char    *bytes,
                                       gsize          len);
/* Whether a rel attribute's value holds the token "stylesheet". */
gboolean gloss_html_rel_is_stylesheet (const char    *rel);

/* Control characters and noncharacters that gumbo would replace with
 * U+FFFD, swapped for private-use stand-ins before parsing and back after
 * (see gloss-html-controls.c).  protect: the source with stand-ins, or
 * NULL when it needs none (or has some); unprotect: in place, returns the
 * new length. */
char    *gloss_html_protect_controls   (const char    *html,
                                        gsize          len,
                                        gsize         *out_len);
gsize    gloss_html_unprotect_controls (char          *s,
                                        gsize          len);

/* Escapes & < > " for HTML text and attribute values (nothing else: the
 * text stays exactly what the parser will give back). */
void     gloss_html_append_escaped    (GString       *out,
                                       const char    *text,
                                       gssize         len);

/* Strips and collapses ASCII whitespace, as HTML does for document.title. */
char    *gloss_html_collapse_whitespace (const char  *text,
                                         gssize       len);

G_END_DECLS
