/* Small checked wrappers around system calls, clocks and paths.
 *
 * Return convention of the whole init helper: functions that can fail
 * return 0 on success and -1 on failure, and report the failure on the
 * console themselves (b2p_err: what was attempted and why), so callers only
 * decide whether to go on.  Predicates (is_*, path_*, *_ok) return 1 or 0
 * and say nothing; functions that say otherwise document it. */
#ifndef B2P_UTIL_H
#define B2P_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* The one list of program directories: PATH for every child, and where
 * tools are looked for by name. */
#define B2P_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
/* Where the persistent state lives (bound from the data disk, or a plain
 * directory in RAM mode): etc/hostname, ssh/, bootsync.sh, bootlocal.sh,
 * userdata.tar, log/.  The same path inside the data file system. */
#define B2P_STATE_DIR "/var/lib/boot2podman"

/* mount(2); on failure "mount TARGET (TYPE): reason", returns -1. */
int xmount(const char *src, const char *target, const char *type,
	   unsigned long flags, const char *data);
/* mkdir -p on a tree that is not the system's (the data disk): missing
 * parents get mode `parents`, the last component, when made here, `mode`
 * exactly (umask does not narrow it) and owner uid:gid (uid -1: as made).
 * Existing directories are left as they are; anything else in the way,
 * a symlink too, is an error. */
int mkdir_owned(const char *path, mode_t parents, mode_t mode, uid_t uid, gid_t gid);
/* mkdir -p in the system's own tree (links followed), one mode for all it
 * makes. */
int mkdir_p(const char *path, mode_t mode);
/* Writes s to an existing file (sysfs, cgroupfs); reports failures. */
int write_str(const char *path, const char *s);
/* Reads until n bytes or the end of the file, through EINTR: the count,
 * or -1 (errno set) without a message. */
ssize_t read_full(int fd, void *buf, size_t n);
/* read_full at offset off (pread: the file position does not move). */
ssize_t pread_full(int fd, void *buf, size_t n, off_t off);
/* Reads up to n-1 bytes, NUL-terminates; -1 (errno set) without a message. */
ssize_t read_small(const char *path, char *buf, size_t n);
/* Removes trailing whitespace in place. */
void rstrip(char *s);

double mono_now(void);
void sleep_ms(unsigned ms);
/* Seconds since the kernel started, from /proc/uptime (-1 if unknown). */
double uptime_s(void);

int path_exists(const char *path);
int is_executable(const char *path);

/* First executable NAME in the directories of B2P_PATH, into buf: 1, or 0
 * when there is none. */
int path_find(const char *name, char *buf, size_t n);

#endif
