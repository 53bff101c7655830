/* gloss-test-privileges.h: file permissions that count, and a disk that
 * can fill up, for tests that may run as root
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call these first in main(), while the process has one thread. */

/* Gives the process a mount namespace of its own (as root, or else in a
 * user namespace of its own), where gloss_test_mount_tmpfs() can mount a
 * small file system that is gone with the process.  FALSE when the system
 * allows neither. */
gboolean gloss_test_private_mounts         (void);
/* Makes file permissions count as they do for any user, also when the
 * tests run as root: drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and
 * CAP_FOWNER for the process and its children, and checks that a folder
 * without write permission now refuses a new file. */
void     gloss_test_obey_file_permissions  (void);

/* Mounts a tmpfs of @size_kib KiB on @path (a mount namespace of our own
 * first: see gloss_test_private_mounts()); FALSE when it cannot. */
gboolean gloss_test_mount_tmpfs            (const char *path,
                                            guint       size_kib);
void     gloss_test_unmount                (const char *path);

G_END_DECLS
