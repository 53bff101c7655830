/* gloss-content-filters.c: what an article's page may load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-view"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gloss-content-filters.h"

static WebKitUserContentFilterStore *filter_store;
static GHashTable *filter_cache;    /* identifier → WebKitUserContentFilter */
static GHashTable *filter_waiting;  /* identifier → GPtrArray of GTask */

typedef struct
{
  char   *identifier;
  GBytes *rules;
} FilterJob;

static void
filter_job_free (FilterJob *job)
{
  g_free (job->identifier);
  g_bytes_unref (job->rules);
  g_free (job);
}

static void
filter_job_complete (FilterJob               *job,
                     WebKitUserContentFilter *filter,
                     const GError            *error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (filter != NULL)
    g_hash_table_insert (filter_cache, g_strdup (job->identifier),
                         webkit_user_content_filter_ref (filter));

  g_hash_table_steal_extended (filter_waiting, job->identifier, NULL, (gpointer *) &tasks);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (g_task_return_error_if_cancelled (task))
        continue;
      if (filter != NULL)
        g_task_return_pointer (task, webkit_user_content_filter_ref (filter),
                               (GDestroyNotify) webkit_user_content_filter_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }

  filter_job_free (job);
}

static void
filter_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FilterJob *job = user_data;
  g_autoptr(WebKitUserContentFilter) filter = NULL;
  g_autoptr(GError) error = NULL;

  filter = webkit_user_content_filter_store_save_finish (WEBKIT_USER_CONTENT_FILTER_STORE (object),
                                                         result, &error);
  if (filter == NULL)
    g_warning ("Could not compile the content filter %s: %s", job->identifier, error->message);

  filter_job_complete (job, filter, error);
}

static void
filter_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FilterJob *job = user_data;
  g_autoptr(WebKitUserContentFilter) filter = NULL;

  filter = webkit_user_content_filter_store_load_finish (WEBKIT_USER_CONTENT_FILTER_STORE (object),
                                                         result, NULL);
  if (filter != NULL)
    {
      filter_job_complete (job, filter, NULL);
      return;
    }

  /* Not compiled yet, or by another WebKit version.  The cache folder
   * may have been emptied since the store was made. */
  g_mkdir_with_parents (webkit_user_content_filter_store_get_path (filter_store), 0700);
  webkit_user_content_filter_store_save (filter_store, job->identifier, job->rules,
                                         NULL, filter_saved_cb, job);
}

static void
ensure_store (void)
{
  g_autofree char *path = NULL;

  if (filter_store != NULL)
    return;

  path = g_build_filename (g_get_user_cache_dir (), "gloss", "content-filters", NULL);
  filter_store = webkit_user_content_filter_store_new (path);
  filter_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) webkit_user_content_filter_unref);
  filter_waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
}

static char *
filter_identifier (const char *kind,
                   const char *rules)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, rules, -1);

  hash[24] = '\0';
  return g_strdup_printf ("gloss-%s-%s", kind, hash);
}

/* Fetches the compiled filter for @rules (JSON, WebKit's content blocker
 * format), compiling it at most once per process. */
void
gloss_content_filters_get_async (const char          *kind,
                  const char          *rules,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *identifier = NULL;
  WebKitUserContentFilter *cached;
  GPtrArray *tasks;
  FilterJob *job;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_content_filters_get_async);

  ensure_store ();
  identifier = filter_identifier (kind, rules);

  cached = g_hash_table_lookup (filter_cache, identifier);
  if (cached != NULL)
    {
      g_task_return_pointer (task, webkit_user_content_filter_ref (cached),
                             (GDestroyNotify) webkit_user_content_filter_unref);
      return;
    }

  tasks = g_hash_table_lookup (filter_waiting, identifier);
  if (tasks != NULL)
    {
      g_ptr_array_add (tasks, g_steal_pointer (&task));
      return;
    }

  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tasks, g_steal_pointer (&task));
  g_hash_table_insert (filter_waiting, g_strdup (identifier), tasks);

  job = g_new0 (FilterJob, 1);
  job->identifier = g_steal_pointer (&identifier);
  job->rules = g_bytes_new (rules, strlen (rules));
  webkit_user_content_filter_store_load (filter_store, job->identifier, NULL,
                                         filter_loaded_cb, job);
}

WebKitUserContentFilter *
gloss_content_filters_get_finish (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_rule (JsonBuilder *builder,
          const char  *url_filter,
          const char  *action)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "trigger");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url-filter");
  json_builder_add_string_value (builder, url_filter);
  json_builder_set_member_name (builder, "url-filter-is-case-sensitive");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, action);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static char *
rules_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Everything but local schemes is blocked. */
char *
gloss_content_filters_remote_rules (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  add_rule (builder, ".*", "block");
  add_rule (builder, "^file:", "ignore-previous-rules");
  add_rule (builder, "^data:", "ignore-previous-rules");
  add_rule (builder, "^blob:", "ignore-previous-rules");
  add_rule (builder, "^about:", "ignore-previous-rules");
  json_builder_end_array (builder);

  return rules_to_string (builder);
}

/* A URL prefix as a content-blocker regular expression: special
 * characters escaped, and bytes outside printable ASCII percent-encoded
 * as WebKit writes them in the URLs it matches. */
static void
append_url_regex (GString    *regex,
                  const char *url)
{
  for (const guchar *p = (const guchar *) url; *p != '\0'; p++)
    {
      if (*p <= 0x20 || *p >= 0x7f)
        g_string_append_printf (regex, "%%%02X", *p);
      else if (strchr ("\\^$.|?*+()[]{}", *p) != NULL)
        {
          g_string_append_c (regex, '\\');
          g_string_append_c (regex, *p);
        }
      else
        g_string_append_c (regex, *p);
    }
}

/* The folder part of @base_uri ("file:///a/b/" for "file:///a/b/c.html"),
 * or NULL when it is not a file URI. */
char *
gloss_content_filters_folder_uri (const char *base_uri)
{
  const char *slash;

  if (base_uri == NULL || !g_str_has_prefix (base_uri, "file:///"))
    return NULL;
  if (strpbrk (base_uri, "?#") != NULL)
    return NULL;

  slash = strrchr (base_uri, '/');
  return g_strndup (base_uri, slash - base_uri + 1);
}

/* file:// URLs are blocked outside @folder_uri (and everywhere when it is
 * NULL).  The folder holds the article, its NAME_files/ folder of a saved
 * page and the images of a Markdown file, so all below it is allowed.
 *
 * The rules see URLs with ".." already resolved, but WebKit turns an
 * escaped slash into a slash only when it opens the file:
 * "NAME_files/..%2F..%2Fsecret" would match the folder and climb out of
 * it.  No file name holds a slash, so such URLs are blocked everywhere. */
char *
gloss_content_filters_folder_rules (const char *folder_uri)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  add_rule (builder, "^file:", "block");
  if (folder_uri != NULL)
    {
      g_autoptr(GString) regex = g_string_new ("^");

      append_url_regex (regex, folder_uri);
      add_rule (builder, regex->str, "ignore-previous-rules");
    }
  add_rule (builder, "^file:.*%2[fF]", "block");
  json_builder_end_array (builder);

  return rules_to_string (builder);
}

WebKitUserContentFilter *
gloss_content_filters_lookup (const char *kind,
                              const char *rules)
{
  g_autofree char *identifier = NULL;
  WebKitUserContentFilter *cached;

  if (filter_cache == NULL)
    return NULL;

  identifier = filter_identifier (kind, rules);
  cached = g_hash_table_lookup (filter_cache, identifier);

  return cached ? webkit_user_content_filter_ref (cached) : NULL;
}

static void
prefetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WebKitUserContentFilter *filter = gloss_content_filters_get_finish (result, NULL);

  /* Only for the cache: the page takes it from there. */
  g_clear_pointer (&filter, webkit_user_content_filter_unref);
}

/* The folder URI of an article file, as GlossDocument makes it. */
char *
gloss_content_filters_folder_uri_for_file (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = g_file_get_uri (parent != NULL ? parent : file);
  g_autofree char *base_uri = g_str_has_suffix (uri, "/") ? g_steal_pointer (&uri)
                                                          : g_strconcat (uri, "/", NULL);

  return gloss_content_filters_folder_uri (base_uri);
}

void
gloss_content_filters_prefetch (GFile *article)
{
  g_autofree char *remote = gloss_content_filters_remote_rules ();

  gloss_content_filters_get_async ("remote", remote, NULL, prefetched_cb, NULL);

  if (article != NULL)
    {
      g_autofree char *folder_uri = gloss_content_filters_folder_uri_for_file (article);
      g_autofree char *folder = gloss_content_filters_folder_rules (folder_uri);

      gloss_content_filters_get_async ("folder", folder, NULL, prefetched_cb, NULL);
    }
}
