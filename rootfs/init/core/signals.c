#include "signals.h"
#include "msg.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

int signals_setup(void)
{
	sigset_t all;
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, NULL) < 0)
		b2p_err("sigprocmask");
	/* The kernel then sends SIGINT to PID 1 instead of rebooting at once. */
	if (reboot(RB_DISABLE_CAD) < 0)
		b2p_err("disable ctrl-alt-del");
	int fd = signalfd(-1, &all, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		b2p_err("signalfd");
	return fd;
}

int signals_read(int fd)
{
	if (fd < 0) {
		/* Fallback without a signalfd: poll the pending set. */
		sigset_t all;
		sigfillset(&all);
		struct timespec zero = { 0, 0 };
		int s = sigtimedwait(&all, NULL, &zero);
		return s < 0 ? 0 : s;
	}
	struct signalfd_siginfo si;
	ssize_t n = read(fd, &si, sizeof(si));
	if (n != (ssize_t)sizeof(si))
		return 0;
	return (int)si.ssi_signo;
}

int signals_shutdown_how(int sig, enum shutdown_how *how)
{
	switch (sig) {
	case SIGUSR2:
		*how = SHUTDOWN_POWEROFF;
		return 1;
	case SIGUSR1:
		*how = SHUTDOWN_HALT;
		return 1;
	case SIGTERM:
	case SIGINT:
		*how = SHUTDOWN_REBOOT;
		return 1;
	default:
		return 0;
	}
}
