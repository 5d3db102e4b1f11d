#include "storage_fsck.h"
#include "msg.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "storage_util.h"

#define CONSOLE_LINES 20
#define STILL_RUNNING_EVERY_S 30
#define KILL_GRACE_S 10

enum fsck_outcome fsck_outcome_of(int status)
{
	if (status < 0)
		return FSCK_NOT_FIXED;
	if (status & ~3)
		return FSCK_NOT_FIXED;
	return status ? FSCK_REPAIRED : FSCK_CLEAN;
}

const char *fsck_status_text(int status)
{
	static const struct { int bit; const char *text; } bits[] = {
		{ 128, "e2fsck's shared-library error" },
		{ 32, "cancelled" },
		{ 16, "usage or syntax error" },
		{ 8, "operational error" },
		{ 4, "errors left uncorrected" },
		{ 2, "errors fixed, reboot advised" },
		{ 1, "errors fixed" },
	};
	if (status < 0)
		return "did not finish";
	if (status == 0)
		return "clean";
	/* the most serious bit names it */
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (status & bits[i].bit)
			return bits[i].text;
	return "unknown exit status";
}

/* ---- the child ---- */

static void __attribute__((noreturn)) child(const char *tool, const char *dev, int out, int report)
{
	char *argv[] = { (char *)tool, "-p", (char *)dev, NULL };

	/* e2fsck must be stoppable: default dispositions, no blocked mask. */
	child_reset_signals();
	child_redirect(NULL);
	if (dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(126);
	child_exec(argv);
	int e = errno;
	if (write(report, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* ---- the parent: its output, line by line ---- */

struct out {
	int log;                /* logpath, or -1 */
	int journal;            /* a line said it replayed the journal */
	int shown;              /* lines put on the console */
	char line[400];
	size_t len;
};

static void put_log(struct out *o, const char *s, size_t n)
{
	ssize_t w;
	if (o->log >= 0 && (w = write(o->log, s, n)) != (ssize_t)n) {
		b2p_log("write to the e2fsck log: %s", w < 0 ? strerror(errno) : "short write");
		close(o->log);
		o->log = -1;
	}
}

static void flush_line(struct out *o)
{
	while (o->len && (o->line[o->len - 1] == ' ' || o->line[o->len - 1] == '\t'))
		o->len--;
	if (!o->len)
		return;
	o->line[o->len] = 0;
	if (strstr(o->line, "recovering journal"))
		o->journal = 1;
	if (o->shown < CONSOLE_LINES)
		b2p_log("e2fsck: %s", o->line);
	else if (o->shown == CONSOLE_LINES)
		b2p_log("e2fsck: (more lines only in the log)");
	o->shown++;
	put_log(o, o->line, o->len);
	put_log(o, "\n", 1);
	o->len = 0;
}

static void take(struct out *o, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			flush_line(o);
			continue;
		}
		if (o->len == sizeof(o->line) - 1)
			flush_line(o);
		o->line[o->len++] = buf[i];
	}
}

static void log_header(struct out *o, const char *tool, const char *dev)
{
	char when[32] = "(no clock)", head[300];
	time_t t = time(NULL);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	int n = snprintf(head, sizeof(head), "%s %s -p %s\n", when, tool, dev);
	if (n > 0)
		put_log(o, head, (size_t)n < sizeof(head) ? (size_t)n : sizeof(head) - 1);
}

/* Reads the child's output until it closes it; stops the child after
 * timeout_s.  Returns 1 when it had to be stopped. */
static int drain(int fd, pid_t pid, const char *dev, unsigned timeout_s, struct out *o)
{
	double start = mono_now(), next_note = start + STILL_RUNNING_EVERY_S, kill_at = start + timeout_s;
	int stopped = 0;
	char buf[1024];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int rc = poll(&p, 1, 1000);
		if (rc < 0 && errno != EINTR) {
			b2p_err("poll on e2fsck's output");
			break;
		}
		if (rc > 0) {
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n == 0)
				break;
			if (n < 0 && errno != EINTR && errno != EAGAIN) {
				b2p_err("read e2fsck's output");
				break;
			}
			if (n > 0)
				take(o, buf, (size_t)n);
		}
		double now = mono_now();
		if (now >= next_note && !stopped) {
			b2p_log("e2fsck on %s still running after %.0f s", dev, now - start);
			next_note = now + STILL_RUNNING_EVERY_S;
		}
		if (now >= kill_at && stopped < 2) {
			b2p_log("e2fsck on %s: still running after %.0f s; stopping it", dev, now - start);
			kill(pid, stopped ? SIGKILL : SIGTERM);
			stopped++;
			kill_at = now + KILL_GRACE_S;
		}
	}
	flush_line(o);
	return stopped > 0;
}

static void conclude(struct fsck_result *r, const char *dev, int wstatus, int stopped)
{
	r->timed_out = stopped;
	if (WIFEXITED(wstatus) && !stopped) {
		r->status = WEXITSTATUS(wstatus);
		r->outcome = fsck_outcome_of(r->status);
		/* e2fsck exits 0 after a journal replay that left the fs clean;
		 * that replay is the repair of an unclean shutdown */
		if (r->journal_replayed && r->outcome == FSCK_CLEAN)
			r->outcome = FSCK_REPAIRED;
		snprintf(r->summary, sizeof(r->summary), "e2fsck -p %s: exit %d, %s%s", dev, r->status,
			 fsck_status_text(r->status),
			 r->journal_replayed ? ", after replaying the journal (unclean shutdown)" : "");
		return;
	}
	r->outcome = FSCK_NOT_FIXED;
	if (WIFSIGNALED(wstatus))
		r->sig = WTERMSIG(wstatus);
	snprintf(r->summary, sizeof(r->summary), "e2fsck -p %s: %s (%s)", dev,
		 stopped ? "stopped at the time limit" : "killed",
		 r->sig ? strsignal(r->sig) : "exited after being told to stop");
}

static int pipe_cloexec(int p[2])
{
	if (pipe2(p, O_CLOEXEC) < 0) {
		b2p_err("pipe for e2fsck");
		return -1;
	}
	return 0;
}

/* 0 when exec succeeded (the report pipe closed empty), else its errno. */
static int exec_error(int fd)
{
	int e = 0;
	ssize_t n;
	while ((n = read(fd, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	return n == (ssize_t)sizeof(e) ? e : 0;
}

enum fsck_outcome fsck_run(const char *tool, const char *dev, const char *logpath, unsigned timeout_s,
			   struct fsck_result *r)
{
	int out[2], report[2], wstatus = 0;
	struct out o = { .log = -1 };

	memset(r, 0, sizeof(*r));
	r->status = -1;
	r->outcome = FSCK_NOT_RUN;
	snprintf(r->summary, sizeof(r->summary), "e2fsck -p %s: could not be started", dev);
	if (pipe_cloexec(out) < 0)
		return r->outcome;
	if (pipe_cloexec(report) < 0) {
		close(out[0]);
		close(out[1]);
		return r->outcome;
	}
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for e2fsck");
		close(out[0]);
		close(out[1]);
		close(report[0]);
		close(report[1]);
		return r->outcome;
	}
	if (pid == 0)
		child(tool, dev, out[1], report[1]);
	close(out[1]);
	close(report[1]);
	if (logpath && (o.log = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640)) < 0)
		b2p_err("open %s (e2fsck's output goes only to the console)", logpath);
	log_header(&o, tool, dev);
	double t0 = mono_now();
	int stopped = drain(out[0], pid, dev, timeout_s, &o);
	close(out[0]);
	r->journal_replayed = o.journal;
	r->exec_errno = exec_error(report[0]);
	close(report[0]);
	int reaped = wait_pid(pid, "e2fsck", &wstatus);
	r->seconds = mono_now() - t0;
	if (reaped < 0) {
		r->outcome = FSCK_NOT_FIXED;
		snprintf(r->summary, sizeof(r->summary), "e2fsck -p %s: its end could not be seen", dev);
	} else if (r->exec_errno) {
		snprintf(r->summary, sizeof(r->summary), "e2fsck -p %s: could not be started: %s", dev,
			 strerror(r->exec_errno));
	} else {
		conclude(r, dev, wstatus, stopped);
	}
	put_log(&o, r->summary, strlen(r->summary));
	put_log(&o, "\n", 1);
	if (o.log >= 0 && close(o.log) < 0)
		b2p_err("close %s", logpath);
	return r->outcome;
}
