/* test-install.c: Gloss installed like a real application, opened as GNOME
 * opens files
 *
 * Configures the source tree into a temporary folder with a temporary
 * prefix, installs it there (meson install, with its post-install steps),
 * points XDG_DATA_DIRS at the prefix and then does what the desktop does:
 * asks `gio mime` which application opens a Markdown file, makes Gloss the
 * default as the README says, and opens files with `gio open` and
 * `gio launch` on the installed desktop entry.  The desktop entry is
 * D-Bus activatable, so the files reach the application through a private
 * session bus (GTestDBus, with the prefix's D-Bus services) that starts the
 * installed binary.  The windows are watched on the X display (Xvfb): their
 * titles are the articles' titles and their process is the one instance
 * that owns app.gloss.Gloss on the bus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gloss-test-home.h"
#include "gloss-test-x11.h"

/* Generous: a loaded machine can take a minute to start WebKit. */
#define WAIT_SECONDS 180
#define BUILD_SECONDS 900

static char *root;            /* temporary folder: build/, prefix/, articles */
static char *prefix;
static char *build_dir;
static char *articles;
static char *desktop_file;    /* the installed desktop entry */
static gboolean installed;

static GTestDBus *bus;
static GDBusConnection *connection;

/* Articles, as a user keeps them; the titles are what the windows show. */
static char *markdown_path;   /* "Notes on Reading.md": "Slow Reading" */
static char *html_path;       /* "Café — 日本語.html": "Über das Lesen" */
static char *second_path;     /* "second note.md": "A Second Note" */
static char *text_path;       /* "plain é.txt": "Plain Words" */

/* Running tools */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *out;
  char     *err;
} Run;

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                            &run->out, &run->err, &error))
    run->ok = g_subprocess_get_successful (G_SUBPROCESS (object));
  else
    g_printerr ("%s\n", error->message);
  run->done = TRUE;
}

static gboolean
run_is_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Runs @argv to its end and returns its standard output; fails the test
 * unless it succeeds.  Tools speak English here, so their words can be
 * read. */
static char *
run_tool (guint               seconds,
          const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  Run run = { 0 };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, run_done, &run);
  gloss_test_wait_until (run_is_done, &run, seconds, command);

  if (!run.ok)
    {
      /* On stderr: TAP owns stdout. */
      g_printerr ("%s%s", run.out ? run.out : "", run.err ? run.err : "");
      g_error ("“%s” failed", command);
    }

  g_free (run.err);
  return run.out;
}

#define RUN(seconds, ...) run_tool ((seconds), (const char * const[]) { __VA_ARGS__, NULL })

/* Windows */

typedef struct
{
  const char * const *titles;   /* each shown at least once */
  const char         *title;    /* shown exactly n times, if set */
  guint               n;
} WindowsWait;

static gboolean
windows_shown (gpointer data)
{
  WindowsWait *wait = data;
  g_autoptr(GPtrArray) windows = gloss_test_x11_list_windows ();

  for (guint i = 0; wait->titles && wait->titles[i]; i++)
    if (gloss_test_x11_count_windows (windows, wait->titles[i]) == 0)
      return FALSE;

  if (wait->title && gloss_test_x11_count_windows (windows, wait->title) != wait->n)
    return FALSE;

  return TRUE;
}

static void
wait_for_windows (const char * const *titles)
{
  WindowsWait wait = { titles, NULL, 0 };
  g_autofree char *what = g_strjoinv ("”, “", (char **) titles);
  g_autofree char *message = g_strdup_printf ("windows titled “%s”", what);

  gloss_test_wait_until (windows_shown, &wait, WAIT_SECONDS, message);
}

/* The one process that owns the application's name on the bus. */
static gulong
application_pid (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 pid;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", APPLICATION_ID), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &pid);

  return pid;
}

static void
assert_one_instance (void)
{
  g_autoptr(GPtrArray) windows = gloss_test_x11_list_windows ();
  gulong pid = application_pid ();
  guint n = 0;

  g_assert_cmpuint (pid, >, 0);
  for (guint i = 0; i < windows->len; i++)
    {
      GlossTestWindow *window = windows->pdata[i];

      if (window->pid == 0)
        continue;
      g_assert_cmpuint (window->pid, ==, pid);
      n++;
    }
  g_assert_cmpuint (n, >=, 1);
}

/* Installing */

static char *
prefix_path (const char *first,
             ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;

  g_ptr_array_add (parts, prefix);
  va_start (args, first);
  for (part = first; part; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static void
assert_installed (const char *relative)
{
  g_autofree char *path = g_build_filename (prefix, relative, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("%s was not installed", path);
}

static void
test_install (void)
{
  const char *meson = g_getenv ("GLOSS_MESON");
  const char *ninja = g_getenv ("GLOSS_NINJA");
  const char *source = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *prefix_option = g_strdup_printf ("--prefix=%s", prefix);
  g_autofree char *out = NULL;
  g_autofree char *service = NULL;
  g_autofree char *service_path = NULL;
  g_autofree char *expected_exec = NULL;
  g_autofree char *mime_cache = NULL;
  g_autofree char *mime_cache_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) ninja_argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  g_auto(GStrv) mime_types = NULL;
  JsonObject *files;
  GList *members;

  g_assert_nonnull (meson);
  g_assert_nonnull (ninja);
  g_assert_nonnull (source);

  RUN (BUILD_SECONDS, meson, "setup", prefix_option, build_dir, source);

  /* Build what gets installed, no more (not the tests), then install it
   * as a packager would: meson install runs the post-install steps
   * (schemas, icon cache, desktop database). */
  out = RUN (60, meson, "introspect", build_dir, "--installed");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  files = json_node_get_object (json_parser_get_root (parser));
  g_ptr_array_add (ninja_argv, g_strdup (ninja));
  g_ptr_array_add (ninja_argv, g_strdup ("-C"));
  g_ptr_array_add (ninja_argv, g_strdup (build_dir));
  members = json_object_get_members (files);
  for (GList *l = members; l; l = l->next)
    {
      const char *from = l->data;

      /* Files made by the build (not by configuring, not sources). */
      if (g_str_has_prefix (from, build_dir) && !g_file_test (from, G_FILE_TEST_EXISTS))
        g_ptr_array_add (ninja_argv, g_strdup (from + strlen (build_dir) + 1));
    }
  g_list_free (members);
  g_ptr_array_add (ninja_argv, NULL);
  g_free (run_tool (BUILD_SECONDS, (const char * const *) ninja_argv->pdata));
  g_free (RUN (BUILD_SECONDS, meson, "install", "--no-rebuild", "-C", build_dir));

  assert_installed ("bin/gloss");
  assert_installed ("share/applications/app.gloss.Gloss.desktop");
  assert_installed ("share/dbus-1/services/app.gloss.Gloss.service");
  assert_installed ("share/metainfo/app.gloss.Gloss.metainfo.xml");
  assert_installed ("share/glib-2.0/schemas/app.gloss.Gloss.gschema.xml");
  assert_installed ("share/glib-2.0/schemas/gschemas.compiled");
  assert_installed ("share/icons/hicolor/scalable/apps/app.gloss.Gloss.svg");
  assert_installed ("share/icons/hicolor/symbolic/apps/app.gloss.Gloss-symbolic.svg");
  assert_installed ("share/locale/de/LC_MESSAGES/gloss.mo");
  assert_installed ("share/locale/fr/LC_MESSAGES/gloss.mo");

  /* The desktop entry opens files through D-Bus, and D-Bus starts the
   * installed binary. */
  g_key_file_load_from_file (entry, desktop_file, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (entry, "Desktop Entry", "DBusActivatable", NULL));
  exec = g_key_file_get_string (entry, "Desktop Entry", "Exec", NULL);
  g_assert_cmpstr (exec, ==, "gloss %U");
  mime_types = g_key_file_get_string_list (entry, "Desktop Entry", "MimeType", NULL, NULL);
  g_assert_true (g_strv_contains ((const char * const *) mime_types, "text/markdown"));
  g_assert_true (g_strv_contains ((const char * const *) mime_types, "text/html"));

  service_path = prefix_path ("share", "dbus-1", "services", "app.gloss.Gloss.service", NULL);
  g_file_get_contents (service_path, &service, NULL, &error);
  g_assert_no_error (error);
  expected_exec = g_strdup_printf ("Exec=%s/bin/gloss --gapplication-service\n", prefix);
  g_assert_nonnull (strstr (service, "Name=app.gloss.Gloss\n"));
  g_assert_nonnull (strstr (service, expected_exec));

  /* update-desktop-database ran. */
  mime_cache_path = prefix_path ("share", "applications", "mimeinfo.cache", NULL);
  g_file_get_contents (mime_cache_path, &mime_cache, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (mime_cache, "text/markdown=app.gloss.Gloss.desktop;"));

  installed = TRUE;
}

/* The desktop's view of it */

static void
use_prefix (void)
{
  if (!installed)
    g_error ("Gloss was not installed: see /install/meson-install");
}

static void
test_mime (void)
{
  g_autofree char *type = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *kinds[] = { "text/html", "application/xhtml+xml", "text/plain", NULL };

  use_prefix ();

  /* What the file manager asks: what is this file, and what opens it? */
  type = RUN (60, "gio", "info", "-a", "standard::content-type", markdown_path);
  g_assert_nonnull (strstr (type, "standard::content-type: text/markdown"));

  before = RUN (60, "gio", "mime", "text/markdown");
  g_assert_nonnull (strstr (before, "Registered applications:"));
  g_assert_nonnull (strstr (strstr (before, "Registered applications:"), "app.gloss.Gloss.desktop"));

  for (guint i = 0; kinds[i]; i++)
    {
      g_autofree char *listed = RUN (60, "gio", "mime", kinds[i]);

      g_assert_nonnull (strstr (listed, "app.gloss.Gloss.desktop"));
    }

  /* The README's way to make Gloss the default for Markdown. */
  g_free (RUN (60, "gio", "mime", "text/markdown", "app.gloss.Gloss.desktop"));
  after = RUN (60, "gio", "mime", "text/markdown");
  g_assert_nonnull (strstr (after, "Default application for “text/markdown”: app.gloss.Gloss.desktop"));
}

static gboolean
recent_file_has (gpointer data)
{
  const char * const *uris = data;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  for (guint i = 0; uris[i]; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (uris[i], -1);

      if (!strstr (contents, escaped))
        return FALSE;
    }

  return TRUE;
}

/* Nothing to do: what the monitor sees wakes gloss_test_wait_until(),
 * which reads the file again. */
static void
on_recent_file_changed (GFileMonitor      *monitor,
                        GFile             *file,
                        GFile             *other_file,
                        GFileMonitorEvent  event,
                        gpointer           user_data)
{
}

static void
test_open (void)
{
  g_autofree char *folder = g_build_filename (articles, "Not an Article", NULL);
  g_autofree char *missing = g_build_filename (articles, "Gone Away — été.md", NULL);
  g_autofree char *markdown_uri = g_filename_to_uri (markdown_path, NULL, NULL);
  g_autofree char *html_uri = g_filename_to_uri (html_path, NULL, NULL);
  const char *recent[] = { markdown_uri, html_uri, NULL };
  const char *error_title = "Cannot Open the Article";
  g_autofree char *display_name = NULL;
  g_autofree char *recent_path = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  g_autoptr(GFile) recent_file = g_file_new_for_path (recent_path);
  g_autoptr(GFileMonitor) recent_monitor = NULL;
  g_autoptr(GError) error = NULL;
  WindowsWait single = { (const char * const[]) { "Plain Words", NULL }, "Slow Reading", 1 };
  WindowsWait failures = { NULL, error_title, 2 };

  use_prefix ();
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  /* A private session bus that starts the installed application. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  {
    g_autofree char *services = prefix_path ("share", "dbus-1", "services", NULL);

    g_test_dbus_add_service_dir (bus, services);
  }
  display_name = g_strdup (g_getenv ("DISPLAY"));
  g_test_dbus_up (bus);
  /* GTestDBus hides the display from this process (the bus daemon, and so
   * the application it starts, still has it); the tools get it back. */
  g_setenv ("DISPLAY", display_name, TRUE);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* Double-clicking a Markdown file: its default application. */
  g_free (RUN (60, "gio", "open", markdown_path));
  wait_for_windows ((const char * const[]) { "Slow Reading", NULL });
  assert_one_instance ();

  /* "Open With Gloss" on two files at once, one with non-ASCII characters
   * in its name: the running instance opens both, one window each. */
  g_free (RUN (60, "gio", "launch", desktop_file, html_path, second_path));
  wait_for_windows ((const char * const[]) { "Slow Reading", "Über das Lesen", "A Second Note", NULL });
  assert_one_instance ();

  /* An article already open is not opened twice.  The next launch is a
   * marker: when its window shows, the one before was handled. */
  g_free (RUN (60, "gio", "launch", desktop_file, markdown_path));
  g_free (RUN (60, "gio", "launch", desktop_file, text_path));
  gloss_test_wait_until (windows_shown, &single, WAIT_SECONDS, "the marker window, and one “Slow Reading”");
  assert_one_instance ();

  /* A folder and a missing file: a window that says why, for each. */
  g_free (RUN (60, "gio", "launch", desktop_file, folder, missing));
  gloss_test_wait_until (windows_shown, &failures, WAIT_SECONDS, "two windows that cannot open their file");
  assert_one_instance ();

  /* The articles are in GNOME's recent files.  GTK writes them when it
   * gets round to it, and no window shows that: the file is watched, so
   * that the wait wakes when it is written (not only at its timeout). */
  recent_monitor = g_file_monitor_file (recent_file, G_FILE_MONITOR_NONE, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (recent_monitor, "changed", G_CALLBACK (on_recent_file_changed), NULL);
  gloss_test_wait_until (recent_file_has, (gpointer) recent, WAIT_SECONDS, "the recent files");
}

static gboolean
name_has_no_owner (gpointer data)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = TRUE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &has_owner);

  return !has_owner;
}

static gboolean
no_windows (gpointer data)
{
  g_autoptr(GPtrArray) windows = gloss_test_x11_list_windows ();

  return windows->len == 0;
}

static void
test_quit (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint watch;

  if (connection == NULL)
    g_error ("Gloss was not started: see /install/open");

  /* The bus says when the name is released, which wakes the wait below
   * (asking NameHasOwner alone would not); watched before quitting, so
   * that the change cannot come before the watch. */
  watch = g_bus_watch_name_on_connection (connection, APPLICATION_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          NULL, NULL, NULL, NULL);

  /* app.quit, as the shell's menu or Ctrl+Q would. */
  reply = g_dbus_connection_call_sync (connection, APPLICATION_ID, "/app/gloss/Gloss",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  gloss_test_wait_until (no_windows, NULL, WAIT_SECONDS, "every window to close");
  gloss_test_wait_until (name_has_no_owner, NULL, WAIT_SECONDS, "Gloss to leave the bus");
  g_bus_unwatch_name (watch);
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

  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("gloss-install-XXXXXX", &error);
  g_assert_no_error (error);
  prefix = g_build_filename (root, "prefix", NULL);
  build_dir = g_build_filename (root, "build", NULL);
  desktop_file = prefix_path ("share", "applications", "app.gloss.Gloss.desktop", NULL);

  articles = g_build_filename (home, "My Articles", "Été 2026", NULL);
  g_assert_cmpint (g_mkdir_with_parents (articles, 0700), ==, 0);
  markdown_path = g_build_filename (articles, "Notes on Reading.md", NULL);
  write_file (markdown_path, "# Slow Reading\n\nRead slowly, with a pen in hand.\n");
  html_path = g_build_filename (articles, "Café — 日本語.html", NULL);
  write_file (html_path,
              "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
              "<title>Über das Lesen</title></head><body><p>Wer mit dem Stift liest, "
              "liest zweimal. 日本語の文も読めます。</p></body></html>");
  second_path = g_build_filename (articles, "second note.md", NULL);
  write_file (second_path, "# A Second Note\n\nAnother window of the same instance.\n");
  text_path = g_build_filename (articles, "plain é.txt", NULL);
  write_file (text_path, "Plain Words\n\nA text article: its first line is its title.\n");

  /* The desktop's view of the prefix, set before any thread runs.  The
   * system's folders stay after it: the MIME database, GTK's own schemas
   * and the icon theme live there.  GLib hides a desktop entry whose
   * program is not on the PATH.  The installed application reads the
   * installed schemas. */
  {
    g_autofree char *share = prefix_path ("share", NULL);
    g_autofree char *bin = prefix_path ("bin", NULL);
    g_autofree char *data_dirs = g_strdup_printf ("%s:/usr/local/share:/usr/share", share);
    g_autofree char *path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));

    g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
    g_setenv ("PATH", path, TRUE);
    g_unsetenv ("GSETTINGS_SCHEMA_DIR");
  }

  gloss_test_x11_open ();

  g_test_add_func ("/install/meson-install", test_install);
  g_test_add_func ("/install/mime", test_mime);
  g_test_add_func ("/install/open", test_open);
  g_test_add_func ("/install/quit", test_quit);

  status = g_test_run ();

  g_clear_object (&connection);
  if (bus)
    {
      g_test_dbus_down (bus);
      g_clear_object (&bus);
    }
  gloss_test_x11_close ();

  gloss_test_remove_tree (root);
  gloss_test_remove_tree (home);
  g_free (root);
  g_free (prefix);
  g_free (build_dir);
  g_free (articles);
  g_free (desktop_file);
  g_free (markdown_path);
  g_free (html_path);
  g_free (second_path);
  g_free (text_path);

  return status;
}
