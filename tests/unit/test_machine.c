/* machine.c: /run/docker.sock is made to point at podman's socket; a
 * stale link is replaced, a real file (another daemon's socket) is kept.
 * The clock loop steps only when the RTC and the clock are 2 s apart. */
#include "machine.h"
#include "tu.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int link_is(const char *link, const char *want)
{
	char got[PATH_MAX];
	ssize_t n = readlink(link, got, sizeof(got) - 1);
	if (n < 0)
		return 0;
	got[n] = '\0';
	return strcmp(got, want) == 0;
}

static void makes_the_link(void)
{
	const char *l = tu_path("docker.sock");
	unlink(l);
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == 0);
	CHECK(link_is(l, "/run/podman/podman.sock"));
	/* again: nothing to do, still right */
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == 0);
	CHECK(link_is(l, "/run/podman/podman.sock"));
}

static void replaces_a_stale_link(void)
{
	const char *l = tu_path("stale.sock");
	unlink(l);
	REQUIRE(symlink("/elsewhere/docker.sock", l) == 0);
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == 0);
	CHECK(link_is(l, "/run/podman/podman.sock"));
}

static void keeps_a_real_file(void)
{
	const char *l = tu_path("real.sock");
	REQUIRE(tu_sh("echo daemon >'%s'", l) == 0);
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == -1);
	struct stat st;
	CHECK(lstat(l, &st) == 0 && S_ISREG(st.st_mode));
}

static void reports_a_missing_dir(void)
{
	const char *l = tu_path("no/such/dir/docker.sock");
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == -1);
}

/* Runs the clock loop for 1 s (its first check only: the fake RTC does not
 * tick) with the RTC at now + skew and a fake hwclock that only records its
 * arguments; 1 when it stepped. */
static int clock_loop_steps(long skew)
{
	const char *rtc = tu_path("since_epoch"), *bin = tu_path("bin"), *mark = tu_path("stepped");
	char script[512];
	unlink(mark);
	if (tu_sh("mkdir -p '%s' && printf '#!/bin/sh\\necho \"$*\" >>%s\\n' >'%s/hwclock' && chmod +x '%s/hwclock'",
		  bin, mark, bin, bin) != 0)
		return -1;
	if (tu_sh("echo $(( $(date +%%s) + (%ld) )) >'%s'", skew, rtc) != 0)
		return -1;
	if (machine_clock_script(script, sizeof(script), rtc) < 0)
		return -1;
	const char *file = tu_path("clock.sh");
	FILE *f = fopen(file, "w");
	if (!f)
		return -1;
	fputs(script, f);
	fclose(f);
	tu_sh("PATH='%s':\"$PATH\" timeout 1 sh '%s' >/dev/null 2>&1 || :", bin, file);
	return tu_sh("grep -qx -- '-s -u' '%s'", mark) == 0;
}

static void clock_steps_only_when_apart(void)
{
	CHECK(clock_loop_steps(0) == 0);
	CHECK(clock_loop_steps(1) == 0);        /* the RTC's second may be ahead */
	CHECK(clock_loop_steps(30) == 1);       /* the VM was paused 30 s */
	CHECK(clock_loop_steps(-30) == 1);
	char buf[16];
	CHECK(machine_clock_script(buf, sizeof(buf), "/sys/class/rtc/rtc0/since_epoch") == -1);
	char big[512];
	CHECK(machine_clock_script(big, sizeof(big), "/tmp/it's") == -1);
}

static void clock_service_needs_an_rtc(void)
{
	CHECK(machine_clock_service(tu_path("no-rtc")) == 0);
}

int main(void)
{
	TU_RUN(clock_steps_only_when_apart);
	TU_RUN(clock_service_needs_an_rtc);
	TU_RUN(makes_the_link);
	TU_RUN(replaces_a_stale_link);
	TU_RUN(keeps_a_real_file);
	TU_RUN(reports_a_missing_dir);
	return tu_finish();
}
