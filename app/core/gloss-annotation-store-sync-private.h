/* gloss-annotation-store-sync-private.h: the store's state, shared by the
 * files that make it
 *
 * gloss-annotation-store.c holds the class, the list model and the public
 * API; gloss-annotation-store-edit.c the changes and the edits;
 * gloss-annotation-store-load.c reading the sidecar, loading and
 * anchoring; gloss-annotation-store-save.c saving the sidecar (coalesced,
 * written by a worker, with retries); gloss-annotation-store-sync.c keeps
 * the store in step with the file on disk: watching it for outside
 * changes and merging them, conflict copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-store-private.h"
#include "gloss-sidecar-file-private.h"

G_BEGIN_DECLS

struct _GlossAnnotationStore
{
  GObject        parent_instance;

  GlossDocument *document;
  GFile         *file;        /* the sidecar in use */
  GFile         *beside;      /* NAME.EXT.annotations.json beside the article */
  gboolean       fallback;    /* the folder cannot be written: file is under the data folder */
  GlossSidecar  *sidecar;
  GPtrArray     *items;       /* GlossAnnotation, in model order */
  GHashTable    *by_id;       /* id → GlossAnnotation (borrowed) */
  gboolean       writable;
  GError        *error;       /* why the sidecar cannot be read, or NULL */
  GFile         *broken;      /* the file that could not be read */

  /* Changes made here since the file and the store last agreed:
   * id → serial of the change (guint64 *). */
  GHashTable    *changed;

  GCancellable  *cancellable;
  guint          save_source;
  gint64         pending_since;
  gboolean       saving;
  gboolean       save_again;
  guint64        serial;         /* bumped by every change */
  guint64        saved_serial;   /* the newest change known on disk */
  guint          retry_source;
  guint          retry_delay_ms;

  /* Watching */
  GFileMonitor  *folder_monitor;
  GFileMonitor  *article_monitor;
  guint          check_source;
  guint          conflicts_source;
  guint          article_source;
  gboolean       check_after_save;
  char          *article_sha256;  /* the article as last reported */
  GPtrArray     *conflicts;       /* GFile: copies that would add something */

  /* Shared with the worker. */
  GMutex         write_lock;
  guint64        written_serial;
  char          *disk_sha256;     /* the file as last read or written; NULL: none */
  GlossFileStamp disk_stamp;      /* its stamp then, when known */
};

/* gloss-annotation-store.c */
/* Where @annotation goes in model order. */
guint     gloss_annotation_store_find_insert_position (GlossAnnotationStore *self,
                                                       GlossAnnotation      *annotation);
void      gloss_annotation_store_sort           (GlossAnnotationStore *self);
void      gloss_annotation_store_clear_items    (GlossAnnotationStore *self);
void      gloss_annotation_store_set_writable   (GlossAnnotationStore *self,
                                                 gboolean              writable);
void      gloss_annotation_store_set_error      (GlossAnnotationStore *self,
                                                 GFile                *broken,
                                                 const GError         *error);
GBytes   *gloss_annotation_store_serialize      (GlossAnnotationStore *self);
/* The same in two steps (see gloss_sidecar_prepare()). */
GlossSidecarOutput *gloss_annotation_store_prepare_output (GlossAnnotationStore *self);

/* gloss-annotation-store-edit.c */
/* Something changed (@id: in that annotation; NULL: in the file as a
 * whole); saves soon. */
void      gloss_annotation_store_mark_changed   (GlossAnnotationStore *self,
                                                 const char           *id);
void      gloss_annotation_store_watch_item     (GlossAnnotationStore *self,
                                                 GlossAnnotation      *annotation);
void      gloss_annotation_store_unwatch_item   (GlossAnnotationStore *self,
                                                 GlossAnnotation      *annotation);

/* gloss-annotation-store-load.c */
/* Reads a sidecar's bytes; TRUE with *bytes NULL when there is none. */
gboolean  gloss_annotation_store_read           (GFile                *file,
                                                 GBytes              **bytes,
                                                 GDateTime           **mtime,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
gboolean  gloss_annotation_store_anchor_one     (GlossAnnotationStore *self,
                                                 GlossText            *text,
                                                 gboolean              text_unchanged,
                                                 GlossAnnotation      *annotation);

/* gloss-annotation-store-save.c */
void      gloss_annotation_store_schedule_save  (GlossAnnotationStore *self);
void      gloss_annotation_store_stop_saving    (GlossAnnotationStore *self);
/* Writes in the calling thread; waits for a write in flight. */
gboolean  gloss_annotation_store_write_now      (GlossAnnotationStore *self,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* The changes up to @serial are on disk. */
void      gloss_annotation_store_forget_changes (GlossAnnotationStore *self,
                                                 guint64               serial);

/* gloss-annotation-store-sync.c */
/* Reads the sidecar again when its bytes are not the ones last read or
 * written, and merges it with the changes made here; while a save is in
 * flight, only once it is done, unless @even_while_saving. */
void      gloss_annotation_store_sync_disk      (GlossAnnotationStore *self,
                                                 gboolean              even_while_saving);
void      gloss_annotation_store_start_watching (GlossAnnotationStore *self);
void      gloss_annotation_store_stop_watching  (GlossAnnotationStore *self);
void      gloss_annotation_store_find_conflicts (GlossAnnotationStore *self);

/* Signals, installed by the class. */
enum {
  GLOSS_STORE_SIGNAL_SAVED,
  GLOSS_STORE_SIGNAL_SAVE_FAILED,
  GLOSS_STORE_SIGNAL_RELOADED,
  GLOSS_STORE_SIGNAL_ARTICLE_CHANGED,
  GLOSS_STORE_SIGNAL_CONFLICTS_CHANGED,
  GLOSS_STORE_N_SIGNALS
};

extern guint gloss_annotation_store_signals[GLOSS_STORE_N_SIGNALS];

G_END_DECLS
