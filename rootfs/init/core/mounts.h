/* The API file systems and the few fixed paths every boot needs. */
#ifndef B2P_MOUNTS_H
#define B2P_MOUNTS_H

/* Mounts /proc unless it is already there; -1 on failure (reported). */
int mounts_proc(void);
/* /sys, /dev, /dev/pts, /dev/shm, /dev/mqueue, /run, /tmp, cgroup2 with
 * every controller delegated, /dev symlinks, /var dirs.  Each failure is
 * reported and the rest still done. */
void mounts_setup(void);
/* The kernel protections systemd turns on by default, set under procsys
 * (/proc/sys): fs.protected_hardlinks, fs.protected_symlinks,
 * fs.protected_fifos, fs.protected_regular, kernel.kptr_restrict and
 * kernel.dmesg_restrict, all 1.  Returns how many failed (each reported).
 * Called by mounts_setup. */
int mounts_sysctls(const char *procsys);
/* 1 when path is a mount point (st_dev differs from its parent's). */
int is_mountpoint(const char *path);

#endif
