/* gloss-annotation.c: one highlight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation"

#include "config.h"

#include "gloss-annotation-private.h"
#include "gloss-color.h"

struct _GlossAnnotation
{
  GObject            parent_instance;

  char              *id;
  GlossSelectors     selectors;
  char              *color;
  GStrv              tags;
  char              *note;
  GDateTime         *created;
  GDateTime         *modified;

  GlossAnchorStatus  status;
  gsize              start;
  gsize              end;

  /* The object read from the sidecar, for the members Gloss does not own. */
  JsonObject        *json;
  /* Changes with anything the sidecar holds of it; unique among all
   * annotations, so that a printed copy is never mistaken for another's. */
  gsize              revision;
};

G_DEFINE_FINAL_TYPE (GlossAnnotation, gloss_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_COLOR,
  PROP_TAGS,
  PROP_NOTE,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_STATUS,
  PROP_START,
  PROP_END,
  PROP_QUOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GDateTime *
gloss_annotation_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_new_utc (g_date_time_get_year (now),
                              g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now),
                              g_date_time_get_hour (now),
                              g_date_time_get_minute (now),
                              g_date_time_get_second (now));
}

/* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

static void
gloss_annotation_finalize (GObject *object)
{
  GlossAnnotation *self = GLOSS_ANNOTATION (object);

  g_free (self->id);
  gloss_selectors_free_fields (&self->selectors);
  g_free (self->color);
  g_strfreev (self->tags);
  g_free (self->note);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (gloss_annotation_parent_class)->finalize (object);
}

static void
gloss_annotation_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlossAnnotation *self = GLOSS_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_START:
      g_value_set_uint64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_uint64 (value, self->end);
      break;

    case PROP_QUOTE:
      g_value_set_string (value, gloss_annotation_get_quote (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gsize last_revision;

static void
touch (GlossAnnotation *self)
{
  self->revision = (gsize) g_atomic_pointer_add (&last_revision, 1) + 1;
}

static void
set_created (GlossAnnotation *self,
             GDateTime       *created)
{
  if (created == NULL || date_time_equal0 (self->created, created))
    return;

  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = g_date_time_ref (created);
  touch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

static void
gloss_annotation_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GlossAnnotation *self = GLOSS_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      gloss_annotation_set_color (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      gloss_annotation_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_NOTE:
      gloss_annotation_set_note (self, g_value_get_string (value));
      break;

    case PROP_CREATED:
      set_created (self, g_value_get_boxed (value));
      break;

    case PROP_MODIFIED:
      gloss_annotation_set_modified (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_class_init (GlossAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_annotation_finalize;
  object_class->get_property = gloss_annotation_get_property;
  object_class->set_property = gloss_annotation_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Any string read from a sidecar is kept; the UI paints unknown ones
   * as GLOSS_DEFAULT_COLOR. */
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL,
                         GLOSS_DEFAULT_COLOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Where the annotation is in the current article text: set by
   * anchoring, with gloss_annotation_set_anchor(). */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       GLOSS_TYPE_ANCHOR_STATUS,
                       GLOSS_ANCHOR_ORPHANED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_START] =
    g_param_spec_uint64 ("start", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_END] =
    g_param_spec_uint64 ("end", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_QUOTE] =
    g_param_spec_string ("quote", NULL, NULL,
                         "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_annotation_init (GlossAnnotation *self)
{
  self->color = g_strdup (GLOSS_DEFAULT_COLOR);
  self->tags = g_new0 (char *, 1);
  self->note = g_strdup ("");
  self->selectors.start = -1;
  self->selectors.end = -1;
  self->status = GLOSS_ANCHOR_ORPHANED;
  touch (self);
}

GlossAnnotation *
gloss_annotation_new (const GlossSelectors *selectors,
                      const char           *color)
{
  g_autoptr(GDateTime) now = gloss_annotation_now ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("urn:uuid:", uuid, NULL);
  GlossAnnotation *self;
  GlossAnchorResult result = { 0, };

  g_return_val_if_fail (selectors != NULL, NULL);

  self = gloss_annotation_new_full (id, selectors, color, NULL, NULL, now, now);

  if (selectors->start >= 0 && selectors->end >= selectors->start)
    {
      result.status = GLOSS_ANCHOR_EXACT;
      result.start = selectors->start;
      result.end = selectors->end;
      result.score = 1.0;
      gloss_annotation_set_anchor (self, &result);
    }

  return self;
}

GlossAnnotation *
gloss_annotation_new_full (const char           *id,
                           const GlossSelectors *selectors,
                           const char           *color,
                           const char * const   *tags,
                           const char           *note,
                           GDateTime            *created,
                           GDateTime            *modified)
{
  GlossAnnotation *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (selectors != NULL, NULL);
  g_return_val_if_fail (created != NULL, NULL);
  g_return_val_if_fail (modified != NULL, NULL);

  self = g_object_new (GLOSS_TYPE_ANNOTATION, NULL);
  self->id = g_strdup (id);
  gloss_selectors_copy_into (&self->selectors, selectors);
  if (color != NULL)
    set_str (&self->color, color);
  if (tags != NULL)
    gloss_annotation_set_tags (self, tags);
  if (note != NULL)
    set_str (&self->note, note);
  self->created = g_date_time_ref (created);
  self->modified = g_date_time_ref (modified);

  return self;
}

const char *
gloss_annotation_get_id (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->id;
}

const GlossSelectors *
gloss_annotation_get_selectors (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return &self->selectors;
}

void
gloss_annotation_set_selectors (GlossAnnotation      *self,
                                const GlossSelectors *selectors)
{
  gboolean quote_changed;
  GlossSelectors copy;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (selectors != NULL);

  if (gloss_selectors_equal (&self->selectors, selectors))
    return;

  quote_changed = g_strcmp0 (self->selectors.exact, selectors->exact) != 0;

  /* @selectors may point into our own fields: copy before freeing. */
  gloss_selectors_copy_into (&copy, selectors);
  gloss_selectors_free_fields (&self->selectors);
  self->selectors = copy;
  touch (self);

  if (quote_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUOTE]);
}

const char *
gloss_annotation_get_quote (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->selectors.exact ? self->selectors.exact : "";
}

const char *
gloss_annotation_get_color (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->color;
}

void
gloss_annotation_set_color (GlossAnnotation *self,
                            const char      *color)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (color == NULL || *color == '\0')
    color = GLOSS_DEFAULT_COLOR;

  if (set_str (&self->color, color))
    {
      touch (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
    }
}

const char * const *
gloss_annotation_get_tags (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return (const char * const *) self->tags;
}

GStrv
gloss_annotation_normalize_tags (const char * const *tags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (tags[i]));

      if (*tag == '\0' || !g_utf8_validate (tag, -1, NULL))
        continue;
      if (g_hash_table_contains (seen, tag))
        continue;

      g_strv_builder_add (builder, tag);
      g_hash_table_add (seen, g_steal_pointer (&tag));
    }

  return g_strv_builder_end (builder);
}

void
gloss_annotation_set_tags (GlossAnnotation    *self,
                           const char * const *tags)
{
  g_auto(GStrv) normalized = NULL;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  normalized = gloss_annotation_normalize_tags (tags);
  if (g_strv_equal ((const char * const *) normalized, (const char * const *) self->tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_steal_pointer (&normalized);
  touch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gboolean
gloss_annotation_has_tag (GlossAnnotation *self,
                          const char      *tag)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), FALSE);

  if (tag == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (tag));

  return g_strv_contains ((const char * const *) self->tags, trimmed);
}

void
gloss_annotation_add_tag (GlossAnnotation *self,
                          const char      *tag)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) tags = NULL;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (tag == NULL || gloss_annotation_has_tag (self, tag))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->tags);
  g_strv_builder_add (builder, tag);
  tags = g_strv_builder_end (builder);

  gloss_annotation_set_tags (self, (const char * const *) tags);
}

void
gloss_annotation_remove_tag (GlossAnnotation *self,
                             const char      *tag)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) tags = NULL;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (tag == NULL || !gloss_annotation_has_tag (self, tag))
    return;

  trimmed = g_strstrip (g_strdup (tag));
  builder = g_strv_builder_new ();
  for (guint i = 0; self->tags[i] != NULL; i++)
    if (!g_str_equal (self->tags[i], trimmed))
      g_strv_builder_add (builder, self->tags[i]);
  tags = g_strv_builder_end (builder);

  gloss_annotation_set_tags (self, (const char * const *) tags);
}

const char *
gloss_annotation_get_note (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->note;
}

void
gloss_annotation_set_note (GlossAnnotation *self,
                           const char      *note)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (set_str (&self->note, note ? note : ""))
    {
      touch (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
    }
}

GDateTime *
gloss_annotation_get_created (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->created;
}

GDateTime *
gloss_annotation_get_modified (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->modified;
}

void
gloss_annotation_set_modified (GlossAnnotation *self,
                               GDateTime       *modified)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (modified == NULL || date_time_equal0 (self->modified, modified))
    return;

  g_clear_pointer (&self->modified, g_date_time_unref);
  self->modified = g_date_time_ref (modified);
  touch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

GlossAnchorStatus
gloss_annotation_get_status (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), GLOSS_ANCHOR_ORPHANED);

  return self->status;
}

gsize
gloss_annotation_get_start (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->start;
}

gsize
gloss_annotation_get_end (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->end;
}

void
gloss_annotation_set_anchor (GlossAnnotation         *self,
                             const GlossAnchorResult *result)
{
  GlossAnchorStatus status;
  gsize start, end;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (result != NULL);

  status = result->status;
  start = status == GLOSS_ANCHOR_ORPHANED ? 0 : result->start;
  end = status == GLOSS_ANCHOR_ORPHANED ? 0 : result->end;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }

  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

JsonObject *
gloss_annotation_get_json (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->json;
}

void
gloss_annotation_set_json (GlossAnnotation *self,
                           JsonObject      *object)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (object == self->json)
    return;

  g_clear_pointer (&self->json, json_object_unref);
  if (object != NULL)
    self->json = json_object_ref (object);
  touch (self);
}

void
gloss_annotation_touch (GlossAnnotation *self)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  touch (self);
}

gsize
gloss_annotation_get_revision (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->revision;
}

void
gloss_annotation_update_from (GlossAnnotation *self,
                              GlossAnnotation *other)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (GLOSS_IS_ANNOTATION (other));

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  gloss_annotation_set_selectors (self, &other->selectors);
  gloss_annotation_set_color (self, other->color);
  gloss_annotation_set_tags (self, (const char * const *) other->tags);
  gloss_annotation_set_note (self, other->note);
  set_created (self, other->created);
  gloss_annotation_set_modified (self, other->modified);
  gloss_annotation_set_json (self, other->json);

  g_object_thaw_notify (G_OBJECT (self));
}
