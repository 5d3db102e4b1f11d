/* jobs.c: a boot step in a child process hands its result back when it
 * ends well, leaves the caller's copy alone when not, and job_stop ends it
 * together with what it started. */
#include "jobs.h"
#include "proc.h"
#include "tu.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct result {
	int value;
	char text[32];
};

static struct job job;
static int ended = 0;           /* job_ended's last answer for our job */
static pid_t other_pid;         /* the last other child reaped */
static int other_status;

static void on_exit_of(pid_t pid, int status)
{
	int r = job_ended(&job, pid, status);
	if (r) {
		ended = r;
	} else {
		other_pid = pid;
		other_status = status;
	}
}

static int good(void *ctx, void *out)
{
	struct result *r = out;
	r->value = *(int *)ctx * 2;
	strcpy(r->text, "from the child");
	return 0;
}

static int bad(void *ctx, void *out)
{
	struct result *r = out;
	(void)ctx;
	r->value = -1;
	return 3;
}

/* Starts a grandchild that would outlive it, says its pid, then hangs. */
static int hangs(void *ctx, void *out)
{
	(void)out;
	pid_t p = fork();
	if (p == 0) {
		execl("/bin/sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	if (write(*(int *)ctx, &p, sizeof(p)) != (ssize_t)sizeof(p))
		_exit(1);
	for (;;)
		pause();
}

static void wait_end(void)
{
	ended = 0;
	for (int i = 0; i < 500 && job_running(&job); i++) {
		reap_children();
		usleep(10000);
	}
}

static void result_back(void)
{
	struct result r = { 0, "" };
	int in = 21;
	REQUIRE(job_start(&job, "good", good, &in, &r, sizeof(r)) == 0);
	CHECK(job_running(&job));
	CHECK(r.value == 0); /* the child's memory is its own */
	wait_end();
	CHECK(!job_running(&job));
	CHECK(ended == 1);
	CHECK(r.value == 42 && !strcmp(r.text, "from the child"));
}

static void failure_keeps_out(void)
{
	struct result r = { 7, "mine" };
	int in = 1;
	REQUIRE(job_start(&job, "bad", bad, &in, &r, sizeof(r)) == 0);
	wait_end();
	CHECK(ended == -1);
	CHECK(r.value == 7 && !strcmp(r.text, "mine"));
}

static void stop_ends_group(void)
{
	struct result r = { 5, "" };
	int p[2];
	pid_t gc = 0;
	/* Orphans come to us, as they come to PID 1 at boot. */
	REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	REQUIRE(pipe(p) == 0);
	REQUIRE(job_start(&job, "hangs", hangs, &p[1], &r, sizeof(r)) == 0);
	close(p[1]);
	REQUIRE(read(p[0], &gc, sizeof(gc)) == (ssize_t)sizeof(gc) && gc > 0);
	close(p[0]);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	job_stop(&job, 5);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(!job_running(&job));
	CHECK(ended == -1 && r.value == 5);
	/* SIGTERM did it: well before the grace ran out. */
	CHECK(t1.tv_sec - t0.tv_sec < 3);
	for (int i = 0; i < 300 && other_pid != gc; i++) {
		reap_children();
		usleep(10000);
	}
	CHECK(other_pid == gc);
	CHECK(WIFSIGNALED(other_status) && WTERMSIG(other_status) == SIGTERM);
}

int main(void)
{
	reap_set_handler(on_exit_of);
	TU_RUN(result_back);
	TU_RUN(failure_keeps_out);
	TU_RUN(stop_ends_group);
	return tu_finish();
}
