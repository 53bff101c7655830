/* test-po.c: every string is offered to translators, and the
 * translations in po/LINGUAS are complete
 *
 * - po/POTFILES.in lists every source file that has translatable strings
 *   (C with _(), N_(), C_() or g_dngettext(); .ui files with
 *   translatable="yes"; the desktop file, the metainfo and the schema);
 * - in .ui files, every property a person reads (labels, titles, tooltips,
 *   placeholders, accessible names) is marked translatable;
 * - the strings are extracted as `ninja gloss-pot` does (xgettext), and each
 *   language in po/LINGUAS translates every one of them (msgcmp: nothing
 *   missing, nothing fuzzy) with format strings that match (msgfmt -c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gloss-test-home.h"

static char *source_root;

static char *
read_source (const char *relative)
{
  g_autofree char *path = g_build_filename (source_root, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* The lines of a po/ list file, without comments and blank lines. */
static GPtrArray *
read_list (const char *relative)
{
  g_autofree char *contents = read_source (relative);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      g_ptr_array_add (entries, g_strdup (line));
    }

  return entries;
}

static gboolean
list_has (GPtrArray  *list,
          const char *entry)
{
  return g_ptr_array_find_with_equal_func (list, entry, g_str_equal, NULL);
}

static gboolean
has_translatable_strings (const char *relative,
                          const char *contents)
{
  static const char *c_markers[] = { "_(\"", "N_(\"", "C_(\"", "NC_(\"", "g_dngettext (", "ngettext (", NULL };

  if (g_str_has_suffix (relative, ".c"))
    {
      for (guint i = 0; c_markers[i]; i++)
        if (strstr (contents, c_markers[i]))
          return TRUE;
      return FALSE;
    }

  if (g_str_has_suffix (relative, ".ui"))
    return strstr (contents, "translatable=\"yes\"") != NULL;

  /* Data files whose strings people read. */
  return g_str_has_suffix (relative, ".desktop.in")
         || g_str_has_suffix (relative, ".metainfo.xml.in")
         || g_str_has_suffix (relative, ".gschema.xml");
}

/* The files below @relative (a folder of the source tree), as paths
 * relative to the source tree. */
static void
collect_files (const char *relative,
               GPtrArray  *found)
{
  g_autofree char *path = g_build_filename (source_root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *child_path = g_build_filename (source_root, child, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        collect_files (child, found);
      else
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
}

static void
collect_sources (const char *relative,
                 GPtrArray  *found)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  collect_files (relative, files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = read_source (files->pdata[i]);

      if (has_translatable_strings (files->pdata[i], contents))
        g_ptr_array_add (found, g_strdup (files->pdata[i]));
    }
}

static void
test_potfiles_complete (void)
{
  g_autoptr(GPtrArray) potfiles = read_list ("po/POTFILES.in");
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) missing = g_string_new (NULL);

  collect_sources ("app", found);
  collect_sources ("ui", found);
  collect_sources ("data", found);
  g_assert_cmpuint (found->len, >=, 10);

  for (guint i = 0; i < found->len; i++)
    if (!list_has (potfiles, found->pdata[i]))
      g_string_append_printf (missing, " %s", (char *) found->pdata[i]);
  if (missing->len)
    g_error ("Add to po/POTFILES.in:%s", missing->str);

  for (guint i = 0; i < potfiles->len; i++)
    {
      g_autofree char *path = g_build_filename (source_root, potfiles->pdata[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("po/POTFILES.in lists %s, which does not exist", (char *) potfiles->pdata[i]);
    }
}

/* .ui files: what a person reads is translatable. */

static const char *readable_properties[] = {
  "label", "title", "subtitle", "tooltip-text", "tooltip-markup", "placeholder-text",
  "description", "text", "button-label", "heading", "body", NULL
};

typedef struct
{
  const char *file;
  GString    *unmarked;
  gboolean    in_property;
  gboolean    translatable;
  char       *name;
  GString    *text;
} UiCheck;

static void
ui_start (GMarkupParseContext  *context,
          const char           *element,
          const char          **names,
          const char          **values,
          gpointer              user_data,
          GError              **error)
{
  UiCheck *check = user_data;
  const char *name = NULL;
  const char *translatable = NULL;

  if (!g_str_equal (element, "property") && !g_str_equal (element, "attribute"))
    return;

  for (guint i = 0; names[i]; i++)
    {
      if (g_str_equal (names[i], "name"))
        name = values[i];
      else if (g_str_equal (names[i], "translatable"))
        translatable = values[i];
    }

  check->in_property = name && g_strv_contains (readable_properties, name);
  check->translatable = translatable && (g_str_equal (translatable, "yes")
                                         || g_str_equal (translatable, "true")
                                         || g_str_equal (translatable, "no"));
  g_free (check->name);
  check->name = g_strdup (name);
  g_string_truncate (check->text, 0);
}

static void
ui_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  UiCheck *check = user_data;

  if (check->in_property)
    g_string_append_len (check->text, text, length);
}

static void
ui_end (GMarkupParseContext  *context,
        const char           *element,
        gpointer              user_data,
        GError              **error)
{
  UiCheck *check = user_data;
  g_autofree char *text = NULL;

  if (!check->in_property)
    return;
  check->in_property = FALSE;

  /* Words, not names of widgets or icons: they have a space or a capital
   * and are not an identifier. */
  text = g_strstrip (g_strdup (check->text->str));
  if (*text == '\0' || check->translatable)
    return;
  if (!strchr (text, ' ') && !g_ascii_isupper (*text))
    return;

  g_string_append_printf (check->unmarked, "\n  %s: %s “%s”", check->file, check->name, text);
}

static void
test_ui_strings_marked (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) unmarked = g_string_new (NULL);
  const GMarkupParser parser = { ui_start, ui_end, ui_text, NULL, NULL };
  guint n_files = 0;

  collect_files ("ui", files);
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = files->pdata[i];
      g_autofree char *contents = NULL;
      g_autoptr(GMarkupParseContext) context = NULL;
      g_autoptr(GError) error = NULL;
      UiCheck check = { file, unmarked, FALSE, FALSE, NULL, NULL };

      if (!g_str_has_suffix (file, ".ui"))
        continue;

      check.text = g_string_new (NULL);

      contents = read_source (file);
      context = g_markup_parse_context_new (&parser, 0, &check, NULL);
      g_markup_parse_context_parse (context, contents, -1, &error);
      g_assert_no_error (error);
      g_free (check.name);
      g_string_free (check.text, TRUE);
      n_files++;
    }

  g_assert_cmpuint (n_files, >=, 3);
  if (unmarked->len)
    g_error ("Mark these translatable=\"yes\":%s", unmarked->str);
}

/* The translations */

static char *
run (const char * const *argv,
     gboolean           *ok)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* The tools speak English here, so their words can be read. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *ok = g_subprocess_get_successful (process);

  return g_strconcat (out ? out : "", err ? err : "", NULL);
}

static void
test_translations_complete (void)
{
  g_autoptr(GPtrArray) linguas = read_list ("po/LINGUAS");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("gloss-po-XXXXXX", &error);
  g_autofree char *pot = NULL;
  g_autofree char *potfiles = g_build_filename (source_root, "po", "POTFILES.in", NULL);
  g_autofree char *files_from = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *output = NULL;
  g_autofree char *extracted = NULL;
  gboolean ok;

  g_assert_no_error (error);
  pot = g_build_filename (tmp, "gloss.pot", NULL);

  /* At least two languages, German and French among them. */
  g_assert_cmpuint (linguas->len, >=, 2);
  g_assert_true (list_has (linguas, "de"));
  g_assert_true (list_has (linguas, "fr"));

  /* Extract as meson's i18n module does for preset: 'glib'. */
  files_from = g_strconcat ("--files-from=", potfiles, NULL);
  directory = g_strconcat ("--directory=", source_root, NULL);
  output = run ((const char * const[]) {
                  "xgettext", "--package-name=gloss", "--from-code=UTF-8", "--add-comments",
                  "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                  "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
                  "--keyword=g_dpgettext2:2c,3",
                  "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
                  "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
                  "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
                  "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
                  "--flag=g_set_error:4:c-format", "--flag=g_markup_printf_escaped:1:c-format",
                  "--flag=g_printerr:1:c-format", "--flag=g_print:1:c-format",
                  files_from, directory, "--output", pot, NULL },
                &ok);
  if (!ok)
    g_error ("xgettext failed: %s", output);

  /* A message with a macro inside (G_GSIZE_FORMAT…) reaches translators
   * cut short and never matches at run time. */
  if (strstr (output, "not a valid C format string"))
    g_error ("A translatable format string is cut short: %s", output);

  g_file_get_contents (pot, &extracted, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (extracted, "msgid \"Open an Article\""));

  for (guint i = 0; i < linguas->len; i++)
    {
      g_autofree char *name = g_strconcat (linguas->pdata[i], ".po", NULL);
      g_autofree char *po = g_build_filename (source_root, "po", name, NULL);
      g_autofree char *compared = NULL;
      g_autofree char *checked = NULL;

      /* msgcmp: every extracted message has a translation that is neither
       * empty nor fuzzy. */
      compared = run ((const char * const[]) { "msgcmp", po, pot, NULL }, &ok);
      if (!ok)
        g_error ("%s is not complete (run “ninja gloss-update-po” and translate):\n%s", name, compared);

      /* msgfmt -c: format strings, plural forms and the header agree. */
      checked = run ((const char * const[]) { "msgfmt", "--check", "--statistics", "--output-file=/dev/null",
                                              po, NULL },
                     &ok);
      if (!ok)
        g_error ("%s: %s", name, checked);
      if (strstr (checked, "fuzzy") || strstr (checked, "untranslated"))
        g_error ("%s: %s", name, checked);
    }

  gloss_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  source_root = g_path_get_dirname (g_test_get_dir (G_TEST_DIST));

  g_test_add_func ("/po/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/po/ui-strings-marked", test_ui_strings_marked);
  g_test_add_func ("/po/translations-complete", test_translations_complete);

  return g_test_run ();
}
