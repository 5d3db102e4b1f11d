/* machine.c: /run/docker.sock is made to point at podman's socket; a
 * stale link is replaced, a real file (another daemon's socket) is kept.
 * The CMOS RTC's registers read as the right time in every mode; the
 * clock is stepped only when it and the RTC are 2 s apart. */
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

static void rtc_registers_to_epoch(void)
{
	/* 2026-11-29 20:05:58 UTC in BCD, 24 h, century register */
	struct rtc_regs r = { 0x58, 0x05, 0x20, 0x29, 0x11, 0x26, 0x20, 0x02 };
	CHECK(machine_rtc_epoch(&r) == 1795982758LL);
	/* the same in binary mode */
	struct rtc_regs bin = { 58, 5, 20, 29, 11, 26, 20, 0x06 };
	CHECK(machine_rtc_epoch(&bin) == 1795982758LL);
	/* 12 h mode: 8 PM is 0x88 (bit 7 = PM); 12 AM is midnight */
	struct rtc_regs pm = { 0x58, 0x05, 0x88, 0x29, 0x11, 0x26, 0x20, 0x00 };
	CHECK(machine_rtc_epoch(&pm) == 1795982758LL);
	struct rtc_regs midnight = { 0x00, 0x00, 0x12, 0x01, 0x01, 0x70, 0x19, 0x00 };
	CHECK(machine_rtc_epoch(&midnight) == 0);
	/* no century register: 26 is 2026, 99 is 1999 */
	struct rtc_regs nocent = { 0x58, 0x05, 0x20, 0x29, 0x11, 0x26, 0x00, 0x02 };
	CHECK(machine_rtc_epoch(&nocent) == 1795982758LL);
	struct rtc_regs y99 = { 0x59, 0x59, 0x23, 0x31, 0x12, 0x99, 0x00, 0x02 };
	CHECK(machine_rtc_epoch(&y99) == 946684799LL);
	/* leap day 2024-02-29 00:00:00 */
	struct rtc_regs leap = { 0, 0, 0, 0x29, 0x02, 0x24, 0x20, 0x02 };
	CHECK(machine_rtc_epoch(&leap) == 1709164800LL);
	/* garbage */
	struct rtc_regs bad = { 0x61, 0, 0, 1, 1, 0x26, 0x20, 0x02 };
	CHECK(machine_rtc_epoch(&bad) == -1);
	struct rtc_regs badmon = { 0, 0, 0, 1, 0x13, 0x26, 0x20, 0x02 };
	CHECK(machine_rtc_epoch(&badmon) == -1);
	struct rtc_regs badh = { 0, 0, 0x13, 1, 1, 0x26, 0x20, 0x00 };
	CHECK(machine_rtc_epoch(&badh) == -1);
}

static void clock_steps_only_when_apart(void)
{
	CHECK(!machine_clock_should_step(1000, 1000));
	CHECK(!machine_clock_should_step(1001, 1000));  /* the RTC's second may lag */
	CHECK(!machine_clock_should_step(999, 1000));
	CHECK(machine_clock_should_step(970, 1000));    /* paused 30 s */
	CHECK(machine_clock_should_step(1030, 1000));
	CHECK(machine_clock_should_step(998, 1000));
}

int main(void)
{
	TU_RUN(rtc_registers_to_epoch);
	TU_RUN(clock_steps_only_when_apart);
	TU_RUN(makes_the_link);
	TU_RUN(replaces_a_stale_link);
	TU_RUN(keeps_a_real_file);
	TU_RUN(reports_a_missing_dir);
	return tu_finish();
}
