/* gloss-sidecar.h: the ARTICLE.EXT.annotations.json file, in and out
 *
 * A GlossSidecar is the parsed form of one sidecar: a W3C Web Annotation
 * AnnotationCollection.  It holds what Gloss reads (the collection's ids,
 * the article's id and hash, the annotations it understands) and what it
 * must give back untouched on rewrite (members it does not know, items it
 * cannot read).  It does no I/O and knows nothing of the store; see
 * data/gloss-sidecar.schema.json and README.md ("Sidecar format").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gloss-annotation.h"

G_BEGIN_DECLS

/* Larger sidecars, or ones nested deeper, are refused before parsing. */
#define GLOSS_SIDECAR_MAX_SIZE  (64 * 1024 * 1024)
#define GLOSS_SIDECAR_MAX_DEPTH 64

#define GLOSS_SIDECAR_CONTEXT "http://www.w3.org/ns/anno.jsonld"

typedef struct _GlossSidecar GlossSidecar;

typedef enum
{
  GLOSS_SIDECAR_SERIALIZE_DEFAULT = 0,
  /* For the JSON export: target.source and gloss:article.uri are the
   * article's URI, every annotation has "gloss:status", and the items
   * Gloss could not read are left out. */
  GLOSS_SIDECAR_SERIALIZE_EXPORT  = 1 << 0,
} GlossSidecarSerializeFlags;

#define GLOSS_TYPE_SIDECAR (gloss_sidecar_get_type ())

GType               gloss_sidecar_get_type          (void) G_GNUC_CONST;

/* An empty collection with freshly minted ids. */
GlossSidecar       *gloss_sidecar_new               (void);
/* Parses a sidecar. @fallback_time (may be NULL: the epoch) stands for
 * "created"/"modified" where an annotation has none. Fails with
 * GLOSS_ERROR_SIDECAR_INVALID when the whole file cannot be read; items
 * that cannot be read are kept aside and reported by get_problems(). */
GlossSidecar       *gloss_sidecar_parse             (GBytes       *bytes,
                                                     GDateTime    *fallback_time,
                                                     GError      **error);
GlossSidecar       *gloss_sidecar_ref               (GlossSidecar *self);
void                gloss_sidecar_unref             (GlossSidecar *self);

const char         *gloss_sidecar_get_id            (GlossSidecar *self);
const char         *gloss_sidecar_get_label         (GlossSidecar *self);
void                gloss_sidecar_set_label         (GlossSidecar *self,
                                                     const char   *label);
/* "urn:uuid:…": how annotations name the article (target.source). */
const char         *gloss_sidecar_get_article_id    (GlossSidecar *self);
/* The article's base name and hash when the sidecar was last saved; NULL
 * when unknown. */
const char         *gloss_sidecar_get_article_name  (GlossSidecar *self);
const char         *gloss_sidecar_get_article_sha256 (GlossSidecar *self);
void                gloss_sidecar_set_article       (GlossSidecar *self,
                                                     const char   *name,
                                                     const char   *sha256);

/* The annotations read, in file order (the sidecar keeps a reference). */
GPtrArray          *gloss_sidecar_get_annotations   (GlossSidecar *self);
/* Items that could not be read: kept verbatim on rewrite. */
guint               gloss_sidecar_get_n_unreadable  (GlossSidecar *self);
/* One translated sentence per unreadable item; NULL-terminated. */
const char * const *gloss_sidecar_get_problems      (GlossSidecar *self);

/* What was deleted ("gloss:deleted"): annotation id → time of deletion
 * (GDateTime, UTC). A deletion is kept for a few months, so that an old
 * copy of the file (a sync, a backup, a conflict copy) does not bring the
 * highlight back when it is merged. */
GHashTable         *gloss_sidecar_get_deleted       (GlossSidecar *self);
/* Records that @id was deleted at @when; a NULL @when forgets it. */
void                gloss_sidecar_set_deleted       (GlossSidecar *self,
                                                     const char   *id,
                                                     GDateTime    *when);
/* Replaces every deletion with those of @deleted (id → GDateTime). */
void                gloss_sidecar_replace_deleted   (GlossSidecar *self,
                                                     GHashTable   *deleted);
/* TRUE when the file as read or last serialised holds the annotation @id. */
gboolean            gloss_sidecar_has_item          (GlossSidecar *self,
                                                     const char   *id);
/* Adds the items of @other that could not be read (and that @self does not
 * hold yet) to the ones kept as they are. */
void                gloss_sidecar_adopt_unreadable  (GlossSidecar *self,
                                                     GlossSidecar *other);

/* Records that @annotation was found moved: its old selectors go into its
 * "gloss:history" member, with the article hash they were made against. */
void                gloss_sidecar_record_history    (GlossSidecar         *self,
                                                     GlossAnnotation      *annotation,
                                                     const GlossSelectors *old_selectors);

/* The whole collection with @annotations (in their order after the items
 * that were read, which keep their place), pretty-printed UTF-8 ending in a
 * newline. The same data always gives the same bytes. @article_uri is used
 * only with GLOSS_SIDECAR_SERIALIZE_EXPORT. */
GBytes             *gloss_sidecar_serialize         (GlossSidecar               *self,
                                                     GPtrArray                  *annotations,
                                                     GlossSidecarSerializeFlags  flags,
                                                     const char                 *article_uri);
/* The same in two steps: prepare() in the thread that owns the sidecar
 * and the annotations (it prints what changed), finish() in any thread
 * (it joins the 12 MB of 10,000 annotations).  finish() frees @output. */
typedef struct _GlossSidecarOutput GlossSidecarOutput;

GlossSidecarOutput *gloss_sidecar_prepare           (GlossSidecar               *self,
                                                     GPtrArray                  *annotations,
                                                     GlossSidecarSerializeFlags  flags,
                                                     const char                 *article_uri);
GBytes             *gloss_sidecar_output_finish     (GlossSidecarOutput         *output);
void                gloss_sidecar_output_free       (GlossSidecarOutput         *output);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSidecarOutput, gloss_sidecar_output_free)

/* Prints the annotations read, so that the first save prints again only
 * what changed.  Any thread, while nothing else uses the sidecar, on a
 * sidecar just parsed: it prints them in several threads at once, and
 * json-glib's reference counts are not atomic, so no two annotations may
 * share kept JSON (as gloss_annotation_update_from() makes them). */
void                gloss_sidecar_print_annotations (GlossSidecar               *self);

/* TRUE when @bytes look like one JSON value no deeper than @max_depth.
 * Only brackets are counted (strings are skipped); the parser checks the
 * rest. */
gboolean            gloss_sidecar_check_depth       (const char   *data,
                                                     gsize         len,
                                                     guint         max_depth);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSidecar, gloss_sidecar_unref)

G_END_DECLS
