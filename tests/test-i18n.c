/* test-i18n.c: Gloss speaks the user's language
 *
 * Runs the window with LANGUAGE set (GLOSS_TEST_LANGUAGE: de or fr) and
 * the catalogs built from po/, and finds the translated words where a
 * user sees them: the window's title and the message of an article that
 * cannot be opened (C strings, core and app), a tooltip and the primary
 * menu (.ui strings), the sidebar, the shortcuts window (strings with a
 * context), the colour names; then the translated desktop file and
 * metainfo that the build merged from the same catalogs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "gloss-color.h"
#include "gloss-test-home.h"
#include "gloss-window.h"

#define WAIT_SECONDS 30

typedef struct
{
  const char *language;
  const char *cannot_open;       /* "Cannot Open the Article" */
  const char *does_not_exist;    /* part of "“%s” does not exist. …" */
  const char *open_tooltip;      /* "Open an Article (Ctrl+O)" */
  const char *open_menu_item;    /* "_Open…" */
  const char *filter;            /* "Filter Annotations" */
  const char *shortcuts;         /* "Keyboard shortcuts", context "shortcut window" */
  const char *yellow;            /* "Yellow" */
  const char *comment;           /* the desktop file's Comment */
  const char *summary;           /* the metainfo's summary */
} Expected;

static const Expected expectations[] = {
  {
    "de",
    "Artikel kann nicht geöffnet werden",
    "„Verschwunden.md“ existiert nicht.",
    "Einen Artikel öffnen (Strg+O)",
    "Ö_ffnen …",
    "Anmerkungen filtern",
    "Tastenkürzel",
    "Gelb",
    "Artikel lesen und mit Markierungen, Schlagwörtern und Notizen versehen",
    "Artikel lesen und anmerken, die als Dateien vorliegen",
  },
  {
    "fr",
    "Impossible d’ouvrir l’article",
    "«\u00a0Verschwunden.md\u00a0» n’existe pas.",
    "Ouvrir un article (Ctrl+O)",
    "_Ouvrir…",
    "Filtrer les annotations",
    "Raccourcis clavier",
    "Jaune",
    "Lire des articles et les annoter avec des surlignages, des étiquettes et des notes",
    "Lire et annoter des articles conservés sous forme de fichiers",
  },
};

static const Expected *expected;

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
on_article_loaded (GlossWindow *window,
                   gboolean     ok,
                   gboolean    *loaded)
{
  *loaded = TRUE;
}

static void
on_finalized (gpointer  data,
              GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
find_widgets (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    find_widgets (child, type, found);
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  g_autoptr(GPtrArray) actionables = g_ptr_array_new ();

  find_widgets (root, GTK_TYPE_ACTIONABLE, actionables);
  for (guint i = 0; i < actionables->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (actionables->pdata[i]), action) == 0)
      return actionables->pdata[i];

  return NULL;
}

static void
test_window (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) search_entries = g_ptr_array_new ();
  g_autofree char *placeholder = NULL;
  g_autofree char *label = NULL;
  GlossWindow *window;
  GtkWidget *open_button;
  GMenuModel *menu, *section;
  gboolean loaded = FALSE;
  gboolean destroyed = FALSE;

  folder = g_dir_make_tmp ("gloss-i18n-XXXXXX", NULL);
  path = g_build_filename (folder, "Verschwunden.md", NULL);
  missing = g_file_new_for_path (path);

  window = gloss_window_new (NULL);
  g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), &loaded);
  gtk_window_present (GTK_WINDOW (window));
  gloss_window_open (window, missing);
  wait_for (&loaded);

  /* C strings: the window's and the core's. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, expected->cannot_open);
  g_assert_nonnull (gloss_window_get_problem (window));
  if (!strstr (gloss_window_get_problem (window), expected->does_not_exist))
    g_error ("“%s” does not say “%s”", gloss_window_get_problem (window), expected->does_not_exist);
  g_assert_cmpstr (gloss_color_get_label ("yellow"), ==, expected->yellow);

  /* .ui strings: a tooltip, the primary menu, the sidebar. */
  open_button = find_actionable (GTK_WIDGET (window), "app.open");
  g_assert_nonnull (open_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (open_button), ==, expected->open_tooltip);

  find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menu_buttons);
  g_assert_cmpuint (menu_buttons->len, >=, 1);
  menu = gtk_menu_button_get_menu_model (menu_buttons->pdata[0]);
  g_assert_nonnull (menu);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, expected->open_menu_item);
  g_object_unref (section);

  find_widgets (GTK_WIDGET (gloss_window_get_sidebar (window)), GTK_TYPE_SEARCH_ENTRY, search_entries);
  g_assert_cmpuint (search_entries->len, >=, 1);
  g_object_get (search_entries->pdata[0], "placeholder-text", &placeholder, NULL);
  g_assert_cmpstr (placeholder, ==, expected->filter);

  g_object_weak_ref (G_OBJECT (window), on_finalized, &destroyed);
  gtk_window_close (GTK_WINDOW (window));
  wait_for (&destroyed);
  gloss_test_remove_tree (folder);
}

/* Strings with a context, in the shortcuts window. */
static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/app/gloss/Gloss/gtk/help-overlay.ui");
  GtkWidget *help = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  gboolean found = FALSE;

  g_assert_nonnull (help);
  find_widgets (help, GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      g_object_get (shortcuts->pdata[i], "accelerator", &accelerator, "title", &title, NULL);
      if (g_strcmp0 (accelerator, "<Control>question") != 0)
        continue;
      g_assert_cmpstr (title, ==, expected->shortcuts);
      found = TRUE;
    }
  g_assert_true (found);

  gtk_window_destroy (GTK_WINDOW (help));
}

/* The desktop file and the metainfo, merged from the same catalogs. */
static void
test_data_files (void)
{
  g_autofree char *desktop = g_test_build_filename (G_TEST_BUILT, "..", "data",
                                                    APPLICATION_ID ".desktop", NULL);
  g_autofree char *metainfo = g_test_build_filename (G_TEST_BUILT, "..", "data",
                                                     APPLICATION_ID ".metainfo.xml", NULL);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *summary = NULL;

  g_key_file_load_from_file (entry, desktop, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  comment = g_key_file_get_locale_string (entry, "Desktop Entry", "Comment", expected->language, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, expected->comment);

  g_file_get_contents (metainfo, &contents, NULL, &error);
  g_assert_no_error (error);
  summary = g_strdup_printf ("<summary xml:lang=\"%s\">%s</summary>", expected->language, expected->summary);
  if (!strstr (contents, summary))
    g_error ("%s has no %s", metainfo, summary);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = gloss_test_isolate_home ();
  g_autofree char *localedir = NULL;
  const char *language = g_getenv ("GLOSS_TEST_LANGUAGE");
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (language, expectations[i].language) == 0)
      expected = &expectations[i];
  if (expected == NULL)
    g_error ("Set GLOSS_TEST_LANGUAGE to de or fr");

  /* As a user whose desktop speaks @language; glibc honours LANGUAGE in
   * any locale but C, and C.UTF-8 is the one every system has. */
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  /* The catalogs the build made from po/ (ninja builds them before the
   * tests run). */
  g_test_init (&argc, &argv, NULL);
  localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  adw_init ();

  g_test_add_func ("/i18n/window", test_window);
  g_test_add_func ("/i18n/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/i18n/data-files", test_data_files);

  status = g_test_run ();
  gloss_test_remove_tree (home);

  return status;
}
