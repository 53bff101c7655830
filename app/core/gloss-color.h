/* gloss-color.h: the five highlight colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GLOSS_DEFAULT_COLOR "yellow"

/* NULL-terminated: "yellow", "green", "blue", "pink", "purple". */
const char * const *gloss_color_names       (void);
gboolean            gloss_color_is_valid    (const char *name);
/* CSS colour of a highlight, e.g. "rgba(248, 228, 92, 0.55)"; NULL if unknown. */
const char         *gloss_color_to_css      (const char *name);
/* Translated label ("Yellow"), for menus and tooltips. */
const char         *gloss_color_get_label   (const char *name);
/* The W3C CssStylesheet value: ".yellow { background-color: …; } …". */
const char         *gloss_color_stylesheet  (void);

G_END_DECLS
