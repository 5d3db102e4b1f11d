/* Signals of PID 1: every signal is blocked and read from a signalfd in
 * the main poll loop, and each means one thing. */
#ifndef B2P_SIGNALS_H
#define B2P_SIGNALS_H

#include "shutdown.h"

/* Blocks all signals, routes ctrl-alt-del to SIGINT, returns the signalfd
 * (-1 on failure, reported: the caller then polls with a timeout). */
int signals_setup(void);
/* Next pending signal from the fd, 0 when none. */
int signals_read(int fd);
/* What a signal to PID 1 asks for, as busybox init reads them: SIGUSR2
 * power off, SIGUSR1 halt, SIGTERM and SIGINT (ctrl-alt-del) reboot.  1 and
 * *how set, or 0 for every other signal (SIGCHLD: reaping happens every
 * round anyway). */
int signals_shutdown_how(int sig, enum shutdown_how *how);

#endif
