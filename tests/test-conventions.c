/* test-conventions.c: Gloss behaves as a GNOME application
 *
 * Every button of the header bar has a keyboard shortcut and the primary
 * menu opens with F10; Ctrl+? shows the shortcuts window and every
 * shortcut it lists is bound to an action; icon-only buttons have an
 * accessible name (GTK's test accessibility backend keeps what widgets
 * tell assistive technologies); the about window is AdwAboutWindow with
 * the application's version and icon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gloss-test-app.h"
#include "gloss-test-home.h"

static GlossApplication *app;
static char *markdown_path;

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

  gloss_test_app_close_all ();
  gloss_test_app_open (paths, 1);
  window = gloss_test_app_window_for_path (markdown_path);
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
  gloss_test_app_wait_until (shortcuts_window_shown, &help, "the shortcuts window");

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
  gloss_test_app_close_all ();
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

  gloss_test_app_close_all ();
  gloss_test_app_open (paths, 1);
  window = gloss_test_app_window_for_path (markdown_path);

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

  gloss_test_app_close_all ();
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

  gloss_test_app_close_all ();
  gloss_test_app_open (paths, 1);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  gloss_test_app_wait_until (about_window_shown, &about, "the about window");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APPLICATION_ID);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about))
                 == GTK_WINDOW (gloss_test_app_window_for_path (markdown_path)));

  gloss_test_app_close_window (GTK_WINDOW (about));
  gloss_test_app_close_all ();
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

  markdown_path = g_build_filename (home, "Notes on Reading.md", NULL);
  g_file_set_contents (markdown_path,
                       "# Slow Reading\n\nRead slowly, with a pen in hand. Mark what surprises you.\n",
                       -1, &error);
  g_assert_no_error (error);

  app = gloss_test_app_start ();

  g_test_add_func ("/conventions/keyboard", test_keyboard);
  g_test_add_func ("/conventions/accessible-names", test_accessible_names);
  g_test_add_func ("/conventions/about", test_about);

  status = g_test_run ();

  gloss_test_app_stop ();
  gloss_test_remove_tree (home);
  g_free (markdown_path);

  return status;
}
