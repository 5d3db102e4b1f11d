#include "jobs.h"
#include "msg.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void __attribute__((noreturn)) run_child(struct job *j, int wfd, int (*fn)(void *, void *), void *ctx)
{
	close(j->fd);
	/* Its own group, so job_stop reaches what it runs too. */
	if (setpgid(0, 0) < 0)
		b2p_err("%s: setpgid", j->name);
	child_reset_signals();
	int rc = fn(ctx, j->out);
	const char *p = j->out;
	size_t left = j->outlen;
	while (left > 0) {
		ssize_t n = write(wfd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			b2p_err("%s: hand its result back", j->name);
			_exit(125);
		}
		p += n;
		left -= (size_t)n;
	}
	_exit(rc & 0xff);
}

int job_start(struct job *j, const char *name, int (*fn)(void *ctx, void *out), void *ctx, void *out,
	      size_t outlen)
{
	int p[2];
	memset(j, 0, sizeof(*j));
	j->name = name;
	j->out = out;
	j->outlen = outlen;
	j->fd = -1;
	/* The result waits in the pipe until the child has been reaped: it
	 * must fit the pipe's buffer (64 KiB on Linux, 4 KiB at the least). */
	if (outlen > 4096) {
		b2p_log("%s: result of %zu bytes is too large for a job", name, outlen);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		b2p_err("%s: pipe", name);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for %s", name);
		close(p[0]);
		close(p[1]);
		return -1;
	}
	j->fd = p[0];
	if (pid == 0)
		run_child(j, p[1], fn, ctx);
	close(p[1]);
	j->pid = pid;
	return 0;
}

int job_running(const struct job *j)
{
	return j->pid > 0;
}

/* Into `out` only when whole: a half-sent result must not tear it. */
static int read_result(struct job *j)
{
	char buf[4096];
	size_t got = 0;
	while (got < j->outlen) {
		ssize_t n = read(j->fd, buf + got, j->outlen - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		got += (size_t)n;
	}
	if (j->outlen)
		memcpy(j->out, buf, j->outlen);
	return 1;
}

int job_ended(struct job *j, pid_t pid, int status)
{
	if (j->pid <= 0 || pid != j->pid)
		return 0;
	j->pid = 0;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!ok) {
		char why[64];
		describe_status(status, why, sizeof(why));
		b2p_log("%s ended badly (%s)", j->name, why);
	} else if (!read_result(j)) {
		b2p_log("%s ended without handing its result back", j->name);
		ok = 0;
	}
	close(j->fd);
	j->fd = -1;
	return ok ? 1 : -1;
}

void job_stop(struct job *j, double grace_s)
{
	if (!job_running(j))
		return;
	pid_t pgid = j->pid;
	if (kill(-pgid, SIGTERM) < 0 && errno != ESRCH)
		b2p_err("stop %s", j->name);
	double end = mono_now() + grace_s;
	int killed = 0;
	while (job_running(j)) {
		if (reap_children() < 0)
			break;
		double now = mono_now();
		if (!killed && now >= end) {
			b2p_log("%s did not stop in %.0f s; killing it", j->name, grace_s);
			kill(-pgid, SIGKILL);
			killed = 1;
			end = now + 2;
		} else if (killed && now >= end) {
			b2p_log("%s: its end was not seen", j->name);
			break;
		}
		sleep_ms(20);
	}
}
