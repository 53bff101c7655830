/* gloss-sidecar-file.c: where a sidecar lives and how it is written
 *
 * The sidecar lives beside its article; when the article's folder cannot
 * be written (a mounted image, /usr/share/doc), under the user's data
 * folder instead, named by a hash of the article's path, so that the JSON
 * itself never says where the article is.  Writing is atomic (temporary
 * file in the same folder, fsync, rename, fsync of the folder) and checks
 * first that nobody else wrote the file since Gloss last read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gloss-annotation-store.h"
#include "gloss-sidecar-file-private.h"
#include "gloss-sidecar.h"

#define BROKEN_INFIX ".broken-"

GFile *
gloss_sidecar_file_beside (GFile *article)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sidecar_name = NULL;

  g_return_val_if_fail (G_IS_FILE (article), NULL);

  parent = g_file_get_parent (article);
  if (parent == NULL)
    return NULL;

  name = g_file_get_basename (article);
  sidecar_name = g_strconcat (name, GLOSS_SIDECAR_SUFFIX, NULL);

  return g_file_get_child (parent, sidecar_name);
}

GFile *
gloss_sidecar_file_fallback (GFile *article)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (article), NULL);

  key = g_file_get_path (article);
  if (key == NULL)
    key = g_file_get_uri (article);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name = g_strconcat (hash, GLOSS_SIDECAR_SUFFIX, NULL);
  path = g_build_filename (g_get_user_data_dir (), "gloss", "annotations", name, NULL);

  return g_file_new_for_path (path);
}

gboolean
gloss_sidecar_file_folder_writable (GFile *file)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  parent = g_file_get_parent (file);
  path = parent ? g_file_get_path (parent) : NULL;

  /* Not local: GIO will tell when it writes. */
  if (path == NULL)
    return TRUE;

  /* The effective ids and capabilities, as the write will use them. */
  if (faccessat (AT_FDCWD, path, W_OK | X_OK, AT_EACCESS) == 0)
    return TRUE;

  return errno != EACCES && errno != EPERM && errno != EROFS;
}

char *
gloss_sidecar_file_hash (GBytes *bytes)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* Writing
 * ======= */

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }

      data += n;
      len -= n;
    }

  return TRUE;
}

static gboolean
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/* The hash of what @path holds now; NULL when there is no such file. */
static gboolean
hash_current (const char  *path,
              char       **sha256)
{
  g_autofree char *contents = NULL;
  gsize len;
  GStatBuf st;

  *sha256 = NULL;

  if (g_stat (path, &st) != 0)
    return errno == ENOENT;

  /* Not something Gloss wrote: surely not what it expects. */
  if (!S_ISREG (st.st_mode) || st.st_size > GLOSS_SIDECAR_MAX_SIZE)
    {
      *sha256 = g_strdup ("");
      return TRUE;
    }

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;

  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  return TRUE;
}

gboolean
gloss_sidecar_file_write (GFile          *file,
                          GBytes         *bytes,
                          const char     *bytes_sha256,
                          gboolean        check,
                          const char     *expected_sha256,
                          GlossFileStamp *written,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *current = NULL;
  g_autofree char *wanted = NULL;
  const guint8 *data;
  GStatBuf st;
  gsize len;
  int dir_fd;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  if (written != NULL)
    memset (written, 0, sizeof *written);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Not a local file (e.g. a GVfs mount): GIO's own replace. */
  if (path == NULL)
    return g_file_replace_contents (file, (const char *) data, len, NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, cancellable, error);

  if (!hash_current (path, &current))
    return set_write_error (error, errno, path);

  /* Already there: nothing to write. */
  if (bytes_sha256 == NULL)
    bytes_sha256 = wanted = gloss_sidecar_file_hash (bytes);
  if (g_strcmp0 (current, bytes_sha256) == 0)
    return TRUE;

  if (check && g_strcmp0 (current, expected_sha256) != 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE,
                   _("“%s” was changed by another program"), display);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_write_error (error, errno, path);

  /* Keep the permissions of the file it replaces. */
  if (g_stat (path, &st) == 0)
    fchmod (fd, st.st_mode & 07777);

  if (!write_all (fd, data, len) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp_path);
      return set_write_error (error, saved_errno, path);
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp_path);
      return set_write_error (error, saved_errno, path);
    }

  /* The file in place, through its descriptor: whatever is at the path
   * by now, this is the one written (the rename changed its ctime). */
  if (written != NULL && fstat (fd, &st) == 0)
    gloss_file_stamp_from_stat (&st, written);

  if (close (fd) != 0)
    {
      if (written != NULL)
        memset (written, 0, sizeof *written);
      return set_write_error (error, errno, path);
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;
}

gboolean
gloss_sidecar_file_is_temporary_name (const char *sidecar_name,
                                      const char *name)
{
  gsize len = strlen (sidecar_name);

  /* ".NAME.XXXXXX", as gloss_sidecar_file_write() makes them. */
  return name[0] == '.' &&
         strncmp (name + 1, sidecar_name, len) == 0 &&
         name[1 + len] == '.' &&
         strlen (name + 2 + len) == 6;
}

guint
gloss_sidecar_file_remove_stale_temporaries (GFile     *sidecar,
                                             GTimeSpan  age)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *sidecar_name = NULL;
  gint64 limit = g_get_real_time () / G_USEC_PER_SEC - age / G_USEC_PER_SEC;
  GFileInfo *info;
  guint n = 0;

  g_return_val_if_fail (G_IS_FILE (sidecar), 0);

  folder = g_file_get_parent (sidecar);
  if (folder == NULL)
    return 0;

  sidecar_name = g_file_get_basename (sidecar);
  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      /* Left by a save that was cut short (a crash, power loss): the
       * sidecar itself is whole.  Never one that may still be written. */
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          gloss_sidecar_file_is_temporary_name (sidecar_name, name) &&
          (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) < limit)
        {
          g_autoptr(GFile) child = g_file_get_child (folder, name);

          if (g_file_delete (child, NULL, NULL))
            n++;
        }

      g_object_unref (info);
    }

  return n;
}

/* Conflict copies
 * =============== */

static gboolean
contains_ascii_casefold (const char *haystack,
                         const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;

  return FALSE;
}

gboolean
gloss_sidecar_file_is_conflict_name (const char *sidecar_name,
                                     const char *name)
{
  g_autofree char *stem = NULL;
  const char *rest;

  g_return_val_if_fail (sidecar_name != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_str_equal (sidecar_name, name) || strstr (name, BROKEN_INFIX) != NULL)
    return FALSE;

  /* The tools put their mark before the extension: NAME.annotations… */
  stem = g_str_has_suffix (sidecar_name, ".json")
         ? g_strndup (sidecar_name, strlen (sidecar_name) - strlen (".json"))
         : g_strdup (sidecar_name);

  if (!g_str_has_prefix (name, stem))
    return FALSE;
  rest = name + strlen (stem);

  /* Syncthing: NAME.sync-conflict-20260101-120000-DEVICE.json */
  if (g_str_has_prefix (rest, ".sync-conflict-") ||
      g_str_has_prefix (rest, ".json.sync-conflict-"))
    return TRUE;

  /* Dropbox, Nextcloud, ownCloud: "NAME (Ann's conflicted copy 2026-01-01).json" */
  if ((rest[0] == ' ' || g_str_has_prefix (rest, ".json ")) &&
      contains_ascii_casefold (rest, "conflicted copy"))
    return TRUE;

  return FALSE;
}

static int
compare_files_by_name (gconstpointer a,
                       gconstpointer b)
{
  g_autofree char *name_a = g_file_get_basename (*(GFile **) a);
  g_autofree char *name_b = g_file_get_basename (*(GFile **) b);

  return strcmp (name_a, name_b);
}

GPtrArray *
gloss_sidecar_file_find_conflicts (GFile *sidecar)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *sidecar_name = NULL;
  GFileInfo *info;

  g_return_val_if_fail (G_IS_FILE (sidecar), NULL);

  folder = g_file_get_parent (sidecar);
  if (folder == NULL)
    return g_steal_pointer (&found);

  sidecar_name = g_file_get_basename (sidecar);
  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          gloss_sidecar_file_is_conflict_name (sidecar_name, name))
        g_ptr_array_add (found, g_file_get_child (folder, name));

      g_object_unref (info);
    }

  g_ptr_array_sort (found, compare_files_by_name);

  return g_steal_pointer (&found);
}

/* Broken files
 * ============ */

GFile *
gloss_sidecar_file_move_aside (GFile      *file,
                               GDateTime  *now,
                               GError    **error)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  folder = g_file_get_parent (file);
  name = g_file_get_basename (file);
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  /* Never over another file: a second one in the same second gets -2. */
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *aside_name = NULL;
      g_autoptr(GFile) aside = NULL;
      g_autoptr(GError) local_error = NULL;

      if (n == 1)
        aside_name = g_strconcat (name, BROKEN_INFIX, stamp, NULL);
      else
        aside_name = g_strdup_printf ("%s" BROKEN_INFIX "%s-%u", name, stamp, n);
      aside = g_file_get_child (folder, aside_name);

      if (g_file_move (file, aside, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                       &local_error))
        return g_steal_pointer (&aside);

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Too many annotations files were moved aside today"));
  return NULL;
}
