/* Signals and children of PID 1: every signal is blocked and read from a
 * signalfd in the main poll loop; every child is reaped there. */
#ifndef B2P_SIGNALS_H
#define B2P_SIGNALS_H

#include <sys/types.h>

/* Blocks all signals, routes ctrl-alt-del to SIGINT, returns the signalfd
 * (-1 on failure, reported: the caller then polls with a timeout). */
int signals_setup(void);
/* Next pending signal from the fd, 0 when none. */
int signals_read(int fd);
/* One exited child without blocking: its pid (status in *st), 0 when none
 * is left to reap now, -1 when there are no children at all. */
pid_t reap_one(int *st);
/* "exit 1", "signal 9" */
void describe_status(int st, char *buf, unsigned n);

#endif
