/* gloss-test-privileges.c: file permissions that count, and a disk that
 * can fill up, for tests that may run as root
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gloss-test-privileges.h"

static gboolean
write_proc (const char *path,
            const char *contents)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;

  ok = write (fd, contents, strlen (contents)) == (gssize) strlen (contents);
  close (fd);

  return ok;
}

gboolean
gloss_test_private_mounts (void)
{
  if (geteuid () != 0)
    {
      g_autofree char *uid_map = g_strdup_printf ("0 %u 1\n", (guint) geteuid ());
      g_autofree char *gid_map = g_strdup_printf ("0 %u 1\n", (guint) getegid ());

      /* Root of a user namespace of our own: it may mount a tmpfs. */
      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
        return FALSE;
      write_proc ("/proc/self/setgroups", "deny");
      if (!write_proc ("/proc/self/uid_map", uid_map) ||
          !write_proc ("/proc/self/gid_map", gid_map))
        return FALSE;
    }
  else if (unshare (CLONE_NEWNS) != 0)
    return FALSE;

  /* Nothing mounted here shows outside, and goes with the process. */
  return mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
}

void
gloss_test_obey_file_permissions (void)
{
  static const int caps[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER };
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  g_autofree char *folder = NULL;
  g_autofree char *probe = NULL;
  int fd;

  if (syscall (SYS_capget, &header, data) == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (caps); i++)
        {
          /* Out of the bounding set too, or exec would give them back. */
          prctl (PR_CAPBSET_DROP, caps[i], 0, 0, 0);
          data[0].effective &= ~(1u << caps[i]);
          data[0].permitted &= ~(1u << caps[i]);
          data[0].inheritable &= ~(1u << caps[i]);
        }
      syscall (SYS_capset, &header, data);
    }

  /* The tests that need it would prove nothing otherwise. */
  folder = g_dir_make_tmp ("gloss-permissions-XXXXXX", NULL);
  g_assert_nonnull (folder);
  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
  probe = g_build_filename (folder, "probe", NULL);
  fd = open (probe, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      close (fd);
      g_unlink (probe);
    }
  g_chmod (folder, 0700);
  g_rmdir (folder);
  if (fd >= 0)
    g_error ("A folder without write permission still takes new files: "
             "cannot test read-only folders as this user");
}

gboolean
gloss_test_mount_tmpfs (const char *path,
                        guint       size_kib)
{
  g_autofree char *options = g_strdup_printf ("size=%uk,mode=0700", size_kib);

  return mount ("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0;
}

void
gloss_test_unmount (const char *path)
{
  umount2 (path, MNT_DETACH);
}
