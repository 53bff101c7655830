/* gloss-sidecar-write.c: a GlossSidecar written back as a file
 *
 * Writing builds a fresh object per level with the members Gloss owns
 * first, in a fixed order, followed by the members it does not know, in
 * the order they were read.  Items that cannot be read keep their place
 * and their exact value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gloss-annotation-private.h"
#include "gloss-background.h"
#include "gloss-sidecar-private.h"

static const char * const owned_collection_members[] = {
  "@context", "id", "type", "label", "gloss:article", "total", "first", "gloss:deleted", NULL
};

static const char * const owned_page_members[] = {
  "id", "type", "items", NULL
};
static const char * const owned_article_members[] = {
  "id", "name", "sha256", "uri", NULL
};

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* By id, so that the same deletions always give the same bytes; then the
 * entries that could not be read. */
static JsonArray *
serialize_deleted (GlossSidecar *self)
{
  JsonArray *array = json_array_new ();
  g_autofree gpointer *ids = NULL;
  guint n;

  ids = g_hash_table_get_keys_as_array (self->deleted, &n);
  qsort (ids, n, sizeof (gpointer), compare_strings);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_object_new ();
      g_autofree char *when = gloss_sidecar_format_time (g_hash_table_lookup (self->deleted, ids[i]));

      json_object_set_string_member (entry, "id", ids[i]);
      json_object_set_string_member (entry, "deleted", when);
      json_array_add_object_element (array, entry);
    }

  for (guint i = 0; i < self->deleted_verbatim->len; i++)
    json_array_add_element (array, json_node_copy (self->deleted_verbatim->pdata[i]));

  return array;
}

/* How deep an item sits: the collection, "first", "items", the item. */
#define ITEM_INDENT 3

/* Annotations printed in parts at once, from this many on. */
#define PRINTED_PER_PART 500

/* @annotation printed anew, as a GRefString.  Reads @self, changes
 * nothing: threads may print different annotations at once. */
static char *
print_text (GlossSidecar               *self,
            GlossAnnotation            *annotation,
            GlossSidecarSerializeFlags  flags,
            const char                 *article_uri)
{
  g_autoptr(JsonNode) node = gloss_sidecar_serialize_annotation (self, annotation, flags,
                                                                 article_uri);
  GString *text = g_string_new (NULL);
  char *printed_text;

  gloss_sidecar_print_node (text, node, ITEM_INDENT);

  /* Kept at its size, not the string's capacity (up to twice that). */
  printed_text = g_ref_string_new_len (text->str, text->len);
  g_string_free (text, TRUE);

  return printed_text;
}

/* @printed_text (a GRefString), remembered as @annotation's printed text. */
static void
remember_printed (GlossSidecar    *self,
                  GlossAnnotation *annotation,
                  char            *printed_text)
{
  GlossSidecarPrinted *printed = g_new0 (GlossSidecarPrinted, 1);

  printed->revision = gloss_annotation_get_revision (annotation);
  printed->generation = self->generation;
  printed->article_id = g_strdup (self->article_id);
  printed->text = g_ref_string_acquire (printed_text);
  g_hash_table_replace (self->printed, g_strdup (gloss_annotation_get_id (annotation)), printed);
}

/* @annotation as printed among the items.  A sidecar of 10,000 annotations
 * is 12 MB of JSON, and printing all of it again for every change kept the
 * main loop busy for a third of a second: what has not changed since the
 * last save (the same revision, the same article) is written as it was
 * printed then. */
static char *
print_annotation_as (GlossSidecar               *self,
                     GlossAnnotation            *annotation,
                     GlossSidecarPrinted        *printed,
                     GlossSidecarSerializeFlags  flags,
                     const char                 *article_uri)
{
  gboolean export = (flags & GLOSS_SIDECAR_SERIALIZE_EXPORT) != 0;
  char *printed_text;

  if (!export && printed != NULL && printed->revision == gloss_annotation_get_revision (annotation) &&
      g_strcmp0 (printed->article_id, self->article_id) == 0)
    {
      printed->generation = self->generation;
      return g_ref_string_acquire (printed->text);
    }

  printed_text = print_text (self, annotation, flags, article_uri);

  /* An export's are not kept. */
  if (!export)
    remember_printed (self, annotation, printed_text);

  return printed_text;
}

/* Whether @id was written by this prepare() already (a sidecar may list an
 * item twice; the export, an annotation): for the sidecar, its printed
 * text says so, which spares a table of 10,000 ids each save. */
static gboolean
written_now (GlossSidecar *self,
             GHashTable   *written,
             const char   *id,
             GlossSidecarPrinted **printed)
{
  if (written != NULL)
    return g_hash_table_contains (written, id);

  *printed = g_hash_table_lookup (self->printed, id);
  return *printed != NULL && (*printed)->generation == self->generation;
}

typedef struct
{
  GlossSidecar  *self;
  char         **texts;
} PrintJob;

static void
print_part (gpointer user_data,
            guint    from,
            guint    to)
{
  PrintJob *job = user_data;

  for (guint i = from; i < to; i++)
    job->texts[i] = print_text (job->self, job->self->annotations->pdata[i],
                                GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
}

void
gloss_sidecar_print_annotations (GlossSidecar *self)
{
  g_autofree char **texts = NULL;
  PrintJob job;
  guint n;

  g_return_if_fail (self != NULL);

  /* Printed in parts at once (10,000: 120 ms on one core), then
   * remembered in order. */
  n = self->annotations->len;
  texts = g_new0 (char *, n);
  job.self = self;
  job.texts = texts;
  gloss_parallel_for (n, PRINTED_PER_PART, print_part, &job);

  for (guint i = 0; i < n; i++)
    {
      remember_printed (self, self->annotations->pdata[i], texts[i]);
      g_ref_string_release (texts[i]);
    }
}

struct _GlossSidecarOutput
{
  GString          *skeleton;  /* the collection without its items */
  GlossSidecarHole  hole;      /* where they go */
  GPtrArray        *texts;     /* GRefString: the items, printed, in order */
};

void
gloss_sidecar_output_free (GlossSidecarOutput *output)
{
  if (output == NULL)
    return;

  g_string_free (output->skeleton, TRUE);
  g_ptr_array_unref (output->texts);
  g_free (output);
}

GBytes *
gloss_sidecar_output_finish (GlossSidecarOutput *output)
{
  GString *out;
  gsize length;

  g_return_val_if_fail (output != NULL, NULL);

  /* Sized once: the items make nearly all of it. */
  length = output->skeleton->len + 16;
  for (guint i = 0; i < output->texts->len; i++)
    length += strlen (output->texts->pdata[i]) + 2 * (output->hole.indent + 1) + 2;
  out = g_string_sized_new (length);

  g_string_append_len (out, output->skeleton->str, output->hole.at);
  gloss_sidecar_print_texts (out, output->texts, output->hole.indent);
  g_string_append_len (out, output->skeleton->str + output->hole.at,
                       output->skeleton->len - output->hole.at);

  gloss_sidecar_output_free (output);

  return g_string_free_to_bytes (out);
}

GBytes *
gloss_sidecar_serialize (GlossSidecar               *self,
                         GPtrArray                  *annotations,
                         GlossSidecarSerializeFlags  flags,
                         const char                 *article_uri)
{
  return gloss_sidecar_output_finish (gloss_sidecar_prepare (self, annotations, flags, article_uri));
}

GlossSidecarOutput *
gloss_sidecar_prepare (GlossSidecar               *self,
                       GPtrArray                  *annotations,
                       GlossSidecarSerializeFlags  flags,
                       const char                 *article_uri)
{
  gboolean export = (flags & GLOSS_SIDECAR_SERIALIZE_EXPORT) != 0;
  g_autoptr(GHashTable) by_id = g_hash_table_new (gloss_sidecar_id_hash, g_str_equal);
  /* For an export only: a sidecar's printed texts say what is written. */
  g_autoptr(GHashTable) written = export ? g_hash_table_new (gloss_sidecar_id_hash, g_str_equal) : NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(JsonNode) root_node = json_node_new (JSON_NODE_OBJECT);
  /* The items' texts, in order. */
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  GlossSidecarOutput *output;
  JsonObject *root = json_object_new ();
  JsonObject *article = json_object_new ();
  JsonObject *page = json_object_new ();
  JsonNode *context = self->root ? json_object_get_member (self->root, "@context") : NULL;
  JsonNode *items;
  GHashTableIter iter;
  gpointer printed;
  guint n_written = 0;
  const char *label;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!export || article_uri != NULL, NULL);

  if (!export)
    self->generation++;

  slots = g_array_sized_new (FALSE, TRUE, sizeof (GlossSidecarSlot),
                             MAX (self->slots->len, annotations != NULL ? annotations->len : 0));
  g_array_set_clear_func (slots, gloss_sidecar_slot_clear);

  /* The first of an id, as the loop over @annotations below writes it. */
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    if (!g_hash_table_contains (by_id, gloss_annotation_get_id (annotations->pdata[i])))
      g_hash_table_insert (by_id,
                           (gpointer) gloss_annotation_get_id (annotations->pdata[i]),
                           annotations->pdata[i]);

  /* The sidecar: items keep their place in the file, new ones follow.
   * The export: the annotations in the given order, nothing else. */
  if (!export)
    {
      for (guint i = 0; i < self->slots->len; i++)
        {
          GlossSidecarSlot *slot = &g_array_index (self->slots, GlossSidecarSlot, i);
          GlossAnnotation *annotation;
          GlossSidecarSlot copy = { NULL, NULL };
          GlossSidecarPrinted *entry;

          if (slot->verbatim != NULL)
            {
              GString *text = g_string_new (NULL);

              gloss_sidecar_print_node (text, slot->verbatim, ITEM_INDENT);
              g_ptr_array_add (texts, g_ref_string_new_len (text->str, text->len));
              g_string_free (text, TRUE);
              copy.verbatim = json_node_copy (slot->verbatim);
              g_array_append_val (slots, copy);
              continue;
            }

          annotation = g_hash_table_lookup (by_id, slot->id);
          entry = NULL;
          if (annotation == NULL || written_now (self, written, slot->id, &entry))
            continue;

          g_ptr_array_add (texts, print_annotation_as (self, annotation, entry, flags, article_uri));
          n_written++;
          /* The old slots go at the end: their ids are taken, not copied. */
          copy.id = g_steal_pointer (&slot->id);
          g_array_append_val (slots, copy);
        }
    }

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];
      const char *annotation_id = gloss_annotation_get_id (annotation);
      GlossSidecarSlot copy = { NULL, NULL };
      GlossSidecarPrinted *entry = NULL;

      if (written_now (self, written, annotation_id, &entry))
        continue;

      g_ptr_array_add (texts, print_annotation_as (self, annotation, entry, flags, article_uri));
      if (written != NULL)
        g_hash_table_add (written, (gpointer) annotation_id);
      n_written++;
      copy.id = g_strdup (annotation_id);
      g_array_append_val (slots, copy);
    }

  /* Nothing printed for annotations that are gone (each one written has
   * its printed text). */
  if (!export && g_hash_table_size (self->printed) > n_written)
    {
      g_hash_table_iter_init (&iter, self->printed);
      while (g_hash_table_iter_next (&iter, NULL, &printed))
        if (((GlossSidecarPrinted *) printed)->generation != self->generation)
          g_hash_table_iter_remove (&iter);
    }

  if (context != NULL && gloss_sidecar_node_has_string (context, GLOSS_SIDECAR_CONTEXT))
    json_object_set_member (root, "@context", json_node_copy (context));
  else
    json_object_set_string_member (root, "@context", GLOSS_SIDECAR_CONTEXT);
  json_object_set_string_member (root, "id", self->id);
  json_object_set_string_member (root, "type", "AnnotationCollection");
  label = self->label ? self->label : self->article_name;
  if (label != NULL)
    json_object_set_string_member (root, "label", label);

  json_object_set_string_member (article, "id", self->article_id);
  if (self->article_name != NULL)
    json_object_set_string_member (article, "name", self->article_name);
  if (self->article_sha256 != NULL)
    json_object_set_string_member (article, "sha256", self->article_sha256);
  if (export)
    json_object_set_string_member (article, "uri", article_uri);
  gloss_sidecar_copy_unknown_members (article, self->article, owned_article_members);
  json_object_set_object_member (root, "gloss:article", article);

  json_object_set_int_member (root, "total", texts->len);

  json_object_set_string_member (page, "id", self->page_id);
  json_object_set_string_member (page, "type", "AnnotationPage");
  json_object_set_array_member (page, "items", json_array_new ());
  items = json_object_get_member (page, "items");
  gloss_sidecar_copy_unknown_members (page, self->page, owned_page_members);
  json_object_set_object_member (root, "first", page);

  if (!export)
    {
      JsonArray *deleted = serialize_deleted (self);

      if (json_array_get_length (deleted) > 0)
        json_object_set_array_member (root, "gloss:deleted", deleted);
      else
        json_array_unref (deleted);
    }

  gloss_sidecar_copy_unknown_members (root, self->root, owned_collection_members);

  json_node_take_object (root_node, root);

  /* The collection around its items: joined with them by
   * gloss_sidecar_output_finish(), in any thread. */
  output = g_new0 (GlossSidecarOutput, 1);
  output->skeleton = g_string_sized_new (4096);
  gloss_sidecar_print_node_items (output->skeleton, root_node, 0, items, NULL, &output->hole);
  g_string_append_c (output->skeleton, '\n');
  output->texts = g_steal_pointer (&texts);

  /* What is written becomes the order for the next time. */
  if (!export)
    {
      g_array_unref (self->slots);
      self->slots = g_steal_pointer (&slots);
    }

  return output;
}
