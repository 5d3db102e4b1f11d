#include "util.h"
#include "msg.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int xmount(const char *src, const char *target, const char *type,
	   unsigned long flags, const char *data)
{
	if (mount(src, target, type, flags, data) == 0)
		return 0;
	b2p_err("mount %s (%s)", target, type ? type : (flags & MS_MOVE) ? "move" : "bind");
	return -1;
}

int mkdir_p(const char *path, mode_t mode)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		b2p_err("mkdir %s", path);
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST) {
			b2p_err("mkdir %s", buf);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		b2p_log("mkdir %s: exists and is not a directory", path);
		return -1;
	}
	return 0;
}

int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		b2p_err("open %s", path);
		return -1;
	}
	size_t n = strlen(s);
	ssize_t w = write(fd, s, n);
	if (w < 0 || (size_t)w != n) {
		if (w >= 0)
			errno = EIO;
		b2p_err("write '%s' to %s", s, path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

ssize_t read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got + 1 < n) {
		ssize_t r = read(fd, buf + got, n - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	close(fd);
	return (ssize_t)got;
}

void rstrip(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

double uptime_s(void)
{
	char buf[64];
	if (read_small("/proc/uptime", buf, sizeof(buf)) < 0)
		return -1;
	return strtod(buf, NULL);
}

int path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

void child_reset_signals(void)
{
	sigset_t all;
	sigfillset(&all);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
}

void child_redirect(const char *logpath)
{
	int in = open("/dev/null", O_RDONLY);
	if (in >= 0 && in != 0) {
		dup2(in, 0);
		close(in);
	}
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

int run_wait(char *const argv[], const char *logpath, unsigned timeout_ms)
{
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for %s", argv[0]);
		return -1;
	}
	if (pid == 0) {
		child_reset_signals();
		child_redirect(logpath);
		execv(argv[0], argv);
		b2p_err("exec %s", argv[0]);
		_exit(127);
	}
	double end = mono_now() + timeout_ms / 1000.0;
	int killed = 0;
	for (;;) {
		int st;
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			if (killed)
				return -1;
			if (WIFEXITED(st))
				return WEXITSTATUS(st);
			return 128 + WTERMSIG(st);
		}
		if (r < 0 && errno != EINTR) {
			b2p_err("waitpid %s", argv[0]);
			return -1;
		}
		double now = mono_now();
		if (!killed && now > end) {
			b2p_log("%s: still running after %u s; stopping it", argv[0], timeout_ms / 1000);
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
