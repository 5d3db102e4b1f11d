/* Supervised children: console shells and daemons, each restarted with an
 * exponential back-off when it exits, until shutdown. */
#ifndef B2P_SERVICES_H
#define B2P_SERVICES_H

#include <sys/types.h>

#define SVC_MAX 16
#define SVC_ARGS 16

/* Where each daemon's output goes: DIR/<name>.log (default /var/log; the
 * unit tests point it at their scratch directory).  -1 (said) when DIR is
 * longer than a path may be. */
int svc_set_log_dir(const char *dir);
/* A root shell on tty (e.g. /dev/ttyS0). */
int svc_add_console(const char *name, const char *tty);
/* A daemon that stays in the foreground; its output goes to
 * /var/log/<name>.log.  argv is copied; argv[0] is a path or a name looked
 * up in PATH.  0, or -1 (reported: table full, duplicate, no memory). */
int svc_add(const char *name, char *const argv[]);
/* Socket activation (systemd's protocol, which podman speaks): every
 * start of the service gets fd as its fd 3, with LISTEN_FDS=1 and
 * LISTEN_PID=its pid.  fd stays PID 1's (close-on-exec there); -1 stops
 * handing one.  0, or -1 when there is no such service. */
int svc_set_listen_fd(const char *name, int fd);
/* Starts every service that is due; call from the main loop. */
void svc_tick(double now);
/* Seconds until the next restart is due (-1: none pending). */
double svc_next_due(double now);
/* Handles an exited child; 1 when it was a service. */
int svc_child_exited(pid_t pid, int status, double now);
/* Pid of a running service, 0 if not running. */
pid_t svc_pid(const char *name);
/* When it was last started (mono_now()), 0 when never. */
double svc_started(const char *name);
/* Times a service was (re)started; 0 when never. */
unsigned svc_starts(const char *name);
/* Stops supervising one service (or all with NULL) and sends SIGTERM. */
void svc_stop(const char *name);
/* Number of services still running. */
int svc_running(void);

#endif
