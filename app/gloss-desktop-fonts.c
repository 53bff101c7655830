/* gloss-desktop-fonts.c: GNOME's document and monospace fonts for the page
 *
 * The reading typography (ui/gloss-page.css) names a list of families for
 * a desktop that has no font settings.  Where GNOME's are
 * (org.gnome.desktop.interface), an article is set in the document font
 * and its code in the monospace font the user chose, at the page's own
 * sizes.  That also spares WebKit from looking for families that are not
 * installed: each costs it a fontconfig match per size and weight (1 MB
 * with 2,000 highlights was on screen 16–24 ms sooner naming only
 * Cantarell than the whole list, median of 20 A/B opens).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <pango/pango.h>

#include "gloss-desktop-fonts.h"

#define INTERFACE_SCHEMA "org.gnome.desktop.interface"
#define DOCUMENT_KEY     "document-font-name"
#define MONOSPACE_KEY    "monospace-font-name"

/* The style sheet, made when first asked for after a change. */
static char *sheet_css;
static gboolean sheet_known;

/* Connected first, so it runs before the views restyle. */
static void
on_changed (GSettings  *settings,
            const char *key,
            gpointer    user_data)
{
  g_clear_pointer (&sheet_css, g_free);
  sheet_known = FALSE;
}

GSettings *
gloss_desktop_fonts_get_settings (void)
{
  static GSettings *settings;
  static gboolean looked;

  if (!looked)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      looked = TRUE;
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, INTERFACE_SCHEMA, TRUE);
      if (schema != NULL &&
          g_settings_schema_has_key (schema, DOCUMENT_KEY) &&
          g_settings_schema_has_key (schema, MONOSPACE_KEY))
        {
          settings = g_settings_new_full (schema, NULL, NULL);
          g_signal_connect (settings, "changed", G_CALLBACK (on_changed), NULL);
        }
    }

  return settings;
}

/* @family as a CSS font family: a generic family for Pango's aliases,
 * else a quoted string. */
static void
append_family (GString    *css,
               const char *family)
{
  static const struct { const char *alias; const char *generic; } generics[] = {
    { "sans", "sans-serif" }, { "sans-serif", "sans-serif" },
    { "serif", "serif" },
    { "monospace", "monospace" }, { "mono", "monospace" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (generics); i++)
    if (g_ascii_strcasecmp (family, generics[i].alias) == 0)
      {
        g_string_append (css, generics[i].generic);
        return;
      }

  g_string_append_c (css, '"');
  for (const char *p = family; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (css, '\\');
      if ((guchar) *p >= 0x20 && *p != 0x7f)
        g_string_append_c (css, *p);
    }
  g_string_append_c (css, '"');
}

/* The families of the Pango font description in @key, then @fallback, as
 * a CSS font-family value; NULL when it names no family. */
static char *
font_family (GSettings  *settings,
             const char *key,
             const char *fallback)
{
  g_autofree char *value = g_settings_get_string (settings, key);
  PangoFontDescription *description = pango_font_description_from_string (value);
  const char *families = pango_font_description_get_family (description);
  g_autoptr(GString) css = g_string_new (NULL);
  g_auto(GStrv) names = NULL;

  if (families != NULL && g_utf8_validate (families, -1, NULL))
    names = g_strsplit (families, ",", -1);
  pango_font_description_free (description);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (*name == '\0')
        continue;
      if (css->len > 0)
        g_string_append (css, ", ");
      append_family (css, name);
    }
  if (css->len == 0)
    return NULL;
  /* Not twice ("Monospace 11" is GNOME's default). */
  if (!g_str_has_suffix (css->str, fallback))
    g_string_append_printf (css, ", %s", fallback);

  return g_string_free (g_steal_pointer (&css), FALSE);
}

static char *
make_css (GSettings *settings)
{
  g_autofree char *document = font_family (settings, DOCUMENT_KEY, "sans-serif");
  g_autofree char *monospace = font_family (settings, MONOSPACE_KEY, "monospace");
  GString *sheet;

  if (document == NULL && monospace == NULL)
    return NULL;

  sheet = g_string_new (NULL);
  if (document != NULL)
    g_string_append_printf (sheet, ":root { font-family: %s; }\n", document);
  if (monospace != NULL)
    g_string_append_printf (sheet, ":is(code, kbd, samp, pre) { font-family: %s; }\n", monospace);

  return g_string_free (sheet, FALSE);
}

const char *
gloss_desktop_fonts_css (void)
{
  GSettings *settings = gloss_desktop_fonts_get_settings ();

  if (settings != NULL && !sheet_known)
    {
      sheet_css = make_css (settings);
      sheet_known = TRUE;
    }

  return sheet_css;
}
