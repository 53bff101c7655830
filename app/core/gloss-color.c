/* gloss-color.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-color"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gloss-color.h"

typedef struct
{
  const char *name;
  const char *label;
  const char *css;
} GlossColor;

/* GNOME's palette, translucent so the text stays readable in the dark
 * style as well as the light one. */
static const GlossColor colors[] = {
  { "yellow", N_("Yellow"), "rgba(246, 211, 45, 0.45)" },
  { "green",  N_("Green"),  "rgba(87, 227, 137, 0.40)" },
  { "blue",   N_("Blue"),   "rgba(98, 160, 234, 0.40)" },
  { "pink",   N_("Pink"),   "rgba(246, 97, 170, 0.35)" },
  { "purple", N_("Purple"), "rgba(192, 97, 203, 0.38)" },
};

static const char * const names[] = { "yellow", "green", "blue", "pink", "purple", NULL };

static const GlossColor *
lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (g_str_equal (colors[i].name, name))
      return &colors[i];

  return NULL;
}

const char * const *
gloss_color_names (void)
{
  return names;
}

gboolean
gloss_color_is_valid (const char *name)
{
  return lookup (name) != NULL;
}

const char *
gloss_color_to_css (const char *name)
{
  const GlossColor *color = lookup (name);

  return color ? color->css : NULL;
}

const char *
gloss_color_get_label (const char *name)
{
  const GlossColor *color = lookup (name);

  return color ? g_dgettext (GETTEXT_PACKAGE, color->label) : name;
}

const char *
gloss_color_stylesheet (void)
{
  static char *stylesheet;

  if (g_once_init_enter (&stylesheet))
    {
      GString *css = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
        g_string_append_printf (css, "%s.%s { background-color: %s; }",
                                i ? " " : "", colors[i].name, colors[i].css);
      g_once_init_leave (&stylesheet, g_string_free (css, FALSE));
    }

  return stylesheet;
}
