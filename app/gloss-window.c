/* gloss-window.c: one article, its annotations and the sidebar
 *
 * The window owns the document and its annotation store, and wires the
 * article view (selection, clicks on highlights) to the sidebar (rows,
 * editing) through actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-color.h"
#include "gloss-export-dialog.h"
#include "gloss-selection-popover.h"
#include "gloss-timing.h"
#include "gloss-window-private.h"

enum {
  PROP_0,
  PROP_SIDEBAR_VISIBLE,
  N_PROPS
};

enum {
  ARTICLE_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GlossWindow, gloss_window, ADW_TYPE_APPLICATION_WINDOW)

void
gloss_window_toast (GlossWindow *self,
                    const char  *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
gloss_window_update_actions (GlossWindow *self)
{
  gboolean loaded = self->store != NULL;
  gboolean writable = loaded && gloss_annotation_store_get_writable (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.highlight", writable && self->has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.highlight-color", writable && self->has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tag-selection", writable && self->has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.note-selection", writable && self->has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-fresh", loaded && !writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge-conflicts",
                                 writable && gloss_annotation_store_get_conflicts (self->store)->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset", loaded);
  /* No sidebar beside "Cannot Open the Article". */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-sidebar",
                                 g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") != 0);
}

static void
update_zoom_label (GlossWindow *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("%.0f%%", gloss_article_view_get_zoom (self->article_view) * 100);
  gtk_label_set_text (self->zoom_label, text);
}

/* Sidebar visibility (a property, so win.toggle-sidebar is stateful) */

void
gloss_window_set_sidebar_visible (GlossWindow *self,
                                  gboolean     visible)
{
  visible = !!visible;
  if (self->sidebar_visible == visible)
    return;

  self->sidebar_visible = visible;
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar), visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR_VISIBLE]);
}

/* Outside links */

static void
on_open_link_response (AdwMessageDialog *dialog,
                       const char       *response,
                       GlossWindow      *self)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "gloss-uri");

  if (g_strcmp0 (response, "open") == 0)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
on_open_link (GlossWindow      *self,
              const char       *uri,
              GlossArticleView *view)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open Link in Browser?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The article links to %s. Gloss never opens links by "
                                    "itself; your web browser will open it."),
                                  uri);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "gloss-uri", g_strdup (uri), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_link_response),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Loading
 *
 * The article view is shown as soon as the document is read, before WebKit
 * has painted anything: a web view that is hidden while it loads is
 * throttled by WebKit, and a big article then takes several times longer
 * to appear.  The spinner turns only when reading takes a while, so that
 * it does not cost frames otherwise. */

#define SPINNER_DELAY_MS 500

static gboolean
start_spinner (gpointer user_data)
{
  GlossWindow *self = user_data;

  self->spinner_id = 0;
  gtk_spinner_start (self->spinner);

  return G_SOURCE_REMOVE;
}

static void
stop_spinner (GlossWindow *self)
{
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
}

static void
show_error (GlossWindow  *self,
            const GError *error)
{
  gloss_article_view_stop (self->article_view);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  stop_spinner (self);
  gtk_window_set_title (GTK_WINDOW (self), _("Cannot Open the Article"));
  adw_window_title_set_title (self->window_title, _("Gloss"));
  g_free (self->problem);
  self->problem = g_strdup (error->message);
  gloss_window_update_actions (self);
  g_signal_emit (self, signals[ARTICLE_LOADED], 0, FALSE);
}

void
gloss_window_article_loaded (GlossWindow *self)
{
  if (!self->view_ready)
    return;

  gloss_window_take_store (self);
  if (self->store != NULL)
    g_signal_emit (self, signals[ARTICLE_LOADED], 0, TRUE);
}

static void
on_view_ready (GlossWindow      *self,
               GlossArticleView *view)
{
  gtk_stack_set_visible_child_name (self->stack, "article");
  stop_spinner (self);
  gloss_timing_mark ("page ready");
  self->view_ready = TRUE;
  gloss_window_article_loaded (self);
}

static void
document_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;

  document = gloss_document_load_finish (result, &error);
  if (document == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  gloss_timing_mark ("document read");
  g_set_object (&self->document, document);

  gtk_window_set_title (GTK_WINDOW (self), gloss_document_get_title (document));
  adw_window_title_set_title (self->window_title, gloss_document_get_title (document));
  basename = g_file_get_basename (self->file);
  adw_window_title_set_subtitle (self->window_title, basename);

  gtk_stack_set_visible_child_name (self->stack, "article");
  stop_spinner (self);

  /* WebKit loads while the annotations are read in a worker thread; the
   * page is painted with them once both are there. */
  gloss_article_view_load_document (self->article_view, document);
  gloss_window_load_store (self);
}

void
gloss_window_open (GlossWindow *self,
                   GFile       *file)
{
  g_return_if_fail (GLOSS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->file, file);
  self->view_ready = FALSE;
  g_clear_object (&self->store_result);
  gloss_window_set_store (self, NULL);
  g_clear_object (&self->document);

  /* An HTML file is shown as WebKit reads it (a hidden view is
   * throttled); for the others, a spinner should reading them take long. */
  stop_spinner (self);
  if (gloss_article_view_prepare (self->article_view, file))
    gtk_stack_set_visible_child_name (self->stack, "article");
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, start_spinner, self);
    }
  gloss_window_update_actions (self);

  gloss_document_load_async (file, self->cancellable, document_loaded_cb, g_object_ref (self));
}

/* Other actions */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  if (self->store)
    gloss_export_dialog_show (GTK_WINDOW (self), self->store, self->toast_overlay);
}


static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(WebKitPrintOperation) operation = NULL;

  operation = webkit_print_operation_new (gloss_article_view_get_web_view (self->article_view));
  webkit_print_operation_run_dialog (operation, GTK_WINDOW (self));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    gloss_article_view_zoom_in (self->article_view);
  else if (g_str_equal (action_name, "win.zoom-out"))
    gloss_article_view_zoom_out (self->article_view);
  else
    gloss_article_view_zoom_reset (self->article_view);

  g_settings_set_double (self->settings, "zoom", gloss_article_view_get_zoom (self->article_view));
  update_zoom_label (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  gloss_window_set_sidebar_visible (self, TRUE);
  gloss_sidebar_focus_filter (self->sidebar);
}

/* Drag and drop: each dropped article opens in its own window. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GlossWindow   *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  for (GSList *l = files; l; l = l->next)
    g_ptr_array_add (array, l->data);

  if (array->len == 0)
    return FALSE;

  g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                      (GFile **) array->pdata, array->len, "");
  return TRUE;
}

/* Window state */

static void
on_confirm_close_response (AdwMessageDialog *dialog,
                           const char       *response,
                           GlossWindow      *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->discard_changes = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
confirm_close (GlossWindow  *self,
               const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Annotations Not Saved"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s. If you close the window now, the changes made since "
                                    "the last save are lost. Keep it open, make room or fix "
                                    "the folder, and Gloss saves them by itself."),
                                  error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Open"),
                                    "discard", _("_Close and Lose Changes"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
gloss_window_close_request (GtkWindow *window)
{
  GlossWindow *self = GLOSS_WINDOW (window);
  int width, height;

  if (self->store && gloss_annotation_store_has_pending_changes (self->store) &&
      gloss_annotation_store_get_writable (self->store) && !self->discard_changes)
    {
      g_autoptr(GError) error = NULL;

      /* Never lost without a word: the window stays until the user says. */
      if (!gloss_annotation_store_save_sync (self->store, NULL, &error))
        {
          confirm_close (self, error);
          return TRUE;
        }
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (gtk_widget_get_visible (GTK_WIDGET (self->sidebar)))
    g_settings_set_int (self->settings, "sidebar-width",
                        gtk_widget_get_width (GTK_WIDGET (self->sidebar)));

  return GTK_WINDOW_CLASS (gloss_window_parent_class)->close_request (window);
}

/* Public API */

GFile *
gloss_window_get_file (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->file;
}

GlossDocument *
gloss_window_get_document (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->document;
}

GlossAnnotationStore *
gloss_window_get_store (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->store;
}

GlossArticleView *
gloss_window_get_article_view (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->article_view;
}

GlossSidebar *
gloss_window_get_sidebar (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->sidebar;
}

const char *
gloss_window_get_problem (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->problem;
}

GlossWindow *
gloss_window_new (GtkApplication *application)
{
  return g_object_new (GLOSS_TYPE_WINDOW, "application", application, NULL);
}

/* Class */

static void
gloss_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR_VISIBLE:
      g_value_set_boolean (value, self->sidebar_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR_VISIBLE:
      gloss_window_set_sidebar_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_window_dispose (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (self->selection_popover)
    {
      gtk_widget_unparent (GTK_WIDGET (self->selection_popover));
      self->selection_popover = NULL;
    }
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store_result);
  g_clear_object (&self->store);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_WINDOW);

  G_OBJECT_CLASS (gloss_window_parent_class)->dispose (object);
}

static void
gloss_window_finalize (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  g_free (self->problem);
  g_clear_error (&self->save_error);

  G_OBJECT_CLASS (gloss_window_parent_class)->finalize (object);
}

static void
gloss_window_class_init (GlossWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gloss_window_dispose;
  object_class->finalize = gloss_window_finalize;
  object_class->get_property = gloss_window_get_property;
  object_class->set_property = gloss_window_set_property;
  window_class->close_request = gloss_window_close_request;

  properties[PROP_SIDEBAR_VISIBLE] =
    g_param_spec_boolean ("sidebar-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ARTICLE_LOADED] =
    g_signal_new ("article-loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (GLOSS_TYPE_ARTICLE_VIEW);
  g_type_ensure (GLOSS_TYPE_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/gloss/Gloss/gloss-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, problem_button);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, sidebar);

  gloss_window_class_install_annotate_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-sidebar", "sidebar-visible");
  gloss_window_class_install_store_actions (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.highlight", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gloss_window_init (GlossWindow *self)
{
  GtkDropTarget *drop_target;
  GtkPopover *menu_popover;
  GtkWidget *zoom_controls;
  int sidebar_width;

  self->sidebar_visible = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The sidebar keeps its width; the article takes what is left. */
  sidebar_width = g_settings_get_int (self->settings, "sidebar-width");
  gtk_paned_set_position (self->paned,
                          MAX (300, g_settings_get_int (self->settings, "window-width") - sidebar_width));
  gloss_window_set_sidebar_visible (self, g_settings_get_boolean (self->settings, "sidebar-visible"));
  g_settings_bind (self->settings, "sidebar-visible", self, "sidebar-visible", G_SETTINGS_BIND_DEFAULT);
  gloss_article_view_set_zoom (self->article_view, g_settings_get_double (self->settings, "zoom"));

  menu_popover = gtk_menu_button_get_popover (self->primary_menu_button);
  zoom_controls = gloss_zoom_controls_new ();
  self->zoom_label = gloss_zoom_controls_get_label (zoom_controls);
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (menu_popover), zoom_controls, "zoom");
  update_zoom_label (self);

  self->selection_popover = GTK_POPOVER (gloss_selection_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->selection_popover), GTK_WIDGET (self->article_view));

  g_signal_connect_object (self->article_view, "ready",
                           G_CALLBACK (on_view_ready), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "open-link",
                           G_CALLBACK (on_open_link), self, G_CONNECT_SWAPPED);
  gloss_window_connect_annotate_signals (self);

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop_target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  gloss_window_update_actions (self);
}
