/* test-application.c: Gloss as the desktop drives it
 *
 * The real GlossApplication, registered on the test's session bus, is
 * asked to open files as the file manager asks it (GApplication "open" with
 * file:// URIs): several at once, names with spaces and non-ASCII
 * characters, an article already open, a folder and a missing file.  Then
 * what GNOME expects of an application: recent files, remembered settings,
 * a keyboard path to every action, a shortcuts window that tells the truth,
 * accessible names on icon-only buttons, the about window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gloss-application.h"
#include "gloss-test-home.h"
#include "gloss-window.h"

#define WAIT_SECONDS 30

/* One application for the whole run: a GApplication registers once. */
static GlossApplication *app;
static char *articles;        /* "My Articles/Été 2026" in a temporary folder */
static char *markdown_path;   /* "Notes on Reading.md", titled "Slow Reading" */
static char *html_path;       /* "Café — 日本語.html", titled "Über das Lesen" */

/* Waiting on real events, with a generous limit so a hang fails. */

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
wait_for (gboolean *flag)
{
  wait_until (flag_is_set, flag);
}

static void
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

/* Windows */

static GPtrArray *
gloss_windows (void)
{
  GPtrArray *windows = g_ptr_array_new ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (GLOSS_IS_WINDOW (l->data))
      g_ptr_array_add (windows, l->data);

  return windows;
}

static GlossWindow *
window_for_path (const char *path)
{
  g_autoptr(GPtrArray) windows = gloss_windows ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < windows->len; i++)
    {
      GFile *shown = gloss_window_get_file (windows->pdata[i]);

      if (shown && g_file_equal (shown, file))
        return windows->pdata[i];
    }

  return NULL;
}

static void
on_finalized (gpointer  data,
              GObject  *where_the_object_was)
{
  set_flag (data);
}

static void
close_window (GtkWindow *window)
{
  gboolean destroyed = FALSE;

  g_object_weak_ref (G_OBJECT (window), on_finalized, &destroyed);
  gtk_window_close (window);
  wait_for (&destroyed);
}

static void
close_all_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))))
    close_window (windows->data);
}

/* Opening as the file manager does: URIs, through GApplication "open". */

typedef struct
{
  guint loaded;
  guint ok;
} Loads;

static void
on_article_loaded (GlossWindow *window,
                   gboolean     ok,
                   Loads       *loads)
{
  loads->loaded++;
  if (ok)
    loads->ok++;
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 Loads          *loads)
{
  if (GLOSS_IS_WINDOW (window))
    g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), loads);
}

typedef struct
{
  Loads *loads;
  guint  expected;
} LoadsWait;

static gboolean
all_loaded (gpointer data)
{
  LoadsWait *wait = data;

  return wait->loads->loaded >= wait->expected;
}

/* Opens @paths (as URIs) and waits for @expected_new_windows to finish
 * loading; returns how many of them loaded an article. */
static guint
open_paths (const char * const *paths,
            guint               expected_new_windows)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  Loads loads = { 0 };
  LoadsWait wait = { &loads, expected_new_windows };
  gulong handler;

  for (guint i = 0; paths[i]; i++)
    {
      g_autofree char *uri = g_filename_to_uri (paths[i], NULL, NULL);

      g_assert_nonnull (uri);
      g_ptr_array_add (files, g_file_new_for_uri (uri));
    }

  handler = g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &loads);
  g_application_open (G_APPLICATION (app), (GFile **) files->pdata, files->len, "");
  wait_until (all_loaded, &wait);
  g_signal_handler_disconnect (app, handler);
  g_assert_cmpuint (loads.loaded, ==, expected_new_windows);

  return loads.ok;
}

static void
test_open_several (void)
{
  const char *paths[] = { markdown_path, html_path, NULL };
  g_autoptr(GPtrArray) windows = NULL;
  GlossWindow *markdown, *html;
  g_autofree char *shown = NULL;

  close_all_windows ();

  g_assert_cmpuint (open_paths (paths, 2), ==, 2);

  windows = gloss_windows ();
  g_assert_cmpuint (windows->len, ==, 2);

  markdown = window_for_path (markdown_path);
  html = window_for_path (html_path);
  g_assert_nonnull (markdown);
  g_assert_nonnull (html);
  g_assert_true (markdown != html);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (markdown)), ==, "Slow Reading");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (html)), ==, "Über das Lesen");
  g_assert_null (gloss_window_get_problem (markdown));
  g_assert_null (gloss_window_get_problem (html));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (markdown)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (html)));

  /* The file shown is the very file, spaces and accents and all. */
  shown = g_file_get_path (gloss_window_get_file (html));
  g_assert_cmpstr (shown, ==, html_path);
}

static gboolean
window_is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static void
test_open_already_open (void)
{
  const char *both[] = { markdown_path, html_path, NULL };
  const char *again[] = { markdown_path, NULL };
  g_autoptr(GPtrArray) windows = NULL;
  GlossWindow *markdown, *html;
  g_autofree char *markdown_uri = NULL;

  close_all_windows ();
  open_paths (both, 2);
  markdown = window_for_path (markdown_path);
  html = window_for_path (html_path);

  /* The other window comes to the front first... */
  gtk_window_present (GTK_WINDOW (html));
  wait_until (window_is_active, html);
  g_assert_false (gtk_window_is_active (GTK_WINDOW (markdown)));

  /* ...then the markdown article is opened again: no second copy, its
   * window is presented. */
  open_paths (again, 0);
  wait_until (window_is_active, markdown);

  windows = gloss_windows ();
  g_assert_cmpuint (windows->len, ==, 2);
  g_assert_true (window_for_path (markdown_path) == markdown);

  /* The same file through another spelling of its URI is the same file. */
  markdown_uri = g_strdup_printf ("file://%s", markdown_path);
  {
    g_autoptr(GFile) file = g_file_new_for_uri (markdown_uri);
    g_autoptr(GPtrArray) after = NULL;

    g_application_open (G_APPLICATION (app), &file, 1, "");
    after = gloss_windows ();
    g_assert_cmpuint (after->len, ==, 2);
  }
}

static void
test_open_folder (void)
{
  const char *paths[] = { articles, NULL };
  GlossWindow *window;
  const char *problem;

  close_all_windows ();
  g_assert_cmpuint (open_paths (paths, 1), ==, 0);

  window = window_for_path (articles);
  g_assert_nonnull (window);
  problem = gloss_window_get_problem (window);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "“Été 2026” is a folder, not an article"));
  g_assert_nonnull (strstr (problem, "Choose a file inside it"));
}

static void
test_open_missing (void)
{
  g_autofree char *missing = g_build_filename (articles, "Gone Away — été.md", NULL);
  const char *paths[] = { missing, markdown_path, NULL };
  GlossWindow *window;
  const char *problem;

  close_all_windows ();

  /* A missing file among good ones: the good one opens all the same. */
  g_assert_cmpuint (open_paths (paths, 2), ==, 1);

  window = window_for_path (missing);
  g_assert_nonnull (window);
  problem = gloss_window_get_problem (window);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "“Gone Away — été.md” does not exist"));
  g_assert_null (gloss_window_get_problem (window_for_path (markdown_path)));
}

/* Recent files: what GNOME's recent list shows is GtkRecentManager's file. */

typedef struct
{
  const char * const *uris;
} RecentWait;

static gboolean
recent_file_has (gpointer data)
{
  RecentWait *wait = data;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  for (guint i = 0; wait->uris[i]; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (wait->uris[i], -1);

      if (!strstr (contents, escaped))
        return FALSE;
    }

  return TRUE;
}

static void
test_recent_files (void)
{
  const char *paths[] = { markdown_path, html_path, NULL };
  g_autofree char *markdown_uri = g_filename_to_uri (markdown_path, NULL, NULL);
  g_autofree char *html_uri = g_filename_to_uri (html_path, NULL, NULL);
  g_autofree char *folder_uri = g_filename_to_uri (articles, NULL, NULL);
  const char *uris[] = { markdown_uri, html_uri, NULL };
  RecentWait wait = { uris };
  GtkRecentManager *recent = gtk_recent_manager_get_default ();
  g_autoptr(GtkRecentInfo) info = NULL;

  close_all_windows ();
  open_paths (paths, 2);

  /* GtkRecentManager writes its file a moment after an item is added. */
  wait_until (recent_file_has, &wait);

  info = gtk_recent_manager_lookup_item (recent, html_uri, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "text/html");
  g_assert_true (gtk_recent_info_has_application (info, g_get_application_name ()));

  /* Only articles that opened. */
  g_assert_false (gtk_recent_manager_has_item (recent, folder_uri));
}

/* Settings: what the window remembers for the next one. */

static gboolean
widget_has_width (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static void
test_settings_remembered (void)
{
  const char *paths[] = { markdown_path, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GlossWindow *window;
  int width, height, sidebar_width;

  close_all_windows ();
  g_settings_reset (settings, "zoom");
  g_settings_reset (settings, "sidebar-visible");

  open_paths (paths, 1);
  window = window_for_path (markdown_path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"),
                                  gloss_article_view_get_zoom (gloss_window_get_article_view (window)),
                                  1e-9);
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), >, 1.05);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  wait_until (widget_has_width, gloss_window_get_sidebar (window));
  sidebar_width = gtk_widget_get_width (GTK_WIDGET (gloss_window_get_sidebar (window)));
  close_window (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, sidebar_width);

  /* The next window starts where the last one ended. */
  open_paths (paths, 1);
  window = window_for_path (markdown_path);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);
  g_assert_cmpfloat_with_epsilon (gloss_article_view_get_zoom (gloss_window_get_article_view (window)),
                                  g_settings_get_double (settings, "zoom"), 1e-9);

  /* F9's action hides the sidebar, in this window and the next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  g_assert_false (g_settings_get_boolean (settings, "sidebar-visible"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gloss_window_get_sidebar (window))));
  close_window (GTK_WINDOW (window));

  open_paths (paths, 1);
  window = window_for_path (markdown_path);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gloss_window_get_sidebar (window))));

  g_settings_reset (settings, "zoom");
  g_settings_reset (settings, "sidebar-visible");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "sidebar-width");
  close_all_windows ();
}

/* The keyboard: shortcuts of the application and of the widgets. */

/* Adds "trigger → action" for every keyboard shortcut of @widget's
 * classes and controllers, and of its descendants. */
static void
collect_shortcuts (GtkWidget  *widget,
                   GHashTable *shortcuts)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
            continue;

          g_hash_table_insert (shortcuts,
                               gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                                     gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
                               g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action))));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, shortcuts);
}

static gboolean
action_has_shortcut (GHashTable *shortcuts,
                     const char *action)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);
  GHashTableIter iter;
  gpointer value;

  if (accels[0] != NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, shortcuts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_str_equal (value, action))
      return TRUE;

  return FALSE;
}

/* What the accelerator does: an application accel, else a widget's. */
static const char *
action_for_accel (GHashTable *shortcuts,
                  const char *accel)
{
  static char *app_action;
  g_auto(GStrv) actions = NULL;
  g_autofree char *name = NULL;
  guint keyval;
  GdkModifierType mods;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  name = gtk_accelerator_name (keyval, mods);

  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), name);
  if (actions[0])
    {
      g_free (app_action);
      app_action = g_strdup (actions[0]);
      return app_action;
    }

  return g_hash_table_lookup (shortcuts, name);
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

static gboolean
shortcuts_window_shown (gpointer data)
{
  GtkWidget **shown = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel) && gtk_widget_get_mapped (toplevel))
        {
          *shown = toplevel;
          return TRUE;
        }
    }

  return FALSE;
}

static void
test_keyboard (void)
{
  const char *paths[] = { markdown_path, NULL };
  g_autoptr(GHashTable) shortcuts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) actionables = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) header_bars = g_ptr_array_new ();
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  GtkWidget *help = NULL;
  GlossWindow *window;
  GMenuModel *menu;
  guint n_checked = 0;

  close_all_windows ();
  open_paths (paths, 1);
  window = window_for_path (markdown_path);
  collect_shortcuts (GTK_WIDGET (window), shortcuts);

  /* Every button of the header bar has a shortcut; the main menu opens
   * with F10, as the primary menu of a GNOME application does. */
  find_widgets (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, header_bars);
  g_assert_cmpuint (header_bars->len, >=, 1);
  find_widgets (header_bars->pdata[0], GTK_TYPE_ACTIONABLE, actionables);
  for (guint i = 0; i < actionables->len; i++)
    {
      const char *action = gtk_actionable_get_action_name (actionables->pdata[i]);

      /* The window manager's buttons (close, minimize…) are its business. */
      if (action == NULL || gtk_widget_get_ancestor (actionables->pdata[i], GTK_TYPE_WINDOW_CONTROLS))
        continue;
      if (!action_has_shortcut (shortcuts, action))
        g_error ("The header bar's %s has no keyboard shortcut", action);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 3);

  find_widgets (header_bars->pdata[0], GTK_TYPE_MENU_BUTTON, menu_buttons);
  g_assert_cmpuint (menu_buttons->len, ==, 1);
  g_assert_true (gtk_menu_button_get_primary (menu_buttons->pdata[0]));

  /* The menu's items that do something to the article have shortcuts. */
  menu = gtk_menu_button_get_menu_model (menu_buttons->pdata[0]);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          if (!g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            continue;
          if (g_str_equal (action, "app.about"))
            continue;
          if (!action_has_shortcut (shortcuts, action))
            g_error ("The menu's %s has no keyboard shortcut", action);
        }
      g_clear_object (&section);
    }

  /* Ctrl+? shows the shortcuts window, and every shortcut it lists does
   * what it says: it is bound to an action of the application or the
   * window. */
  g_assert_true (action_for_accel (shortcuts, "<Control>question") != NULL);
  g_assert_cmpstr (action_for_accel (shortcuts, "<Control>question"), ==, "win.show-help-overlay");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  wait_until (shortcuts_window_shown, &help);

  find_widgets (help, GTK_TYPE_SHORTCUTS_SHORTCUT, entries);
  g_assert_cmpuint (entries->len, >=, 10);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) accels = NULL;

      g_object_get (entries->pdata[i], "accelerator", &accelerator, "title", &title, NULL);
      accels = g_strsplit (accelerator, " ", -1);
      for (guint j = 0; accels[j]; j++)
        {
          const char *action;

          if (g_str_equal (accels[j], "F10"))
            continue;   /* GtkWindow's own: opens the primary menu */

          action = action_for_accel (shortcuts, accels[j]);
          if (action == NULL)
            g_error ("The shortcuts window says %s does “%s”, but nothing is bound to it",
                     accels[j], title);
        }
    }

  gtk_window_close (GTK_WINDOW (help));
  close_all_windows ();
}

/* Icon-only buttons say what they do to a screen reader. */

static gboolean
is_icon_only (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL
           && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL;

  if (GTK_IS_BUTTON (widget))
    return GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)));

  return FALSE;
}

static void
find_unnamed_buttons (GtkWidget *widget,
                      GString   *unnamed,
                      guint     *n_icon_only)
{
  /* GTK names its own window controls after the window manager's. */
  if (GTK_IS_WINDOW_CONTROLS (widget))
    return;

  if (is_icon_only (widget))
    {
      GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

      (*n_icon_only)++;
      if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL)
          && !gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        {
          const char *action = GTK_IS_ACTIONABLE (widget)
                               ? gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) : NULL;

          g_string_append_printf (unnamed, "%s%s (action %s, tooltip “%s”)",
                                  unnamed->len ? ", " : "", G_OBJECT_TYPE_NAME (widget),
                                  action ? action : "none",
                                  gtk_widget_get_tooltip_text (widget) ? gtk_widget_get_tooltip_text (widget) : "");
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    find_unnamed_buttons (child, unnamed, n_icon_only);
}

static void
test_accessible_names (void)
{
  const char *paths[] = { markdown_path, NULL };
  g_autoptr(GString) unnamed = g_string_new (NULL);
  GlossAnnotationStore *store;
  GlossAnnotation *annotation;
  GlossWindow *window;
  guint n_icon_only = 0;
  g_autoptr(GError) error = NULL;

  close_all_windows ();
  open_paths (paths, 1);
  window = window_for_path (markdown_path);

  /* A highlight with a tag, so that the sidebar's editor has its buttons. */
  store = gloss_window_get_store (window);
  annotation = gloss_annotation_store_add_range (store, 0, 4, "green", &error);
  g_assert_no_error (error);
  gloss_annotation_add_tag (annotation, "method");
  gloss_sidebar_select (gloss_window_get_sidebar (window), gloss_annotation_get_id (annotation));

  find_unnamed_buttons (GTK_WIDGET (window), unnamed, &n_icon_only);
  g_assert_cmpuint (n_icon_only, >=, 5);
  if (unnamed->len)
    g_error ("Icon-only buttons without an accessible name: %s", unnamed->str);

  close_all_windows ();
}

static gboolean
about_window_shown (gpointer data)
{
  AdwAboutWindow **shown = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel) && gtk_widget_get_mapped (toplevel))
        {
          *shown = ADW_ABOUT_WINDOW (toplevel);
          return TRUE;
        }
    }

  return FALSE;
}

static void
test_about (void)
{
  const char *paths[] = { markdown_path, NULL };
  AdwAboutWindow *about = NULL;

  close_all_windows ();
  open_paths (paths, 1);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  wait_until (about_window_shown, &about);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APPLICATION_ID);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about))
                 == GTK_WINDOW (window_for_path (markdown_path)));

  close_window (GTK_WINDOW (about));
  close_all_windows ();
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = gloss_test_isolate_home ();
  g_autoptr(GError) error = NULL;
  int status;

  /* GTK's test accessibility backend keeps what widgets tell assistive
   * technologies, for gtk_test_accessible_has_property(). */
  g_setenv ("GTK_A11Y", "test", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  articles = g_build_filename (home, "My Articles", "Été 2026", NULL);
  g_assert_cmpint (g_mkdir_with_parents (articles, 0700), ==, 0);
  markdown_path = g_build_filename (articles, "Notes on Reading.md", NULL);
  write_file (markdown_path,
              "# Slow Reading\n\nRead slowly, with a pen in hand. Mark what surprises you.\n\n"
              "Then come back to it a week later.\n");
  html_path = g_build_filename (articles, "Café — 日本語.html", NULL);
  write_file (html_path,
              "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
              "<title>Über das Lesen</title></head><body><h1>Über das Lesen</h1>"
              "<p>Wer mit dem Stift liest, liest zweimal. 日本語の文も読めます。</p></body></html>");

  app = gloss_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  g_test_add_func ("/application/open/several", test_open_several);
  g_test_add_func ("/application/open/already-open", test_open_already_open);
  g_test_add_func ("/application/open/folder", test_open_folder);
  g_test_add_func ("/application/open/missing", test_open_missing);
  g_test_add_func ("/application/recent-files", test_recent_files);
  g_test_add_func ("/application/settings-remembered", test_settings_remembered);
  g_test_add_func ("/application/keyboard", test_keyboard);
  g_test_add_func ("/application/accessible-names", test_accessible_names);
  g_test_add_func ("/application/about", test_about);

  status = g_test_run ();

  close_all_windows ();
  g_clear_object (&app);
  gloss_test_remove_tree (home);
  g_free (articles);
  g_free (markdown_path);
  g_free (html_path);

  return status;
}
