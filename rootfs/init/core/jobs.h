/* Boot jobs: a slow boot step run in a child process, so that PID 1's
 * poll loop keeps answering signals and the power button and keeps
 * reaping while it runs (package hooks, the disk, bootsync.sh and the ssh
 * host keys each take up to minutes on a slow machine).  The loop learns
 * of the job's end like any child's, through reap_children(). */
#ifndef B2P_JOBS_H
#define B2P_JOBS_H

#include <stddef.h>
#include <sys/types.h>

struct job {
	const char *name;
	pid_t pid;              /* > 0 while it runs */
	int fd;                 /* read end of its result pipe */
	void *out;              /* where its result lands (in PID 1) */
	size_t outlen;
};

/* Forks a child in its own process group, with default signal handling
 * (so a shutdown's SIGTERM ends it and what it runs).  The child runs
 * fn(ctx, out), sends the outlen bytes at `out` back and exits with fn's
 * return value.  0, or -1 (reported; nothing runs). */
int job_start(struct job *j, const char *name, int (*fn)(void *ctx, void *out), void *ctx, void *out,
	      size_t outlen);
/* For every reaped child: 0 when pid is not this job's.  Otherwise the job
 * is over: its result is read into `out`, and the return is 1 when it
 * exited 0 and the whole result arrived, -1 when not (said on the console;
 * `out` is then as the caller left it). */
int job_ended(struct job *j, pid_t pid, int status);
/* 1 while the job runs. */
int job_running(const struct job *j);
/* Ends a running job and everything it started: SIGTERM to its process
 * group, SIGKILL after grace_s; reaps through reap_children() (so its end
 * is handled as usual). */
void job_stop(struct job *j, double grace_s);

#endif
