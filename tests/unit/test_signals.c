/* signals.c: what each signal asks of PID 1, and reading them from a
 * signalfd or, without one, from the pending set. */
#include "signals.h"
#include "tu.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

static void mapping(void)
{
	enum shutdown_how how;
	CHECK(signals_shutdown_how(SIGUSR2, &how) == 1 && how == SHUTDOWN_POWEROFF);
	CHECK(signals_shutdown_how(SIGUSR1, &how) == 1 && how == SHUTDOWN_HALT);
	CHECK(signals_shutdown_how(SIGTERM, &how) == 1 && how == SHUTDOWN_REBOOT);
	CHECK(signals_shutdown_how(SIGINT, &how) == 1 && how == SHUTDOWN_REBOOT);
	/* Everything else is no request at all. */
	int others = 0;
	for (int s = 1; s < NSIG; s++) {
		if (s == SIGUSR1 || s == SIGUSR2 || s == SIGTERM || s == SIGINT)
			continue;
		others += signals_shutdown_how(s, &how);
	}
	CHECK(others == 0);
	CHECK(signals_shutdown_how(0, &how) == 0);
}

static void from_signalfd(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGCHLD);
	REQUIRE(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	REQUIRE(fd >= 0);
	CHECK(signals_read(fd) == 0); /* nothing pending */
	REQUIRE(raise(SIGUSR1) == 0);
	CHECK(signals_read(fd) == SIGUSR1);
	CHECK(signals_read(fd) == 0);
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(0);
	int got = 0;
	for (int i = 0; i < 200 && got != SIGCHLD; i++) {
		got = signals_read(fd);
		usleep(10000);
	}
	CHECK(got == SIGCHLD);
	close(fd);
}

static void without_signalfd(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	REQUIRE(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	while (signals_read(-1) > 0)
		; /* whatever the last case left pending */
	REQUIRE(raise(SIGUSR2) == 0);
	CHECK(signals_read(-1) == SIGUSR2);
	CHECK(signals_read(-1) == 0);
}

int main(void)
{
	TU_RUN(mapping);
	TU_RUN(from_signalfd);
	TU_RUN(without_signalfd);
	return tu_finish();
}
