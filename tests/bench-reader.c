/* bench-reader.c: Gloss against bare WebKit on big articles, in one run
 *
 * Generates articles of 100 KB, 1 MB and 10 MB, each with 0, 200, 2,000
 * and 10,000 highlights (the sidecars written by the annotation store),
 * then measures, on this machine and in this run:
 *
 *  1. Open to painted.  `gloss FILE` with GLOSS_TIMING=1, and
 *     `bench-baseline FILE` (a bare GTK 4 window with a WebKitWebView) for
 *     the same article without highlights, run in turns, each several
 *     times after one warm-up run.  A run lasts from the spawn until the
 *     process says the article is on screen (for Gloss: every highlight
 *     painted and the sidebar filled); the median is reported, with the
 *     ratio Gloss / baseline.  Then the peak RSS (VmHWM) of the process
 *     and of its web process are read, before it is killed, with the peak
 *     of the process's private memory (RssAnon, sampled as it runs: what
 *     it allocated itself, not the libraries and files it maps, which
 *     every GTK and WebKit program shares).
 *  2. Annotating.  Here, in a GlossWindow, the 1 MB and 10 MB articles with
 *     10,000 highlights: one more highlight, as a user makes it (a
 *     selection, then win.highlight).  The time until it is on screen,
 *     until the sidecar is saved (which waits for the store's 250 ms of
 *     coalescing by design), and the longest the main loop went between
 *     two polls from the action to the save.
 *
 * It prints the tables (Markdown) and exits 1 when a target is missed:
 * open at most 1.15 × the baseline at 1 MB / 2,000, at most 1.3 × at
 * 10 MB / 10,000; no main-loop stall over 16 ms while annotating; Gloss's
 * own process under 100 MB at 10 MB / 10,000, counted as its private
 * memory (the libraries GTK and WebKit map alone make its RSS, like the
 * bare program's, more than 100 MB).
 *
 * Under Xvfb, unless the environment says otherwise, both run with
 * GSK_RENDERER=cairo and WEBKIT_DISABLE_COMPOSITING_MODE=1 (see main()).
 *
 *   meson test -C BUILD --benchmark --print-errorlogs      (under Xvfb)
 *   xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
 *     BUILD/tests/bench-reader [--runs N] [--quick] [--only open|annotate]
 *   BUILD/tests/bench-reader --write-articles FOLDER   (to profile by hand)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <unistd.h>

#include "bench-articles.h"
#include "bench-process.h"
#include "gloss-test-home.h"
#include "gloss-window.h"

#define TEST_WORLD "gloss-bench"

#define TARGET_RATIO_1MB   1.15
#define TARGET_RATIO_10MB  1.3
#define TARGET_STALL_MS    16.0
#define TARGET_GLOSS_RSS_MB 100.0

static const struct
{
  const char *name;
  gsize       size;
} sizes[] = {
  { "100 KB", 100 * 1000 },
  { "1 MB", 1000 * 1000 },
  { "10 MB", 10 * 1000 * 1000 },
};

static const guint highlight_counts[] = { 0, 200, 2000, 10000 };

#define N_SIZES G_N_ELEMENTS (sizes)
#define N_COUNTS G_N_ELEMENTS (highlight_counts)

static int n_runs = 5;
static gboolean quick;
static char *only;
static char *write_only_folder;
static char *gloss_binary;
static char *baseline_binary;
static char *articles_folder;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  if (n == 0)
    return NAN;

  g_array_sort (sorted, compare_doubles);

  return n % 2 ? g_array_index (sorted, double, n / 2)
               : (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* ------------------------------------------------------------------------
 * Open to painted
 * ------------------------------------------------------------------------ */

typedef struct
{
  double open_ms;
  double own_ms;
  double rss_mb;
  double anon_mb;
  double web_rss_mb;
} Figures;

static Figures gloss_figures[N_SIZES][N_COUNTS];
static Figures baseline_figures[N_SIZES];

static char *
article_path (guint size,
              guint count)
{
  g_autofree char *name = g_strdup_printf ("article-%u-%u.html", size, highlight_counts[count]);

  return g_build_filename (articles_folder, name, NULL);
}

static void
prepare_articles (guint n_sizes)
{
  for (guint s = 0; s < n_sizes; s++)
    for (guint c = 0; c < N_COUNTS; c++)
      {
        g_autofree char *path = article_path (s, c);

        bench_write_article (path, sizes[s].size);
        bench_write_highlights (path, highlight_counts[c]);
      }
}

/* The figures of every timed run of one measure. */
typedef struct
{
  GArray *open;
  GArray *own;
  GArray *rss;
  GArray *anon;
  GArray *web_rss;
} Samples;

static void
samples_init (Samples *samples)
{
  samples->open = g_array_new (FALSE, FALSE, sizeof (double));
  samples->own = g_array_new (FALSE, FALSE, sizeof (double));
  samples->rss = g_array_new (FALSE, FALSE, sizeof (double));
  samples->anon = g_array_new (FALSE, FALSE, sizeof (double));
  samples->web_rss = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
samples_add (Samples        *samples,
             const BenchRun *result)
{
  g_array_append_val (samples->open, result->wall_ms);
  g_array_append_val (samples->own, result->own_ms);
  g_array_append_val (samples->rss, result->rss_mb);
  g_array_append_val (samples->anon, result->anon_mb);
  g_array_append_val (samples->web_rss, result->web_rss_mb);
}

/* Medians; frees the samples. */
static Figures
samples_finish (Samples *samples)
{
  Figures figures = {
    median (samples->open), median (samples->own),
    median (samples->rss), median (samples->anon), median (samples->web_rss),
  };

  g_array_unref (samples->open);
  g_array_unref (samples->own);
  g_array_unref (samples->rss);
  g_array_unref (samples->anon);
  g_array_unref (samples->web_rss);

  return figures;
}

static void
bench_open (guint size)
{
  /* One per highlight count, then the baseline's. */
  Samples samples[N_COUNTS + 1];
  g_autofree char *plain = article_path (size, 0);

  for (guint c = 0; c <= N_COUNTS; c++)
    samples_init (&samples[c]);

  /* The first run of each warms the caches (files, fonts, Gloss's compiled
   * content filters) and is not counted.  Then in turns, so that a slow
   * moment of the machine hits both. */
  for (int run = -1; run < n_runs; run++)
    for (guint c = 0; c <= N_COUNTS; c++)
      {
        gboolean gloss = c < N_COUNTS;
        g_autofree char *path = gloss ? article_path (size, c) : g_strdup (plain);
        const char *argv[] = { gloss ? gloss_binary : baseline_binary, path, NULL };
        BenchRun result;

        bench_run_timed (argv, gloss, gloss ? "gloss-timing: " : "baseline-timing: ", &result);

        if (gloss && result.highlights != highlight_counts[c])
          g_error ("Gloss painted %u highlights of %u in %s", result.highlights,
                   highlight_counts[c], path);
        if (run >= 0)
          samples_add (&samples[c], &result);
      }

  for (guint c = 0; c < N_COUNTS; c++)
    gloss_figures[size][c] = samples_finish (&samples[c]);
  baseline_figures[size] = samples_finish (&samples[N_COUNTS]);

  g_printerr ("# %s: bare %.0f ms, Gloss %.0f / %.0f / %.0f / %.0f ms\n", sizes[size].name,
              baseline_figures[size].open_ms, gloss_figures[size][0].open_ms,
              gloss_figures[size][1].open_ms, gloss_figures[size][2].open_ms,
              gloss_figures[size][3].open_ms);
}

/* ------------------------------------------------------------------------
 * Annotating, in this process
 * ------------------------------------------------------------------------ */

/* The longest the main loop went between leaving poll() and entering it
 * again, while measuring. */
static gboolean measuring_stalls;
static gint64 left_poll_at;
static gint64 longest_stall_us;

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 now = g_get_monotonic_time ();
  int ret;

  if (measuring_stalls && left_poll_at > 0)
    {
      longest_stall_us = MAX (longest_stall_us, now - left_poll_at);
      if (now - left_poll_at > TARGET_STALL_MS * 1000)
        g_printerr ("#   stall of %.0f ms\n", (now - left_poll_at) / 1000.0);
    }

  ret = g_poll (fds, n_fds, timeout);
  left_poll_at = g_get_monotonic_time ();

  return ret;
}

typedef struct
{
  gboolean done;
  guint    n;
} Painted;

static void
on_painted (GlossArticleView *view,
            guint             n,
            Painted          *painted)
{
  painted->n = n;
  painted->done = TRUE;
}

static void
on_article_loaded (GlossWindow *window,
                   gboolean     ok,
                   gboolean    *loaded)
{
  if (!ok)
    g_error ("Gloss could not open the article: %s", gloss_window_get_problem (window));
  *loaded = TRUE;
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object),
                                                                 result, &error);
  if (value == NULL)
    g_error ("A script of the benchmark failed: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static void
run_in_page (GlossWindow *window,
             const char  *body)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  gboolean done = FALSE;

  webkit_web_view_call_async_javascript_function (gloss_article_view_get_web_view (view),
                                                  body, -1, NULL, TEST_WORLD, NULL, NULL,
                                                  call_done_cb, &done);
  bench_wait_for (&done, "a script in the page");
}

static void
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

/* As GLOSS_TIMING has it: after "painted" (a frame rendered in the
 * page), one frame of the window. */
static void
wait_on_screen (GlossWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id;

  id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  bench_wait_for (&painted, "a frame of the window");
  g_signal_handler_disconnect (clock, id);
}

static gboolean
activate_highlight (gpointer user_data)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (user_data), "win.highlight", NULL))
    g_error ("win.highlight is not enabled");
  return G_SOURCE_REMOVE;
}

typedef struct
{
  double painted_ms;
  double saved_ms;
  double stall_ms;
} AnnotateFigures;

static AnnotateFigures
bench_annotate (guint size)
{
  g_autofree char *path = article_path (size, N_COUNTS - 1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) painted_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) saved_ms = g_array_new (FALSE, FALSE, sizeof (double));
  AnnotateFigures figures = { 0 };
  GlossAnnotationStore *store;
  GlossWindow *window;
  Painted painted = { 0 };
  gboolean loaded = FALSE;
  guint n;

  window = gloss_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), &loaded);
  g_signal_connect (gloss_window_get_article_view (window), "painted",
                    G_CALLBACK (on_painted), &painted);
  gtk_window_present (GTK_WINDOW (window));
  gloss_window_open (window, file);
  bench_wait_for (&loaded, "the article to open");
  bench_wait_for (&painted.done, "the first paint");
  store = gloss_window_get_store (window);
  n = highlight_counts[N_COUNTS - 1];
  g_assert_cmpuint (painted.n, ==, n);
  wait_on_screen (window);

  longest_stall_us = 0;
  for (int run = 0; run < n_runs; run++)
    {
      gboolean selected = FALSE, saved = FALSE;
      gulong selection_id, saved_id;
      g_autofree char *script = NULL;
      gint64 start;
      double elapsed;

      /* A passage of the run-th paragraph, selected as a user would. */
      selection_id = g_signal_connect_swapped (gloss_window_get_article_view (window),
                                               "selection-changed", G_CALLBACK (set_flag),
                                               &selected);
      script = g_strdup_printf ("const text = document.querySelectorAll ('p')[%d].firstChild;"
                                "const range = document.createRange ();"
                                "range.setStart (text, 20);"
                                "range.setEnd (text, 60);"
                                "window.getSelection ().removeAllRanges ();"
                                "window.getSelection ().addRange (range);"
                                "return true;", run + 1);
      run_in_page (window, script);
      bench_wait_for (&selected, "the selection");
      g_signal_handler_disconnect (gloss_window_get_article_view (window), selection_id);

      saved_id = g_signal_connect_swapped (store, "saved", G_CALLBACK (set_flag), &saved);
      painted.done = FALSE;

      /* From the action (dispatched by the main loop, as a key press is)
       * to the save, no iteration of the main loop may take long. */
      start = g_get_monotonic_time ();
      left_poll_at = 0;
      measuring_stalls = TRUE;
      g_idle_add_full (G_PRIORITY_HIGH, activate_highlight, window, NULL);

      while (!painted.done || painted.n != n + 1)
        {
          painted.done = FALSE;
          bench_wait_for (&painted.done, "the new highlight to be painted");
        }
      wait_on_screen (window);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (painted_ms, elapsed);

      bench_wait_for (&saved, "the save");
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (saved_ms, elapsed);
      measuring_stalls = FALSE;
      g_signal_handler_disconnect (store, saved_id);

      g_assert_false (gloss_annotation_store_has_pending_changes (store));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
      n++;
    }

  figures.painted_ms = median (painted_ms);
  figures.saved_ms = median (saved_ms);
  figures.stall_ms = longest_stall_us / 1000.0;

  gtk_window_destroy (GTK_WINDOW (window));

  return figures;
}

/* ------------------------------------------------------------------------
 * The report
 * ------------------------------------------------------------------------ */

static void
print_open_table (guint n_sizes)
{
  g_print ("\nOpen to painted, median of %d runs:\n\n", n_runs);
  g_print ("| Article | Highlights | Gloss (ms) | Bare WebKit (ms) | Gloss / bare "
           "| Gloss private (MB) | Gloss RSS (MB) | its web process (MB) "
           "| bare private (MB) | bare RSS (MB) | its web process (MB) |\n");
  g_print ("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint s = 0; s < n_sizes; s++)
    for (guint c = 0; c < N_COUNTS; c++)
      {
        Figures *g = &gloss_figures[s][c];
        Figures *b = &baseline_figures[s];

        g_print ("| %s | %u | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n",
                 sizes[s].name, highlight_counts[c], g->open_ms, b->open_ms,
                 g->open_ms / b->open_ms, g->anon_mb, g->rss_mb, g->web_rss_mb,
                 b->anon_mb, b->rss_mb, b->web_rss_mb);
      }
}

static void
print_annotate_table (const AnnotateFigures *annotate,
                      guint                  n_sizes)
{
  g_print ("\nAdding one highlight to %u, median of %d:\n\n", highlight_counts[N_COUNTS - 1], n_runs);
  g_print ("| Article | On screen (ms) | Saved (ms, 250 ms of it coalescing) | Longest main-loop stall (ms) |\n");
  g_print ("|---|---:|---:|---:|\n");
  for (guint s = 1; s < n_sizes; s++)
    g_print ("| %s | %.0f | %.0f | %.1f |\n", sizes[s].name,
             annotate[s].painted_ms, annotate[s].saved_ms, annotate[s].stall_ms);
}

static gboolean
check (gboolean    ok,
       const char *what)
{
  g_print ("%s %s\n", ok ? "met:   " : "MISSED:", what);
  return ok;
}

/* "Machine: CPU, N threads, RAM; WebKitGTK x.y.z, GTK x.y.z". */
static char *
describe_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (line = strstr (cpuinfo, "model name")) != NULL &&
      (line = strchr (line, ':')) != NULL)
    model = g_strndup (line + 2, strcspn (line + 2, "\n"));

  return g_strdup_printf ("Machine: %s, %ld threads, %.0f GB; WebKitGTK %u.%u.%u, GTK %u.%u.%u",
                          model ? model : "unknown CPU", sysconf (_SC_NPROCESSORS_ONLN),
                          (double) sysconf (_SC_PHYS_PAGES) * sysconf (_SC_PAGESIZE) / 1e9,
                          webkit_get_major_version (), webkit_get_minor_version (),
                          webkit_get_micro_version (), gtk_get_major_version (),
                          gtk_get_minor_version (), gtk_get_micro_version ());
}

static char *
find_binary (const char *variable,
             const char *self_dir,
             const char *relative)
{
  const char *value = g_getenv (variable);

  if (value != NULL)
    return g_strdup (value);
  return g_canonicalize_filename (relative, self_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  g_autofree char *self_dir = NULL;
  g_autofree char *schema_dir = NULL;
  g_autofree char *machine = NULL;
  AnnotateFigures annotate[N_SIZES] = { 0 };
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs, "Timed runs of each measure (default 5)", "N" },
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "Leave out the 10 MB article", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run only one part: open or annotate", "PART" },
    { "write-articles", 0, 0, G_OPTION_ARG_FILENAME, &write_only_folder,
      "Only write the articles and their sidecars into FOLDER (for profiling)", "FOLDER" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- Gloss against bare WebKit");
  g_autoptr(GError) error = NULL;
  guint n_sizes;
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_runs < 1 ||
      (only != NULL && !g_str_equal (only, "open") && !g_str_equal (only, "annotate")))
    {
      g_printerr ("bench-reader: %s\n",
                  error ? error->message : "--runs must be at least 1, --only open or annotate");
      return 2;
    }
  n_sizes = quick ? N_SIZES - 1 : N_SIZES;

  /* Programs built beside this one, unless the environment says. */
  self_dir = g_path_get_dirname (g_file_read_link ("/proc/self/exe", NULL));
  gloss_binary = find_binary ("GLOSS_BINARY", self_dir, "../app/gloss");
  baseline_binary = find_binary ("GLOSS_BASELINE_BINARY", self_dir, "bench-baseline");
  schema_dir = find_binary ("GSETTINGS_SCHEMA_DIR", self_dir, "../data");

  /* One private home for this process and the ones it runs; settings in
   * memory, at their defaults; no accessibility bus; no debugging malloc. */
  home = gloss_test_isolate_home ();
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_unsetenv ("MALLOC_CHECK_");
  g_unsetenv ("G_DEBUG");
  /* Without a GPU (Xvfb), GTK's GL renderer and WebKit's compositing run
   * on llvmpipe, and every frame costs tens of milliseconds of CPU: that
   * would measure Mesa more than Gloss.  As the UI tests do, and unless
   * the environment says otherwise: Cairo and no compositing. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("WEBKIT_DISABLE_COMPOSITING_MODE", "1", FALSE);
  articles_folder = write_only_folder ? g_strdup (write_only_folder)
                                      : g_build_filename (home, "articles", NULL);
  g_mkdir_with_parents (articles_folder, 0700);

  gtk_init ();
  adw_init ();
  g_main_context_set_poll_func (NULL, timed_poll);

  g_printerr ("# Writing the articles and their sidecars…\n");
  prepare_articles (n_sizes);
  if (write_only_folder != NULL)
    return 0;

  if (g_strcmp0 (only, "annotate") != 0)
    for (guint s = 0; s < n_sizes; s++)
      bench_open (s);

  if (g_strcmp0 (only, "open") != 0)
    for (guint s = 1; s < n_sizes; s++)
      annotate[s] = bench_annotate (s);

  /* The report. */
  machine = describe_machine ();
  g_print ("\n%s; GSK_RENDERER=%s, WEBKIT_DISABLE_COMPOSITING_MODE=%s\n",
           machine, g_getenv ("GSK_RENDERER"), g_getenv ("WEBKIT_DISABLE_COMPOSITING_MODE"));
  if (g_strcmp0 (only, "annotate") != 0)
    print_open_table (n_sizes);
  if (g_strcmp0 (only, "open") != 0)
    print_annotate_table (annotate, n_sizes);

  g_print ("\n");
  if (g_strcmp0 (only, "annotate") != 0)
    {
      ok &= check (gloss_figures[1][2].open_ms <= TARGET_RATIO_1MB * baseline_figures[1].open_ms,
                   "open 1 MB / 2,000 highlights at most 1.15 × bare WebKit");
      if (n_sizes > 2)
        {
          ok &= check (gloss_figures[2][3].open_ms <= TARGET_RATIO_10MB * baseline_figures[2].open_ms,
                       "open 10 MB / 10,000 highlights at most 1.3 × bare WebKit");
          ok &= check (gloss_figures[2][3].anon_mb < TARGET_GLOSS_RSS_MB,
                       "Gloss's own process under 100 MB of private memory at 10 MB / 10,000 highlights");
        }
    }
  if (g_strcmp0 (only, "open") != 0)
    for (guint s = 1; s < n_sizes; s++)
      {
        g_autofree char *what = g_strdup_printf ("no main-loop stall over 16 ms while annotating (%s)",
                                                 sizes[s].name);
        ok &= check (annotate[s].stall_ms <= TARGET_STALL_MS, what);
      }

  gloss_test_remove_tree (home);

  return ok ? 0 : 1;
}
