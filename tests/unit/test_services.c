/* services.c: supervision of real child processes (sh -c ...) with a
 * virtual clock: restart after exit, exponential back-off with a cap, the
 * reset after a stable run, stop, and where each daemon's output goes. */
#include "proc.h"
#include "services.h"
#include "tu.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Waits for the service's current process and hands its end over at the
 * virtual time `now`; returns the raw status, -1 when nothing ran. */
static int end_at(const char *name, double now)
{
	pid_t pid = svc_pid(name);
	int st;
	if (pid <= 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return svc_child_exited(pid, st, now) == 1 ? st : -1;
}

static void restart_and_backoff(void)
{
	char *argv[] = { "/bin/sh", "-c", "echo run; exit 3", NULL };
	REQUIRE(svc_add("flaky", argv) == 0);
	CHECK(svc_pid("flaky") == 0 && svc_starts("flaky") == 0);
	CHECK(svc_next_due(100) == 0); /* due at once */
	svc_tick(100);
	REQUIRE(svc_pid("flaky") > 0);
	CHECK(svc_starts("flaky") == 1 && svc_running() == 1);
	int st = end_at("flaky", 100.1);
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 3);
	CHECK(svc_pid("flaky") == 0 && svc_running() == 0);
	/* First back-off 0.5 s, then doubling up to 60 s. */
	double want[] = { 0.5, 1, 2, 4, 8, 16, 32, 60, 60 };
	double t = 100.1;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		double due = svc_next_due(t);
		CHECK(due > want[i] - 0.001 && due < want[i] + 0.001);
		svc_tick(t + want[i] - 0.01);
		CHECK(svc_pid("flaky") == 0); /* not before it is due */
		t += want[i];
		svc_tick(t);
		REQUIRE(svc_pid("flaky") > 0);
		CHECK(svc_starts("flaky") == i + 2);
		CHECK(svc_next_due(t) < 0); /* running: nothing pending */
		t += 0.1;
		REQUIRE(end_at("flaky", t) >= 0);
	}
	/* A run of 30 s or more was a working one: back to 0.5 s. */
	svc_tick(t + 60);
	REQUIRE(svc_pid("flaky") > 0);
	t += 60 + 31;
	REQUIRE(end_at("flaky", t) >= 0);
	double due = svc_next_due(t);
	CHECK(due > 0.499 && due < 0.501);
	/* Its output went to its own log, once per run. */
	char text[4096];
	FILE *f = fopen(tu_path("flaky.log"), "r");
	REQUIRE(f != NULL);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	CHECK(strncmp(text, "run\nrun\n", 8) == 0);
	svc_stop("flaky");
	CHECK(svc_next_due(t) < 0); /* stopped: never due again */
}

static void stop_and_foreign(void)
{
	char *argv[] = { "/bin/sh", "-c", "exec sleep 30", NULL };
	REQUIRE(svc_add("sleeper", argv) == 0);
	CHECK(svc_add("sleeper", argv) < 0); /* duplicate */
	svc_tick(200);
	pid_t pid = svc_pid("sleeper");
	REQUIRE(pid > 0);
	CHECK(svc_child_exited(pid + 100000, 0, 200) == 0); /* not a service's */
	svc_stop("sleeper");
	int st;
	REQUIRE(waitpid(pid, &st, 0) == pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	CHECK(svc_child_exited(pid, st, 201) == 1);
	CHECK(svc_pid("sleeper") == 0 && svc_running() == 0);
	svc_tick(1000);
	CHECK(svc_pid("sleeper") == 0); /* not restarted */
}

static void exec_failure(void)
{
	char *argv[] = { "/nonexistent/daemon", NULL };
	REQUIRE(svc_add("missing", argv) == 0);
	svc_tick(300);
	int st = end_at("missing", 300.1);
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127);
	CHECK(svc_next_due(300.1) > 0.4); /* restarted later, with back-off */
	svc_stop("missing");
}

static void table_full(void)
{
	char *argv[] = { "/bin/true", NULL };
	int added = 0;
	for (int i = 0; i < SVC_MAX + 2; i++) {
		char name[16];
		snprintf(name, sizeof(name), "s%d", i);
		added += svc_add(name, argv) == 0;
	}
	/* three were added by the cases before */
	CHECK(added == SVC_MAX - 3);
}

int main(void)
{
	if (svc_set_log_dir(tu_path(".")) != 0)
		return 1;
	TU_RUN(restart_and_backoff);
	TU_RUN(stop_and_foreign);
	TU_RUN(exec_failure);
	TU_RUN(table_full);
	return tu_finish();
}
