/* gloss-sidecar-private.h: what the files of GlossSidecar share
 *
 * gloss-sidecar.c holds the collection, gloss-sidecar-read.c reads it
 * (gloss-sidecar-check.c checks its text first, gloss-sidecar-split.c finds
 * its items in it), gloss-sidecar-write.c
 * writes it, gloss-sidecar-item.c reads one annotation,
 * gloss-sidecar-item-write.c writes one and gloss-sidecar-json.c holds the
 * JSON helpers and the printer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gloss-sidecar.h"

G_BEGIN_DECLS

/* One entry of the collection's items, in file order: an annotation Gloss
 * reads (by id) or an item it keeps as it was. */
typedef struct
{
  char     *id;
  JsonNode *verbatim;
} GlossSidecarSlot;

struct _GlossSidecar
{
  gatomicrefcount  ref_count;

  JsonObject      *root;       /* as read; members not owned are kept */
  JsonObject      *page;       /* "first", as read but for its items, or NULL */
  JsonObject      *article;    /* "gloss:article", as read, or NULL */

  char            *id;
  char            *page_id;
  char            *label;
  char            *article_id;
  char            *article_name;
  char            *article_sha256;

  GPtrArray       *annotations;  /* GlossAnnotation, as read */
  GArray          *slots;        /* GlossSidecarSlot */
  GPtrArray       *problems;     /* char *, NULL-terminated */

  /* "gloss:deleted": id → GDateTime (UTC), and entries that could not be
   * read, kept as they were. */
  GHashTable      *deleted;
  GPtrArray       *deleted_verbatim;

  /* id → GlossSidecarPrinted: each annotation as last written, so that a
   * save prints again only what changed (see gloss-sidecar-write.c). */
  GHashTable      *printed;
  /* Of the last prepare() that was not an export: only such a prepare()
   * stamps printed texts with it, so one stamped with the current
   * generation was written by the prepare() under way (which counts on
   * it instead of a table of what it wrote). */
  guint            generation;
};

typedef struct
{
  gsize  revision;      /* gloss_annotation_get_revision() when printed */
  guint  generation;    /* the last prepare() that wrote it */
  char  *article_id;    /* its target's source then */
  char  *text;          /* a GRefString: a save's worker may hold it */
} GlossSidecarPrinted;

/* gloss-sidecar.c */
/* A hash for annotation ids: long, and alike at the start ("urn:uuid:"),
 * so hashed by their end. */
guint            gloss_sidecar_id_hash              (gconstpointer id);
void             gloss_sidecar_slot_clear           (gpointer data);
void             gloss_sidecar_printed_free         (gpointer data);
char            *gloss_sidecar_mint_id              (void);
GlossSidecar    *gloss_sidecar_alloc                (void);

/* gloss-sidecar-check.c */
/* FALSE, with @error set, when @data is no text json-glib reads right. */
gboolean         gloss_sidecar_check_text           (const char                 *data,
                                                     gsize                       len,
                                                     GError                    **error);

/* gloss-sidecar-read.c */
/* Sets @error to "The annotations file cannot be read: @reason."; FALSE. */
gboolean         gloss_sidecar_invalid              (GError                    **error,
                                                     const char                 *reason);
/* gloss_sidecar_parse(), with the whole document parsed in one tree, as
 * the fuzzer compares. */
GlossSidecar    *gloss_sidecar_parse_whole          (GBytes                     *bytes,
                                                     GDateTime                  *fallback_time,
                                                     GError                    **error);

/* gloss-sidecar-split.c */
typedef struct
{
  gsize start;  /* offsets in the text: the first byte */
  gsize end;    /* and the one after the last */
} GlossSidecarSpan;

/* Where the items of the first page of the collection in @data are: the
 * array, and each of them, in order.  FALSE when the text is not of the
 * plain shape this takes (see gloss-sidecar-split.c). */
gboolean         gloss_sidecar_split_items          (const char                 *data,
                                                     gsize                       len,
                                                     GlossSidecarSpan           *array,
                                                     GArray                     *items);

/* gloss-sidecar-item.c */
GlossAnnotation *gloss_sidecar_read_item            (JsonNode                   *item,
                                                     GDateTime                  *fallback_time,
                                                     GHashTable                 *seen_ids,
                                                     const char                **reason);
/* The members of an item, and of its target, that Gloss writes itself:
 * the others are kept as they were read. */
extern const char * const gloss_sidecar_owned_annotation_members[];
extern const char * const gloss_sidecar_owned_target_members[];
/* Appends to @array the bodies of @kept Gloss did not read into tags and
 * the note, as they were. */
void             gloss_sidecar_append_kept_bodies   (JsonArray                  *array,
                                                     JsonObject                 *kept);

/* gloss-sidecar-item-write.c */
char            *gloss_sidecar_format_time          (GDateTime                  *time);
JsonNode        *gloss_sidecar_serialize_annotation (GlossSidecar               *self,
                                                     GlossAnnotation            *annotation,
                                                     GlossSidecarSerializeFlags  flags,
                                                     const char                 *article_uri);

/* gloss-sidecar-json.c */
gboolean         gloss_sidecar_node_is_string       (JsonNode                   *node);
const char      *gloss_sidecar_get_string_member    (JsonObject                 *object,
                                                     const char                 *name,
                                                     gboolean                   *wrong_type);
gboolean         gloss_sidecar_node_has_string      (JsonNode                   *node,
                                                     const char                 *value);
void             gloss_sidecar_copy_unknown_members (JsonObject                 *to,
                                                     JsonObject                 *from,
                                                     const char * const         *owned);
void             gloss_sidecar_print_node           (GString                    *out,
                                                     JsonNode                   *node,
                                                     guint                       indent);
/* Where the items go in a collection printed without them. */
typedef struct
{
  gsize at;      /* the offset in the output */
  guint indent;  /* the depth of the array */
} GlossSidecarHole;

/* The same, with the array node @items printed as the elements @texts
 * (each already printed at its depth); with @texts NULL, not printed, and
 * @hole says where they go. */
void             gloss_sidecar_print_node_items     (GString                    *out,
                                                     JsonNode                   *node,
                                                     guint                       indent,
                                                     JsonNode                   *items,
                                                     GPtrArray                  *texts,
                                                     GlossSidecarHole           *hole);
/* An array of the elements @texts, at depth @indent. */
void             gloss_sidecar_print_texts          (GString                    *out,
                                                     GPtrArray                  *texts,
                                                     guint                       indent);

G_END_DECLS
