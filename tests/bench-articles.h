/* bench-articles.h: generated articles and sidecars for bench-reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @path: an HTML article of about @size bytes (headings and
 * paragraphs of words, a few of them outside ASCII), the same bytes for
 * the same @size. */
void      bench_write_article    (const char *path,
                                  gsize       size);
/* Writes the sidecar of the article at @path with @n_highlights spread
 * evenly over its text, through the annotation store as Gloss writes it. */
void      bench_write_highlights (const char *path,
                                  guint       n_highlights);

G_END_DECLS
