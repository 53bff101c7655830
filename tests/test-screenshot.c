/* test-screenshot.c: the screenshots of the metainfo and the README
 *
 * Opens the welcome article in the real window, highlights four passages
 * in three colours with tags and notes, selects one in the sidebar and
 * renders the whole window to a PNG, in the light style and then in the
 * dark style (AdwStyleManager): tests/screenshots/gloss-window.png and
 * gloss-window-dark.png in the build folder.  data/screenshots/ keeps a
 * copy of the last ones taken.
 *
 * Before saving, the pixels have to show what the caption says: the
 * highlights painted in the article in their colours, and for the dark
 * style a dark page.
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
#define WIDTH 1100
#define HEIGHT 760

/* The application loads Gloss's style sheet, as when a user runs it. */
static GlossApplication *app;
static char *welcome_path;
static char *commonplace_path;

typedef struct
{
  const char *quote;
  const char *color;
  const char *tags[3];
  const char *note;
} Highlight;

/* The welcome article, a saved web page: it keeps its own light design. */
static const Highlight welcome_highlights[] = {
  { "a question mark", "blue", { "symbols", NULL }, NULL },
  { "The margin is where a reader talks back.", "yellow", { "margins", NULL }, "The whole idea in one line." },
  { "Those few square centimetres turn a printed page from something you receive into "
    "something you work on.", "green", { "margins", "work", NULL }, NULL },
  { "A note remembers what you thought.", "purple", { "notes", NULL },
    "Why I keep a notebook beside the reader." },
  { NULL }
};

/* A Markdown article: Gloss's own reading style, dark in the dark style. */
static const char commonplace[] =
  "# On Keeping a Commonplace Book\n"
  "\n"
  "*Notes kept beside what we read, from Renaissance students to plain-text files.*\n"
  "\n"
  "For centuries readers copied the passages that struck them into a notebook of their "
  "own: a commonplace book. Locke published a method for indexing one, and students were "
  "taught to keep one as they were taught to write.\n"
  "\n"
  "The habit survives because copying is a way of reading twice. The hand slows the eye, "
  "and the passage you copy is the passage you keep.\n"
  "\n"
  "A file of notes beside each article does the same work today, and it travels with the "
  "article wherever the file goes: copied, synced or committed.\n"
  "\n"
  "## What to copy\n"
  "\n"
  "Copy what surprised you, not what you agreed with. Agreement is easy to remember; "
  "surprise is not. Copy the sentence that changed your mind, and write down what it "
  "changed it from.\n"
  "\n"
  "## How to find it again\n"
  "\n"
  "An index is only as good as its words. Tag a passage with the word you will look for "
  "later, not the word the author used.\n";

static const Highlight commonplace_highlights[] = {
  { "copying is a way of reading twice", "yellow", { "method", NULL }, "Why slow reading sticks." },
  { "it travels with the article wherever the file goes", "blue", { "files", NULL }, NULL },
  { "Copy what surprised you, not what you agreed with.", "green", { "method", "surprise", NULL },
    "The rule I keep forgetting." },
  { "Tag a passage with the word you will look for later", "purple", { "tags", NULL }, NULL },
  { NULL }
};

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
  g_assert_true (ok);
  *loaded = TRUE;
}

typedef struct
{
  gboolean done;
  guint    n;
} PaintWait;

static void
on_painted (GlossArticleView *view,
            guint             n,
            PaintWait        *wait)
{
  wait->n = n;
  wait->done = TRUE;
}

/* The window as the screen shows it, from its own render nodes. */
static GdkTexture *
render_window (GtkWidget *window)
{
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  /* What GTK does for a frame of the window (a GtkWidgetPaintable draws
   * nothing for a toplevel). */
  GTK_WIDGET_GET_CLASS (window)->snapshot (window, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

typedef struct
{
  guint total;
  guint dark;       /* luminance below 80 */
  guint yellow;
  guint green;
  guint blue;
  guint tinted;     /* clearly coloured, any hue */
} Pixels;

/* Counts the pixels of @texture inside @area (the article view). */
static Pixels
count_pixels (GdkTexture            *texture,
              const graphene_rect_t *area)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = g_malloc (stride * height);
  Pixels pixels = { 0 };
  int x0 = CLAMP ((int) area->origin.x, 0, width);
  int y0 = CLAMP ((int) area->origin.y, 0, height);
  int x1 = CLAMP ((int) (area->origin.x + area->size.width), 0, width);
  int y1 = CLAMP ((int) (area->origin.y + area->size.height), 0, height);

  /* Cairo's ARGB32: B, G, R, A in memory. */
  gdk_texture_download (texture, data, stride);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *p = data + y * stride + x * 4;
        int b = p[0], g = p[1], r = p[2];
        int max = MAX (r, MAX (g, b)), min = MIN (r, MIN (g, b));

        pixels.total++;
        if ((r * 299 + g * 587 + b * 114) / 1000 < 80)
          pixels.dark++;
        if (max - min > 30)
          pixels.tinted++;
        if (r > 220 && g > 200 && b < 200 && r - b > 40)
          pixels.yellow++;
        if (g > 200 && g - r > 25 && g - b > 5)
          pixels.green++;
        if (b > 220 && b - r > 25 && b - g > 5)
          pixels.blue++;
      }

  return pixels;
}

typedef gboolean (*PixelsCheck) (const Pixels *pixels);

static gboolean
light_done (const Pixels *pixels)
{
  /* Each colour covers at least a few words' worth of pixels, and the
   * page is light. */
  return pixels->yellow > 2000 && pixels->green > 4000 && pixels->blue > 500
         && pixels->dark < pixels->total / 10;
}

static gboolean
dark_done (const Pixels *pixels)
{
  /* A dark page, with the highlights still in colour on it. */
  return pixels->dark > pixels->total * 6 / 10 && pixels->tinted > 4000;
}

typedef struct
{
  GlossWindow     *window;
  graphene_rect_t  area;
  PixelsCheck      check;
  Pixels           pixels;
  GdkTexture      *texture;   /* once the pixels pass */
} Shot;

/* Right after GTK painted a frame, when every allocation is current. */
static void
on_after_paint (GdkFrameClock *clock,
                Shot          *shot)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (shot->texture)
    return;

  /* The article view's place in the window, once the stack shows it. */
  if (!gtk_widget_compute_bounds (GTK_WIDGET (gloss_window_get_article_view (shot->window)),
                                  GTK_WIDGET (shot->window), &shot->area))
    shot->area = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  texture = render_window (GTK_WIDGET (shot->window));
  shot->pixels = count_pixels (texture, &shot->area);
  if (shot->check (&shot->pixels))
    shot->texture = g_steal_pointer (&texture);
  else
    gtk_widget_queue_draw (GTK_WIDGET (shot->window));
}

/* Renders the window frame after frame (WebKit draws in its own process)
 * until its pixels pass @check, then saves it as @name. */
static void
take_screenshot (GlossWindow *window,
                 PixelsCheck  check,
                 const char  *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autofree char *folder = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  Shot shot = { window, GRAPHENE_RECT_INIT (0, 0, 0, 0), check, { 0 }, NULL };
  gboolean timed_out = FALSE;
  gulong handler;
  guint id;

  id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &shot);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (shot.texture == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);

  if (timed_out)
    g_error ("%s: the article never looked right (%u pixels: %u dark, %u tinted, "
             "%u yellow, %u green, %u blue)", name, shot.pixels.total, shot.pixels.dark,
             shot.pixels.tinted, shot.pixels.yellow, shot.pixels.green, shot.pixels.blue);
  g_source_remove (id);

  /* The window's default size holds its frame too. */
  g_assert_cmpint (gdk_texture_get_width (shot.texture), >, WIDTH - 40);
  g_assert_cmpint (gdk_texture_get_width (shot.texture), <=, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (shot.texture), >, HEIGHT - 40);
  g_assert_cmpint (gdk_texture_get_height (shot.texture), <=, HEIGHT);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (shot.texture, path));
  g_test_message ("Saved %s", path);
  g_object_unref (shot.texture);
}

static GlossWindow *
open_annotated_window (const char      *path,
                       const Highlight *highlights)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GlossWindow *window = gloss_window_new (GTK_APPLICATION (app));
  GlossAnnotationStore *store;
  GlossAnnotation *first = NULL;
  guint n = 0;
  GlossText *text;
  const char *utf8;
  gboolean loaded = FALSE;
  PaintWait paint = { 0 };

  g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), &loaded);
  g_signal_connect (gloss_window_get_article_view (window), "painted", G_CALLBACK (on_painted), &paint);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  gloss_window_open (window, file);
  wait_for (&loaded);

  store = gloss_window_get_store (window);
  text = gloss_document_get_text (gloss_window_get_document (window));
  utf8 = gloss_text_get_utf8 (text, NULL);
  for (guint i = 0; highlights[i].quote; i++)
    {
      const char *found = strstr (utf8, highlights[i].quote);
      g_autoptr(GError) error = NULL;
      GlossAnnotation *annotation;
      gsize start;

      g_assert_nonnull (found);
      start = gloss_text_char_offset (text, found - utf8);
      annotation = gloss_annotation_store_add_range (store, start,
                                                     start + g_utf8_strlen (highlights[i].quote, -1),
                                                     highlights[i].color, &error);
      g_assert_no_error (error);
      for (guint j = 0; highlights[i].tags[j]; j++)
        gloss_annotation_add_tag (annotation, highlights[i].tags[j]);
      if (highlights[i].note)
        gloss_annotation_set_note (annotation, highlights[i].note);
      if (first == NULL)
        first = annotation;
      n++;
    }

  /* The first passage selected, as if just clicked in the sidebar. */
  gloss_sidebar_select (gloss_window_get_sidebar (window), gloss_annotation_get_id (first));

  while (paint.n < n)
    {
      paint.done = FALSE;
      wait_for (&paint.done);
    }

  return window;
}

static void
on_finalized (gpointer  data,
              GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
close_window (GlossWindow *window)
{
  gboolean destroyed = FALSE;

  g_object_weak_ref (G_OBJECT (window), on_finalized, &destroyed);
  gtk_window_close (GTK_WINDOW (window));
  wait_for (&destroyed);
}

static void
test_light (void)
{
  GlossWindow *window = open_annotated_window (welcome_path, welcome_highlights);

  take_screenshot (window, light_done, "gloss-window.png");
  close_window (window);
}

static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GlossWindow *window;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_annotated_window (commonplace_path, commonplace_highlights);
  take_screenshot (window, dark_done, "gloss-window-dark.png");
  close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The welcome article, as the application copies it out of its resources. */
static void
copy_sample (const char *folder)
{
  static const char *files[] = { "welcome.html", "welcome_files/margins.svg" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *resource = g_strconcat ("/app/gloss/Gloss/sample/", files[i], NULL);
      g_autofree char *path = g_build_filename (folder, files[i], NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = gloss_test_isolate_home ();
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = gloss_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  folder = g_build_filename (home, "welcome", NULL);
  copy_sample (folder);
  welcome_path = g_build_filename (folder, "welcome.html", NULL);
  commonplace_path = g_build_filename (home, "Commonplace Book.md", NULL);
  g_file_set_contents (commonplace_path, commonplace, -1, &error);
  g_assert_no_error (error);

  g_test_add_func ("/screenshot/light", test_light);
  g_test_add_func ("/screenshot/dark", test_dark);

  status = g_test_run ();

  g_clear_object (&app);
  gloss_test_remove_tree (home);
  g_free (welcome_path);
  g_free (commonplace_path);

  return status;
}
