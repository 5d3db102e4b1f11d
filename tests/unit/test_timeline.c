/* timeline.c: lines as TIMELINE-FORMAT says, appended by several
 * processes without tearing, and the console summary built from them. */
#include "timeline.h"
#include "tu.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void lines_are_appended(void)
{
	const char *p = tu_path("run/b2p/timeline"); /* the directory is made */
	char text[256];
	CHECK(timeline_add_to(p, 0, 850, "kernel") == 0);
	CHECK(timeline_add_to(p, 850, 310, "rootcopy") == 0);
	CHECK(timeline_add_to(p, 6120, 0, "ready") == 0);
	FILE *f = fopen(p, "r");
	REQUIRE(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	CHECK(strcmp(text, "0 850 kernel\n850 310 rootcopy\n6120 0 ready\n") == 0);
}

static void bad_steps_are_refused(void)
{
	const char *p = tu_path("refused");
	CHECK(timeline_add_to(p, 1, 2, "two words") == -1);
	CHECK(timeline_add_to(p, 1, 2, "") == -1);
	CHECK(timeline_add_to(p, -1, 2, "x") == -1);
	CHECK(timeline_add_to(p, 1, 2, "a-step-name-much-too-long-for-a-line") == -1);
	CHECK(access(p, F_OK) != 0);
	/* a negative duration (clock step) is written as 0, not refused */
	CHECK(timeline_add_to(p, 5, -3, "x") == 0);
	char s[64];
	CHECK(timeline_summary_of(p, s, sizeof(s)) == 1 && strcmp(s, "x=0") == 0);
}

static void children_append_whole_lines(void)
{
	const char *p = tu_path("many");
	enum { KIDS = 4, EACH = 200 };
	pid_t kid[KIDS];
	for (int k = 0; k < KIDS; k++) {
		kid[k] = fork();
		REQUIRE(kid[k] >= 0);
		if (kid[k] == 0) {
			for (int i = 0; i < EACH; i++)
				if (timeline_add_to(p, 1000 + i, k, "svc:podman") < 0)
					_exit(1);
			_exit(0);
		}
	}
	for (int k = 0; k < KIDS; k++) {
		int st;
		CHECK(waitpid(kid[k], &st, 0) == kid[k] && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	FILE *f = fopen(p, "r");
	REQUIRE(f);
	char line[128];
	int good = 0, bad = 0;
	while (fgets(line, sizeof(line), f)) {
		long long a, b;
		char step[32], end;
		if (sscanf(line, "%lld %lld %31s%c", &a, &b, step, &end) == 4 && end == '\n' &&
		    strcmp(step, "svc:podman") == 0 && b >= 0 && b < KIDS)
			good++;
		else
			bad++;
	}
	fclose(f);
	CHECK(good == KIDS * EACH && bad == 0);
}

static void summary_in_file_order(void)
{
	char s[256];
	const char *t = "0 850 kernel\n850 310 rootcopy\n1160 900 packages\nnot a line\n"
			"2060 12 diskwait extra\n5000 1100 svc:podman\n6120 0 ready\n7000 3";
	CHECK(timeline_summary(t, s, sizeof(s)) == 5);
	CHECK(strcmp(s, "kernel=850 rootcopy=310 packages=900 svc:podman=1100 ready=6120") == 0);
	/* too small: cut at a whole pair */
	char small[24];
	CHECK(timeline_summary(t, small, sizeof(small)) == 2);
	CHECK(strcmp(small, "kernel=850 rootcopy=310") == 0);
	CHECK(timeline_summary("", s, sizeof(s)) == 0 && s[0] == 0);
}

static void clock_counts_from_boot(void)
{
	long long a = timeline_now_ms();
	usleep(20000);
	long long b = timeline_now_ms();
	CHECK(a > 0 && b - a >= 19 && b - a < 2000);
}

static void copied_whole(void)
{
	const char *src = tu_path("copy-src"), *dst = tu_path("copy-dst");
	char a[128], b[128];
	CHECK(timeline_add_to(src, 0, 850, "kernel") == 0);
	CHECK(tu_sh("echo old-boot >'%s'", dst) == 0);
	CHECK(timeline_copy(src, dst) == 0);
	FILE *f = fopen(dst, "r");
	REQUIRE(f);
	size_t n = fread(a, 1, sizeof(a) - 1, f);
	fclose(f);
	a[n] = 0;
	snprintf(b, sizeof(b), "0 850 kernel\n");
	CHECK(strcmp(a, b) == 0);
	CHECK(timeline_copy(tu_path("no-such"), dst) == -1);
}

int main(void)
{
	TU_RUN(copied_whole);
	TU_RUN(lines_are_appended);
	TU_RUN(bad_steps_are_refused);
	TU_RUN(children_append_whole_lines);
	TU_RUN(summary_in_file_order);
	TU_RUN(clock_counts_from_boot);
	return tu_finish();
}
