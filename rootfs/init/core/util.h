/* Small checked wrappers around system calls: each reports its own failure
 * on the console, so callers only decide whether to go on. */
#ifndef B2P_UTIL_H
#define B2P_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#define B2P_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* mount(2); on failure "mount TARGET (TYPE): reason", returns -1. */
int xmount(const char *src, const char *target, const char *type,
	   unsigned long flags, const char *data);
/* mkdir -p; existing directories are fine.  Reports failures. */
int mkdir_p(const char *path, mode_t mode);
/* Writes s to an existing file (sysfs, cgroupfs); reports failures. */
int write_str(const char *path, const char *s);
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

/* In a freshly forked child: default signal dispositions, empty mask (PID 1
 * blocks everything and children inherit the mask). */
void child_reset_signals(void);
/* Points stdin at /dev/null and stdout+stderr at logpath (appended), or
 * leaves them on the console when logpath is NULL. */
void child_redirect(const char *logpath);

/* fork+exec argv[0] (a path) and wait at most timeout_ms; on timeout the
 * child gets SIGTERM then SIGKILL.  Returns the exit status (0-255), 128+sig
 * when killed, -1 when it could not run or timed out (reported). */
int run_wait(char *const argv[], const char *logpath, unsigned timeout_ms);

#endif
