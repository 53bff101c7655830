/* gloss-sidebar.c: the list of one article's annotations, and their editor
 *
 * The list is the store itself (a GListModel in article order) seen through
 * a filter by text and by tag (gloss-sidebar-filter.c); orphans have a
 * section of their own.  Below it, a GlossAnnotationEditor for the selected
 * annotation.
 * A new store's rows are listed a few per frame (see gloss-list-reveal.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidebar"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gloss-annotation-editor.h"
#include "gloss-annotation-row.h"
#include "gloss-sidebar-private.h"


enum {
  ANNOTATION_SELECTED,
  DELETE_REQUESTED,
  REATTACH_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GlossSidebar, gloss_sidebar, GTK_TYPE_WIDGET)

void
gloss_sidebar_update_list_page (GlossSidebar *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->anchored_model));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_orphans = g_list_model_get_n_items (G_LIST_MODEL (self->orphan_model));
  const char *page = "list";
  g_autofree char *orphans = NULL;

  /* Orphans have a section of their own, under the list. */
  orphans = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Orphaned Highlight",
                                          "%u Orphaned Highlights", n_orphans), n_orphans);
  gtk_label_set_text (self->orphan_label, orphans);
  gtk_widget_set_visible (GTK_WIDGET (self->orphan_expander), n_orphans > 0);

  /* No store yet: its annotations are being read, and "No Highlights
   * Yet" would flash over an article that has 2,000 (and cost the
   * window's first frame its big icon). */
  if (self->store == NULL)
    page = "list";
  else if (n_total == 0)
    page = "empty";
  else if (n_shown == 0)
    page = "no-match";

  gtk_stack_set_visible_child_name (self->list_stack, page);
}

/* The editor under the list shows the selected annotation. */
static void
set_editing (GlossSidebar    *self,
             GlossAnnotation *annotation)
{
  gboolean orphaned = annotation && gloss_annotation_get_status (annotation) == GLOSS_ANCHOR_ORPHANED;

  if (self->editing == annotation)
    return;

  g_set_object (&self->editing, annotation);
  gloss_annotation_editor_set_annotation (self->editor, annotation);
  gtk_revealer_set_reveal_child (self->editor_revealer, annotation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.delete", annotation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.reattach", orphaned);
}

/* List */

static void
on_selection_changed (GlossSidebar *self)
{
  GlossAnnotation *annotation = gtk_single_selection_get_selected_item (self->selection);

  if (annotation == NULL && gtk_list_box_get_selected_row (self->orphan_list))
    return;
  if (annotation)
    gtk_list_box_unselect_all (self->orphan_list);

  set_editing (self, annotation);

  if (annotation && !self->quiet)
    g_signal_emit (self, signals[ANNOTATION_SELECTED], 0, annotation);
}

static void
on_orphan_selected (GlossSidebar  *self,
                    GtkListBoxRow *row)
{
  GlossAnnotation *annotation;

  if (row == NULL)
    {
      if (gtk_single_selection_get_selected_item (self->selection) == NULL)
        set_editing (self, NULL);
      return;
    }

  annotation = gloss_annotation_row_get_annotation (GLOSS_ANNOTATION_ROW (gtk_list_box_row_get_child (row)));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  set_editing (self, annotation);
}

static GtkWidget *
create_orphan_row (gpointer item,
                   gpointer user_data)
{
  GtkWidget *row = gloss_annotation_row_new ();

  gloss_annotation_row_set_annotation (GLOSS_ANNOTATION_ROW (row), item);
  return row;
}

static void
on_list_activate (GlossSidebar *self,
                  guint         position)
{
  g_autoptr(GlossAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                                 position);

  if (annotation)
    g_signal_emit (self, signals[ANNOTATION_SELECTED], 0, annotation);
}

static void
on_items_changed (GlossSidebar *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *model)
{
  /* Edits of tags and notes arrive as items-changed too: the filter may
   * now let an edited row through, or hide it. */
  gloss_sidebar_update_tags (self);
  gloss_sidebar_update_list_page (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, gloss_annotation_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  gloss_annotation_row_set_annotation (GLOSS_ANNOTATION_ROW (gtk_list_item_get_child (item)),
                                       gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  gloss_annotation_row_set_annotation (GLOSS_ANNOTATION_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
reattach_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GlossSidebar *self = GLOSS_SIDEBAR (widget);

  if (self->editing)
    g_signal_emit (self, signals[REATTACH_REQUESTED], 0, self->editing);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlossSidebar *self = GLOSS_SIDEBAR (widget);

  if (self->editing)
    g_signal_emit (self, signals[DELETE_REQUESTED], 0, self->editing);
}

/* Public API */

void
gloss_sidebar_set_store (GlossSidebar         *self,
                         GlossAnnotationStore *store)
{
  g_return_if_fail (GLOSS_IS_SIDEBAR (self));
  g_return_if_fail (!store || GLOSS_IS_ANNOTATION_STORE (store));

  if (self->store == store)
    return;

  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, on_items_changed, self);

  set_editing (self, NULL);
  g_set_object (&self->store, store);
  /* Listed gradually. */
  gloss_list_reveal_hide (self->reveal);
  gtk_filter_list_model_set_model (self->anchored_model, G_LIST_MODEL (store));
  gloss_list_reveal_start (self->reveal);
  gtk_filter_list_model_set_model (self->orphan_model, G_LIST_MODEL (store));

  if (store)
    g_signal_connect_object (store, "items-changed",
                             G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  gloss_sidebar_update_tags (self);
  gloss_sidebar_update_list_page (self);
}

/* The list scrolls to a newly selected row in the frame after the one
 * that lays it out and selects it: that frame is the longest of adding a
 * highlight, and scrolling in it as well took it past 16 ms with 10,000
 * rows.  Selected again meanwhile, the scroll still comes then (to the
 * row selected by that time). */
static gboolean
scroll_to_selected_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  GlossSidebar *self = user_data;
  guint position;

  if (self->scroll_frames > 0)
    {
      self->scroll_frames--;
      return G_SOURCE_CONTINUE;
    }

  self->scroll_tick_id = 0;
  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (widget, "list.scroll-to-item", "u", position);

  return G_SOURCE_REMOVE;
}

static void
queue_scroll_to_selected (GlossSidebar *self)
{
  if (self->scroll_tick_id != 0)
    return;
  self->scroll_frames = 1;
  self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                       scroll_to_selected_cb, self, NULL);
}

void
gloss_sidebar_select (GlossSidebar *self,
                      const char   *id)
{
  GlossAnnotation *target;
  GListModel *model;
  guint n;

  g_return_if_fail (GLOSS_IS_SIDEBAR (self));

  if (self->store == NULL || gloss_annotation_store_lookup (self->store, id) == NULL)
    return;

  if (gloss_annotation_get_status (gloss_annotation_store_lookup (self->store, id)) == GLOSS_ANCHOR_ORPHANED)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->orphan_model));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GlossAnnotation) orphan = g_list_model_get_item (G_LIST_MODEL (self->orphan_model), i);

          if (g_strcmp0 (gloss_annotation_get_id (orphan), id) == 0)
            {
              gtk_expander_set_expanded (self->orphan_expander, TRUE);
              gtk_list_box_select_row (self->orphan_list, gtk_list_box_get_row_at_index (self->orphan_list, i));
              return;
            }
        }
      return;
    }

  target = gloss_annotation_store_lookup (self->store, id);
  model = G_LIST_MODEL (self->filter_model);
  for (int attempt = 0; attempt < 2; attempt++)
    {
      guint i;

      /* The filters keep the store's order: the annotation is at its
       * place in the store or before it, at that place when no filter
       * hides any (not a lookup and a string compare for each of 10,000
       * rows). */
      n = g_list_model_get_n_items (model);
      if (!gloss_annotation_store_find_position (self->store, target, &i))
        return;
      for (i = MIN (i + 1, n); i-- > 0;)
        {
          g_autoptr(GlossAnnotation) annotation = g_list_model_get_item (model, i);

          if (annotation == target)
            {
              /* Not shown yet: every row now. */
              if (i >= gloss_list_reveal_get_n_shown (self->reveal))
                gloss_list_reveal_all (self->reveal);

              self->quiet = TRUE;
              gtk_single_selection_set_selected (self->selection, i);
              self->quiet = FALSE;
              set_editing (self, annotation);
              queue_scroll_to_selected (self);
              return;
            }
        }

      /* Hidden by a filter: show everything and look again. */
      gloss_sidebar_set_filter (self, NULL, NULL);
    }
}

GlossAnnotation *
gloss_sidebar_get_selected (GlossSidebar *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDEBAR (self), NULL);

  return self->editing;
}

guint
gloss_sidebar_get_n_shown (GlossSidebar *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDEBAR (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

guint
gloss_sidebar_get_n_listed (GlossSidebar *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDEBAR (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

void
gloss_sidebar_focus_tags (GlossSidebar *self)
{
  gloss_annotation_editor_focus_tags (self->editor);
}

void
gloss_sidebar_focus_note (GlossSidebar *self)
{
  gloss_annotation_editor_focus_note (self->editor);
}

void
gloss_sidebar_focus_filter (GlossSidebar *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GtkWidget *
gloss_sidebar_new (void)
{
  return g_object_new (GLOSS_TYPE_SIDEBAR, NULL);
}

/* Class */

static void
gloss_sidebar_dispose (GObject *object)
{
  GlossSidebar *self = GLOSS_SIDEBAR (object);

  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  g_clear_object (&self->editing);
  g_clear_object (&self->store);
  g_clear_pointer (&self->reveal, gloss_list_reveal_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_SIDEBAR);
  g_clear_object (&self->selection);
  g_clear_object (&self->anchored_model);
  g_clear_object (&self->orphan_model);

  G_OBJECT_CLASS (gloss_sidebar_parent_class)->dispose (object);
}

static void
gloss_sidebar_finalize (GObject *object)
{
  GlossSidebar *self = GLOSS_SIDEBAR (object);

  g_free (self->filter_text);
  g_free (self->filter_tag);

  G_OBJECT_CLASS (gloss_sidebar_parent_class)->finalize (object);
}

static void
gloss_sidebar_class_init (GlossSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_sidebar_dispose;
  object_class->finalize = gloss_sidebar_finalize;

  signals[ANNOTATION_SELECTED] =
    g_signal_new ("annotation-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[REATTACH_REQUESTED] =
    g_signal_new ("reattach-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);

  g_type_ensure (GLOSS_TYPE_ANNOTATION_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/gloss/Gloss/gloss-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, box);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, editor_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, editor);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, orphan_expander);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, orphan_label);
  gtk_widget_class_bind_template_child (widget_class, GlossSidebar, orphan_list);
  gtk_widget_class_bind_template_callback (widget_class, on_orphan_selected);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_search_changed",
                                                G_CALLBACK (gloss_sidebar_on_search_changed));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_tag_selected",
                                                G_CALLBACK (gloss_sidebar_on_tag_selected));
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "sidebar.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "sidebar.reattach", NULL, reattach_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "sidebar.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "sidebar.delete", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glosssidebar");
}

static void
gloss_sidebar_init (GlossSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  static const char *all_tags[2];

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The list: store → anchored ones → filter → revealed so far →
   * selection → list view;
   * orphans: store → orphaned ones → list box. */
  self->anchored_model = gtk_filter_list_model_new (NULL,
                                                    GTK_FILTER (gtk_custom_filter_new (gloss_sidebar_is_anchored, NULL, NULL)));
  self->orphan_model = gtk_filter_list_model_new (NULL,
                                                  GTK_FILTER (gtk_custom_filter_new (gloss_sidebar_is_orphaned, NULL, NULL)));
  self->filter = gtk_custom_filter_new (gloss_sidebar_matches, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->anchored_model)),
                                                  GTK_FILTER (self->filter));
  self->reveal = gloss_list_reveal_new (G_LIST_MODEL (self->filter_model),
                                        GTK_WIDGET (self->list_view));
  self->selection = gtk_single_selection_new (g_object_ref (gloss_list_reveal_get_model (self->reveal)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->filter_model, "items-changed",
                            G_CALLBACK (gloss_sidebar_update_list_page), self);
  g_signal_connect_swapped (self->orphan_model, "items-changed",
                            G_CALLBACK (gloss_sidebar_update_list_page), self);
  gtk_list_box_bind_model (self->orphan_list, G_LIST_MODEL (self->orphan_model),
                           create_orphan_row, NULL, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* "All Tags", then this article's tags. */
  all_tags[0] = _("All Tags");
  self->tag_list = gtk_string_list_new (all_tags);
  gtk_drop_down_set_model (self->tag_dropdown, G_LIST_MODEL (self->tag_list));
  g_object_unref (self->tag_list); /* the drop-down holds it */
  gtk_drop_down_set_expression (self->tag_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.delete", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.reattach", FALSE);
  gloss_sidebar_update_list_page (self);
}
