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

pid_t reap_one(int *st)
{
	for (;;) {
		pid_t p = waitpid(-1, st, WNOHANG);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0 && errno != ECHILD)
			b2p_err("waitpid");
		return p;
	}
}

void describe_status(int st, char *buf, unsigned n)
{
	if (WIFEXITED(st))
		snprintf(buf, n, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, n, "signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(buf, n, "status 0x%x", (unsigned)st);
}
