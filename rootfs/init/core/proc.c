#include "proc.h"
#include "msg.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <unistd.h>

void child_reset_signals(void)
{
	sigset_t none;
	sigemptyset(&none);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void child_redirect(const char *logpath)
{
	int in = open("/dev/null", O_RDONLY);
	if (in < 0 || (in != 0 && dup2(in, 0) < 0))
		b2p_err("stdin from /dev/null");
	if (in > 0)
		close(in);
	if (!logpath)
		return;
	int out = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0640);
	if (out < 0) {
		b2p_err("open %s", logpath);
		return;
	}
	dup2(out, 1);
	dup2(out, 2);
	if (out > 2)
		close(out);
}

void child_exec(char *const argv[])
{
	execvp(argv[0], argv);
	if (errno != ENOENT || strchr(argv[0], '/'))
		return;
	char path[256];
	if (path_find(argv[0], path, sizeof(path)))
		execv(path, argv);
	errno = ENOENT;
}

pid_t spawn(char *const argv[], const char *logpath, int flags)
{
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for %s", argv[0]);
		return -1;
	}
	if (pid > 0)
		return pid;
	child_reset_signals();
	child_redirect(logpath);
	if ((flags & SPAWN_SETSID) && setsid() < 0)
		b2p_err("setsid for %s", argv[0]);
	child_exec(argv);
	b2p_err("exec %s", argv[0]);
	_exit(127);
}

int wait_child(pid_t pid, const char *name, unsigned timeout_ms)
{
	double end = mono_now() + timeout_ms / 1000.0;
	int killed = 0;
	for (;;) {
		int st;
		if (!timeout_ms)
			return wait_pid(pid, name, &st) < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			if (killed)
				return -1;
			if (WIFEXITED(st))
				return WEXITSTATUS(st);
			return 128 + WTERMSIG(st);
		}
		if (r < 0 && errno != EINTR) {
			b2p_err("wait for %s", name);
			return -1;
		}
		double now = mono_now();
		if (!killed && now > end) {
			b2p_log("%s: still running after %u s; stopping it", name, timeout_ms / 1000);
			kill(pid, SIGTERM);
			killed = 1;
			end = now + 2;
		} else if (killed == 1 && now > end) {
			kill(pid, SIGKILL);
			killed = 2;
		}
		sleep_ms(20);
	}
}

int wait_pid(pid_t pid, const char *name, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR) {
			b2p_err("wait for %s", name);
			return -1;
		}
	}
	return 0;
}

int run_wait(char *const argv[], const char *logpath, unsigned timeout_ms)
{
	pid_t pid = spawn(argv, logpath, 0);
	return pid < 0 ? -1 : wait_child(pid, argv[0], timeout_ms);
}

static void (*reap_handler)(pid_t, int);

void reap_set_handler(void (*fn)(pid_t pid, int status))
{
	reap_handler = fn;
}

int reap_children(void)
{
	int n = 0;
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0 && errno != ECHILD)
			b2p_err("waitpid");
		if (p < 0)
			return n ? n : -1;
		if (p == 0)
			return n;
		n++;
		if (reap_handler)
			reap_handler(p, st);
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

pid_t bg_start(const char *what, void (*fn)(void *), void *arg, int nice)
{
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for %s", what);
		return -1;
	}
	if (pid > 0)
		return pid;
	child_reset_signals();
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	if (setpgid(0, 0) < 0)
		b2p_err("%s: setpgid", what);
	if (nice && setpriority(PRIO_PROCESS, 0, nice) < 0)
		b2p_err("%s: setpriority %d", what, nice);
	fn(arg);
	_exit(0);
}
