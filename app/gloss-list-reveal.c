/* gloss-list-reveal.c: a long list shown to a GtkListView a few rows a frame
 *
 * GtkListView (GTK 4.8) makes rows for up to 200 items around what is in
 * view, all in the frame after its model changes: with 2,000 annotations
 * that frame took a quarter of a second.  Through a model of the first
 * items that grows, the view gets a screenful at once, one more item each
 * frame after (a row costs a few milliseconds to make and lay out: with
 * two a frame, adding a highlight to 10,000 right after the open met
 * frames of up to 20 ms, with one at most 14) until it has as many as it
 * makes rows for (GTK_LIST_VIEW_MAX_LIST_ITEMS), then all the others at
 * once: those get rows only when scrolled to.  End lists them all at once.
 *
 * That model is not a GtkSliceListModel: when an item is added or
 * removed, GTK 4.8's says the whole rest of the list changed, and the view
 * then bound every row after it anew (150 rows, 10 ms of laying out text,
 * for one new highlight).  This one passes on what changed as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidebar"

#include "config.h"

#include "gloss-list-reveal.h"

#define FIRST_ROWS     16
#define ROWS_PER_FRAME 1
#define MAX_ROWS       200

/* The first @size items of @model; all of them with G_MAXUINT. */
#define GLOSS_TYPE_FIRST_ITEMS (gloss_first_items_get_type ())
G_DECLARE_FINAL_TYPE (GlossFirstItems, gloss_first_items, GLOSS, FIRST_ITEMS, GObject)

struct _GlossFirstItems
{
  GObject     parent_instance;

  GListModel *model;
  guint       size;
};

static GType
gloss_first_items_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (GLOSS_FIRST_ITEMS (list)->model);
}

static guint
gloss_first_items_get_n_items (GListModel *list)
{
  GlossFirstItems *self = GLOSS_FIRST_ITEMS (list);

  return MIN (self->size, g_list_model_get_n_items (self->model));
}

static gpointer
gloss_first_items_get_item (GListModel *list,
                            guint       position)
{
  GlossFirstItems *self = GLOSS_FIRST_ITEMS (list);

  if (position >= self->size)
    return NULL;

  return g_list_model_get_item (self->model, position);
}

static void
gloss_first_items_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gloss_first_items_get_item_type;
  iface->get_n_items = gloss_first_items_get_n_items;
  iface->get_item = gloss_first_items_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GlossFirstItems, gloss_first_items, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      gloss_first_items_list_model_init))

static void
items_changed_cb (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  GlossFirstItems *self)
{
  guint n_before, shown_before;

  /* All of it shown: the change as it is. */
  if (self->size == G_MAXUINT)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* Else the items shown stay the same ones: those added among them are
   * shown too, those after them not yet. */
  n_before = g_list_model_get_n_items (model) - added + removed;
  shown_before = MIN (self->size, n_before);
  if (position >= shown_before)
    {
      /* A size past the end would take in what was added there unsaid. */
      self->size = shown_before;
      return;
    }

  removed = MIN (position + removed, shown_before) - position;
  self->size = shown_before - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
gloss_first_items_set_size (GlossFirstItems *self,
                            guint            size)
{
  guint before = gloss_first_items_get_n_items (G_LIST_MODEL (self));
  guint after;

  self->size = size;
  after = gloss_first_items_get_n_items (G_LIST_MODEL (self));
  if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
  else if (after < before)
    g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);
}

static void
gloss_first_items_dispose (GObject *object)
{
  GlossFirstItems *self = GLOSS_FIRST_ITEMS (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (gloss_first_items_parent_class)->dispose (object);
}

static void
gloss_first_items_class_init (GlossFirstItemsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gloss_first_items_dispose;
}

static void
gloss_first_items_init (GlossFirstItems *self)
{
  self->size = G_MAXUINT;
}

static GlossFirstItems *
gloss_first_items_new (GListModel *model)
{
  GlossFirstItems *self = g_object_new (GLOSS_TYPE_FIRST_ITEMS, NULL);

  self->model = g_object_ref (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  return self;
}

struct _GlossListReveal
{
  GListModel         *model;
  GlossFirstItems    *first;
  GtkWidget          *widget;
  GtkEventController *keys;
  guint               tick_id;
};

/* End, while the list is still being listed, goes to its real last item:
 * all are listed first (the view then makes the rows around that one,
 * once), and the view's own End does the rest. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlossListReveal       *self)
{
  if ((keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End) && self->tick_id != 0)
    gloss_list_reveal_all (self);

  return GDK_EVENT_PROPAGATE;
}

GlossListReveal *
gloss_list_reveal_new (GListModel *model,
                       GtkWidget  *widget)
{
  GlossListReveal *self = g_new0 (GlossListReveal, 1);

  self->model = model;
  self->first = gloss_first_items_new (model);
  self->widget = widget;

  self->keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->keys, GTK_PHASE_CAPTURE);
  g_signal_connect (self->keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, self->keys);

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
  gtk_widget_remove_controller (self->widget, self->keys);
  g_object_unref (self->first);
  g_object_unref (self->model);
  g_free (self);
}

GListModel *
gloss_list_reveal_get_model (GlossListReveal *self)
{
  return G_LIST_MODEL (self->first);
}

guint
gloss_list_reveal_get_n_shown (GlossListReveal *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->first));
}

void
gloss_list_reveal_hide (GlossListReveal *self)
{
  stop (self);
  gloss_first_items_set_size (self->first, 0);
}

void
gloss_list_reveal_all (GlossListReveal *self)
{
  stop (self);
  gloss_first_items_set_size (self->first, G_MAXUINT);
}

static gboolean
reveal_more_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  GlossListReveal *self = user_data;
  guint size = self->first->size;

  if (size >= MAX_ROWS || size >= g_list_model_get_n_items (self->model))
    {
      self->tick_id = 0;
      gloss_first_items_set_size (self->first, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }

  gloss_first_items_set_size (self->first, size + ROWS_PER_FRAME);
  return G_SOURCE_CONTINUE;
}

void
gloss_list_reveal_start (GlossListReveal *self)
{
  stop (self);
  if (g_list_model_get_n_items (self->model) <= FIRST_ROWS)
    {
      gloss_first_items_set_size (self->first, G_MAXUINT);
      return;
    }

  gloss_first_items_set_size (self->first, FIRST_ROWS);
  self->tick_id = gtk_widget_add_tick_callback (self->widget, reveal_more_cb, self, NULL);
}
