/* gloss-annotation-row.c: one annotation in the sidebar list
 *
 * Shows the colour, the quoted passage (clipped), the tags as chips and the
 * note, and follows the annotation as it is edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotation-row.h"
#include "gloss-color.h"

/* Longest quote the row lays out; the label clips what it shows anyway. */
#define QUOTE_MAX_CHARS 240

struct _GlossAnnotationRow
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkWidget       *swatch;
  GtkLabel        *status_label;
  GtkLabel        *quote_label;
  GtkLabel        *tag_label;
  GtkLabel        *note_label;

  GlossAnnotation *annotation;
  gulong           notify_id;
};

enum {
  PROP_0,
  PROP_ANNOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GlossAnnotationRow, gloss_annotation_row, GTK_TYPE_WIDGET)

static void
update_color (GlossAnnotationRow *self)
{
  const char * const *names = gloss_color_names ();
  const char *color = gloss_annotation_get_color (self->annotation);
  g_autofree char *css_class = NULL;

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *name = g_strconcat ("gloss-", names[i], NULL);
      gtk_widget_remove_css_class (self->swatch, name);
    }

  if (!gloss_color_is_valid (color))
    color = GLOSS_DEFAULT_COLOR;
  css_class = g_strconcat ("gloss-", color, NULL);
  gtk_widget_add_css_class (self->swatch, css_class);
}

static void
update_quote (GlossAnnotationRow *self)
{
  const char *quote = gloss_annotation_get_quote (self->annotation);
  g_autofree char *clipped = NULL;
  g_autofree char *flat = NULL;

  if (quote == NULL)
    quote = "";

  /* Newlines in a quote would only waste the row's few lines. */
  if (g_utf8_strlen (quote, -1) > QUOTE_MAX_CHARS)
    {
      g_autofree char *head = g_utf8_substring (quote, 0, QUOTE_MAX_CHARS);
      clipped = g_strconcat (head, "…", NULL);
      quote = clipped;
    }
  flat = g_strdup (quote);
  g_strdelimit (flat, "\r\n\t", ' ');
  g_strstrip (flat);
  gtk_label_set_text (self->quote_label, flat);
}

static void
update_status (GlossAnnotationRow *self)
{
  GlossAnchorStatus status = gloss_annotation_get_status (self->annotation);

  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status == GLOSS_ANCHOR_ORPHANED);
  if (status == GLOSS_ANCHOR_ORPHANED)
    gtk_label_set_text (self->status_label, _("Not found in the article"));
}

/* Tags as a wrapping line of "#tag" words in the accent colour. */
static void
update_tags (GlossAnnotationRow *self)
{
  const char * const *tags = gloss_annotation_get_tags (self->annotation);
  g_autoptr(GString) markup = g_string_new (NULL);

  for (guint i = 0; tags[i]; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (tags[i], -1);

      g_string_append_printf (markup, "%s#%s", i ? "  " : "", escaped);
    }

  gtk_label_set_markup (self->tag_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_label), tags[0] != NULL);
}

static void
update_note (GlossAnnotationRow *self)
{
  const char *note = gloss_annotation_get_note (self->annotation);

  gtk_label_set_text (self->note_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note[0] != '\0');
}

static void
update_accessible_label (GlossAnnotationRow *self)
{
  g_autofree char *label = NULL;

  label = g_strdup_printf (_("%s highlight: %s"),
                           gloss_color_get_label (gloss_annotation_get_color (self->annotation)),
                           gtk_label_get_text (self->quote_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_annotation_notify (GlossAnnotationRow *self,
                      GParamSpec         *pspec,
                      GlossAnnotation    *annotation)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "color"))
    update_color (self);
  else if (g_str_equal (name, "tags"))
    update_tags (self);
  else if (g_str_equal (name, "note"))
    update_note (self);
  else if (g_str_equal (name, "status"))
    update_status (self);
  else if (g_str_equal (name, "quote"))
    update_quote (self);
  else
    return;

  update_accessible_label (self);
}

void
gloss_annotation_row_set_annotation (GlossAnnotationRow *self,
                                     GlossAnnotation    *annotation)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_ROW (self));
  g_return_if_fail (!annotation || GLOSS_IS_ANNOTATION (annotation));

  if (self->annotation == annotation)
    return;

  if (self->annotation)
    g_clear_signal_handler (&self->notify_id, self->annotation);
  g_set_object (&self->annotation, annotation);

  if (annotation)
    {
      self->notify_id = g_signal_connect_object (annotation, "notify",
                                                 G_CALLBACK (on_annotation_notify),
                                                 self, G_CONNECT_SWAPPED);
      update_color (self);
      update_quote (self);
      update_status (self);
      update_tags (self);
      update_note (self);
      update_accessible_label (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION]);
}

GlossAnnotation *
gloss_annotation_row_get_annotation (GlossAnnotationRow *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_ROW (self), NULL);

  return self->annotation;
}

GtkWidget *
gloss_annotation_row_new (void)
{
  return g_object_new (GLOSS_TYPE_ANNOTATION_ROW, NULL);
}

static void
gloss_annotation_row_dispose (GObject *object)
{
  GlossAnnotationRow *self = GLOSS_ANNOTATION_ROW (object);

  if (self->annotation)
    g_clear_signal_handler (&self->notify_id, self->annotation);
  g_clear_object (&self->annotation);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_ANNOTATION_ROW);

  G_OBJECT_CLASS (gloss_annotation_row_parent_class)->dispose (object);
}

static void
gloss_annotation_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GlossAnnotationRow *self = GLOSS_ANNOTATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION:
      g_value_set_object (value, self->annotation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GlossAnnotationRow *self = GLOSS_ANNOTATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION:
      gloss_annotation_row_set_annotation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_row_class_init (GlossAnnotationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_annotation_row_dispose;
  object_class->get_property = gloss_annotation_row_get_property;
  object_class->set_property = gloss_annotation_row_set_property;

  properties[PROP_ANNOTATION] =
    g_param_spec_object ("annotation", NULL, NULL,
                         GLOSS_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/gloss/Gloss/gloss-annotation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationRow, box);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationRow, swatch);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationRow, quote_label);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationRow, tag_label);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationRow, note_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gloss_annotation_row_init (GlossAnnotationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
