/* gloss-sidecar-file-private.h: where a sidecar lives and how it is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-file-stamp.h"

G_BEGIN_DECLS

/* NAME.EXT.annotations.json beside @article; NULL without a parent. */
GFile     *gloss_sidecar_file_beside             (GFile         *article);
/* Where the annotations of an article in a folder that cannot be written
 * live: $XDG_DATA_HOME/gloss/annotations/SHA256.annotations.json, keyed by
 * the SHA-256 of the article's absolute path (or URI). */
GFile     *gloss_sidecar_file_fallback           (GFile         *article);
/* FALSE when files cannot be created in the folder of @file (permissions,
 * a read-only file system). */
gboolean   gloss_sidecar_file_folder_writable    (GFile         *file);

/* Lower-case hex SHA-256 of @bytes. */
char      *gloss_sidecar_file_hash               (GBytes        *bytes);

/* Writes @bytes to @file: a temporary file in the same folder, written,
 * synced and renamed over it, so that the file is always either the old
 * one or the new one. Nothing is written when the file already holds
 * @bytes. With @check, the file must still be the one whose hash is
 * @expected_sha256 (NULL: no file at all): if someone else wrote it in the
 * meantime, nothing is written and the error is G_IO_ERROR_WOULD_MERGE.
 * @bytes_sha256 is gloss_sidecar_file_hash() of @bytes, when the caller
 * has it (NULL: computed here).  @written (if not NULL) is the stamp of
 * the file written, taken from the file itself once renamed into place;
 * all zero when nothing was written. */
gboolean   gloss_sidecar_file_write              (GFile          *file,
                                                  GBytes         *bytes,
                                                  const char     *bytes_sha256,
                                                  gboolean        check,
                                                  const char     *expected_sha256,
                                                  GlossFileStamp *written,
                                                  GCancellable   *cancellable,
                                                  GError        **error);

/* TRUE when @name is one of the temporary files a write of the sidecar
 * @sidecar_name makes (".NAME.XXXXXX"). */
gboolean   gloss_sidecar_file_is_temporary_name  (const char    *sidecar_name,
                                                  const char    *name);
/* Deletes such files older than @age beside @sidecar: left by a save that
 * was cut short. Returns how many. */
guint      gloss_sidecar_file_remove_stale_temporaries (GFile     *sidecar,
                                                        GTimeSpan  age);

/* TRUE when @name is a sync tool's conflict copy of the sidecar called
 * @sidecar_name (Syncthing's NAME.sync-conflict-….json, Dropbox's and
 * Nextcloud's "NAME (… conflicted copy …).json"). */
gboolean   gloss_sidecar_file_is_conflict_name   (const char    *sidecar_name,
                                                  const char    *name);
/* The conflict copies of @sidecar in its folder (GFile), sorted by name. */
GPtrArray *gloss_sidecar_file_find_conflicts     (GFile         *sidecar);

/* Renames @file to NAME.broken-YYYYMMDD-HHMMSS (local time of @now) in its
 * folder, never over another file; returns the new file. */
GFile     *gloss_sidecar_file_move_aside         (GFile         *file,
                                                  GDateTime     *now,
                                                  GError       **error);

G_END_DECLS
