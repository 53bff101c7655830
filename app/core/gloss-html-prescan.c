/* gloss-html-prescan.c: what the start of an HTML page declares
 *
 * For a file that is neither UTF-8 nor marked by a BOM, the charset of its
 * <meta charset> or <meta http-equiv="Content-Type">, found the way
 * browsers find it (gloss_html_sniff_charset() in gloss-html-private.h);
 * and, to style an article before it is parsed, whether it brings a style
 * sheet of its own (gloss_html_sniff_style()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-html"

#include "config.h"

#include <string.h>

#include "gloss-html-private.h"

/* Charset sniffing: the WHATWG "prescan a byte stream to determine its
 * encoding", over the first bytes of the file. */

#define PRESCAN_BYTES 4096

static gboolean
starts_with_ci (const char *p,
                const char *end,
                const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

static inline gboolean
is_prescan_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* "Get an attribute": FALSE when there is none (at '>' or the end). */
static gboolean
prescan_attribute (const char **pp,
                   const char  *end,
                   GString     *name,
                   GString     *value)
{
  const char *p = *pp;

  g_string_truncate (name, 0);
  g_string_truncate (value, 0);

  while (p < end && (is_prescan_space (*p) || *p == '/'))
    p++;
  if (p >= end || *p == '>')
    {
      *pp = p;
      return FALSE;
    }

  /* The name. */
  for (;;)
    {
      if (p >= end)
        goto done;
      if (*p == '=' && name->len > 0)
        {
          p++;
          break;
        }
      if (is_prescan_space (*p))
        {
          while (p < end && is_prescan_space (*p))
            p++;
          if (p >= end || *p != '=')
            goto done;
          p++;
          break;
        }
      if (*p == '/' || *p == '>')
        goto done;
      g_string_append_c (name, g_ascii_tolower (*p));
      p++;
    }

  /* The value. */
  while (p < end && is_prescan_space (*p))
    p++;
  if (p < end && (*p == '"' || *p == '\''))
    {
      char quote = *p++;

      while (p < end && *p != quote)
        g_string_append_c (value, g_ascii_tolower (*p++));
      if (p < end)
        p++;
      goto done;
    }
  while (p < end && !is_prescan_space (*p) && *p != '>')
    g_string_append_c (value, g_ascii_tolower (*p++));

done:
  *pp = p;
  return TRUE;
}

/* "Extract a character encoding from a meta element". */
static char *
charset_from_content (const char *content)
{
  const char *p = content;

  while ((p = strstr (p, "charset")) != NULL)
    {
      p += strlen ("charset");
      while (is_prescan_space (*p))
        p++;
      if (*p != '=')
        continue;
      p++;
      while (is_prescan_space (*p))
        p++;
      if (*p == '"' || *p == '\'')
        {
          const char *close = strchr (p + 1, *p);

          return close != NULL ? g_strndup (p + 1, close - p - 1) : NULL;
        }
      else
        {
          const char *stop = p;

          while (*stop != '\0' && !is_prescan_space (*stop) && *stop != ';')
            stop++;
          return stop > p ? g_strndup (p, stop - p) : NULL;
        }
    }

  return NULL;
}

/* The WHATWG prescan's walk over the start of a byte stream: comments and
 * other markup are stepped over, and @tag is called on every start tag with
 * its lower-cased name (up to a space, '/' or '>': "<meta/charset=…>" is a
 * meta), to read the attributes it wants with prescan_attribute() from
 * *p; TRUE from it ends the walk.  A tag it does not read is stepped over
 * as the prescan does any other: from the first space or '>'. */
typedef gboolean (*PrescanTag) (const char  *name,
                                const char **p,
                                const char  *end,
                                GString     *attribute,
                                GString     *value,
                                gpointer     user_data);

static void
prescan (const char *bytes,
         gsize       len,
         PrescanTag  tag,
         gpointer    user_data)
{
  const char *p = bytes;
  const char *end = bytes + len;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) attribute = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);

  while (p < end)
    {
      if (starts_with_ci (p, end, "<!--"))
        {
          const char *close = g_strstr_len (p + 2, end - p - 2, "-->");

          if (close == NULL)
            return;
          p = close + 3;
          continue;
        }
      else if (*p == '<' && p + 2 < end && g_ascii_isalpha (p[1]))
        {
          const char *after_name = p + 1;
          const char *read = NULL;

          g_string_truncate (name, 0);
          for (; after_name < end && !is_prescan_space (*after_name) &&
                 *after_name != '/' && *after_name != '>'; after_name++)
            g_string_append_c (name, g_ascii_tolower (*after_name));

          /* A NUL is part of a name, which then names nothing we look for. */
          read = after_name;
          if (tag (memchr (name->str, '\0', name->len) ? "" : name->str,
                   &read, end, attribute, value, user_data))
            return;

          if (read == after_name)
            for (p++; p < end && !is_prescan_space (*p) && *p != '>'; p++)
              ;
          else
            p = read;
          while (prescan_attribute (&p, end, attribute, value))
            ;
        }
      else if (*p == '<' && p + 2 < end && p[1] == '/' && g_ascii_isalpha (p[2]))
        {
          while (p < end && !is_prescan_space (*p) && *p != '>')
            p++;
          while (prescan_attribute (&p, end, attribute, value))
            ;
        }
      else if (starts_with_ci (p, end, "<!") || starts_with_ci (p, end, "</") ||
               starts_with_ci (p, end, "<?"))
        {
          const char *close = memchr (p, '>', end - p);

          if (close == NULL)
            return;
          p = close;
        }

      p++;
    }
}

/* <meta charset> and <meta http-equiv="Content-Type" content>. */
static gboolean
charset_tag (const char  *name,
             const char **p,
             const char  *end,
             GString     *attribute,
             GString     *value,
             gpointer     user_data)
{
  char **result = user_data;
  gboolean got_pragma = FALSE;
  gboolean need_pragma = FALSE;
  gboolean have_charset = FALSE;
  g_autofree char *charset = NULL;

  if (!g_str_equal (name, "meta"))
    return FALSE;

  while (prescan_attribute (p, end, attribute, value))
    {
      if (g_str_equal (attribute->str, "http-equiv"))
        {
          if (g_str_equal (value->str, "content-type"))
            got_pragma = TRUE;
        }
      else if (g_str_equal (attribute->str, "content") && !have_charset)
        {
          g_autofree char *found = charset_from_content (value->str);

          if (found != NULL)
            {
              g_free (charset);
              charset = g_steal_pointer (&found);
              have_charset = TRUE;
              need_pragma = TRUE;
            }
        }
      else if (g_str_equal (attribute->str, "charset") && !have_charset)
        {
          g_free (charset);
          charset = g_strdup (value->str);
          have_charset = TRUE;
          need_pragma = FALSE;
        }
    }

  if (have_charset && (!need_pragma || got_pragma))
    {
      g_strstrip (charset);
      if (charset[0] != '\0')
        {
          *result = g_ascii_strdown (charset, -1);
          return TRUE;
        }
    }

  return FALSE;
}

char *
gloss_html_sniff_charset (const char *bytes,
                          gsize       len)
{
  char *charset = NULL;

  prescan (bytes, MIN (len, PRESCAN_BYTES), charset_tag, &charset);

  return charset;
}

gboolean
gloss_html_rel_is_stylesheet (const char *rel)
{
  g_auto(GStrv) tokens = g_strsplit_set (rel, " \t\n\f\r", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], "stylesheet") == 0)
      return TRUE;

  return FALSE;
}

/* <style> and <link rel="stylesheet">. */
static gboolean
style_tag (const char  *name,
           const char **p,
           const char  *end,
           GString     *attribute,
           GString     *value,
           gpointer     user_data)
{
  gboolean *found = user_data;

  if (g_str_equal (name, "style"))
    *found = TRUE;
  else if (g_str_equal (name, "link"))
    while (!*found && prescan_attribute (p, end, attribute, value))
      *found = g_str_equal (attribute->str, "rel") && gloss_html_rel_is_stylesheet (value->str);

  return *found;
}

gboolean
gloss_html_sniff_style (const char *bytes,
                        gsize       len)
{
  gboolean found = FALSE;

  prescan (bytes, len, style_tag, &found);

  return found;
}
