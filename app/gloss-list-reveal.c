/* gloss-list-reveal.c: a long list shown to a GtkListView a few rows a frame
 *
 * GtkListView (GTK 4.8) makes rows for up to 200 items around what is in
 * view, all in the frame after its model changes: with 2,000 annotations
 * that frame took a quarter of a second.  Through a GtkSliceListModel that
 * grows, the view gets a screenful at once, two more items each frame
 * after (a row costs a few milliseconds to make and lay out) until it has
 * as many as it makes rows for (GTK_LIST_VIEW_MAX_LIST_ITEMS), then all
 * the others at once: those get rows only when scrolled to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidebar"

#include "config.h"

#include "gloss-list-reveal.h"

#define FIRST_ROWS     16
#define ROWS_PER_FRAME 2
#define MAX_ROWS       200

struct _GlossListReveal
{
  GListModel        *model;
  GtkSliceListModel *slice;
  GtkWidget         *widget;
  guint              tick_id;
};

GlossListReveal *
gloss_list_reveal_new (GListModel *model,
                       GtkWidget  *widget)
{
  GlossListReveal *self = g_new0 (GlossListReveal, 1);

  self->model = model;
  self->slice = gtk_slice_list_model_new (g_object_ref (model), 0, G_MAXUINT);
  self->widget = widget;

  return self;
}

static void
stop (GlossListReveal *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
}

void
gloss_list_reveal_free (GlossListReveal *self)
{
  if (self == NULL)
    return;

  stop (self);
  g_object_unref (self->slice);
  g_object_unref (self->model);
  g_free (self);
}

GListModel *
gloss_list_reveal_get_model (GlossListReveal *self)
{
  return G_LIST_MODEL (self->slice);
}

guint
gloss_list_reveal_get_n_shown (GlossListReveal *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->slice));
}

void
gloss_list_reveal_hide (GlossListReveal *self)
{
  stop (self);
  gtk_slice_list_model_set_size (self->slice, 0);
}

void
gloss_list_reveal_all (GlossListReveal *self)
{
  stop (self);
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

static gboolean
reveal_more_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  GlossListReveal *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice);

  if (size >= MAX_ROWS || size >= g_list_model_get_n_items (self->model))
    {
      self->tick_id = 0;
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }

  gtk_slice_list_model_set_size (self->slice, size + ROWS_PER_FRAME);
  return G_SOURCE_CONTINUE;
}

void
gloss_list_reveal_start (GlossListReveal *self)
{
  stop (self);
  if (g_list_model_get_n_items (self->model) <= FIRST_ROWS)
    {
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
      return;
    }

  gtk_slice_list_model_set_size (self->slice, FIRST_ROWS);
  self->tick_id = gtk_widget_add_tick_callback (self->widget, reveal_more_cb, self, NULL);
}
