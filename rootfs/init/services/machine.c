#include "machine.h"
#include "msg.h"
#include "proc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int machine_docker_sock(const char *link, const char *podman_sock)
{
	struct stat st;
	/* /run is a fresh tmpfs each boot; anything already there was put by
	 * someone on purpose (a real docker daemon's socket): keep it. */
	if (lstat(link, &st) == 0) {
		if (!S_ISLNK(st.st_mode)) {
			b2p_log("%s exists and is not a link: left alone", link);
			return -1;
		}
		char old[256];
		ssize_t n = readlink(link, old, sizeof(old) - 1);
		if (n >= 0) {
			old[n] = '\0';
			if (!strcmp(old, podman_sock))
				return 0;
		}
		if (unlink(link) < 0) {
			b2p_err("unlink %s", link);
			return -1;
		}
	} else if (errno != ENOENT) {
		b2p_err("lstat %s", link);
		return -1;
	}
	if (symlink(podman_sock, link) < 0) {
		b2p_err("symlink %s -> %s", link, podman_sock);
		return -1;
	}
	return 0;
}

static int bcd(unsigned char v)
{
	return (v >> 4) * 10 + (v & 0x0F);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - (int)(era * 400);
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long long machine_rtc_epoch(const struct rtc_regs *r)
{
	int binary = r->regb & 0x04, h24 = r->regb & 0x02;
	int sec = binary ? r->sec : bcd(r->sec);
	int min = binary ? r->min : bcd(r->min);
	int pm = !h24 && (r->hour & 0x80);
	int hour = binary ? r->hour & 0x7F : bcd(r->hour & 0x7F);
	int mday = binary ? r->mday : bcd(r->mday);
	int mon = binary ? r->mon : bcd(r->mon);
	int year = binary ? r->year : bcd(r->year);
	int cent = r->century ? (binary ? r->century : bcd(r->century)) : 0;

	if (!h24) {
		if (hour < 1 || hour > 12)
			return -1;
		hour = hour % 12 + (pm ? 12 : 0);
	}
	/* Without a century register, 70-99 are 19xx (as the kernel reads it). */
	year += cent ? cent * 100 : (year < 70 ? 2000 : 1900);
	if (sec > 59 || min > 59 || hour > 23 || mday < 1 || mday > 31 || mon < 1 || mon > 12 || year < 1970)
		return -1;
	return ((days_from_civil(year, mon, mday) * 24 + hour) * 60 + min) * 60 + sec;
}

int machine_clock_should_step(long long now, long long rtc)
{
	long long d = now - rtc;
	return d >= CLOCK_STEP_S || d <= -CLOCK_STEP_S;
}

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

static unsigned char cmos(unsigned char reg)
{
	/* Bit 7 of the index keeps NMIs enabled as they are (0: enabled). */
	outb(reg, CMOS_INDEX);
	return inb(CMOS_DATA);
}

/* One consistent reading: not during an update (UIP, register A bit 7),
 * and the same twice. */
static long long rtc_now(void)
{
	struct rtc_regs a, b;
	for (int tries = 0; tries < 100; tries++) {
		while (cmos(0x0A) & 0x80)
			;
		a = (struct rtc_regs){ cmos(0), cmos(2), cmos(4), cmos(7), cmos(8), cmos(9), cmos(0x32), cmos(0x0B) };
		b = (struct rtc_regs){ cmos(0), cmos(2), cmos(4), cmos(7), cmos(8), cmos(9), cmos(0x32), cmos(0x0B) };
		if (!memcmp(&a, &b, sizeof(a)))
			return machine_rtc_epoch(&a);
	}
	return -1;
}

/* Steps to the RTC on the edge of its next second, so the clock is set to
 * within a few milliseconds rather than within one second. */
static void step_to_rtc(long long was)
{
	long long r0 = rtc_now(), r = r0;
	struct timespec nap = { 0, 5 * 1000 * 1000 };
	for (int i = 0; i < 250 && r == r0; i++) {
		nanosleep(&nap, NULL);
		r = rtc_now();
	}
	struct timespec ts = { .tv_sec = (time_t)r, .tv_nsec = 0 };
	if (r < 0 || clock_settime(CLOCK_REALTIME, &ts) < 0)
		b2p_err("clock: step to the RTC");
	else
		b2p_log("clock: stepped by %lld s to the RTC (the VM was paused or the host slept)", r - was);
}

static void __attribute__((noreturn)) clock_loop(void)
{
	for (;;) {
		struct timespec now;
		long long r = rtc_now();
		clock_gettime(CLOCK_REALTIME, &now);
		if (r >= 0 && machine_clock_should_step((long long)now.tv_sec, r))
			step_to_rtc((long long)now.tv_sec);
		sleep(CLOCK_CHECK_S);
	}
}

int machine_clock_start(void)
{
	if (ioperm(CMOS_INDEX, 2, 1) < 0) {
		if (errno == ENOSYS)    /* CONFIG_X86_IOPL_IOPERM is off */
			b2p_log("clock: no I/O port access in this kernel; a machine driver keeps the clock in step");
		else
			b2p_err("clock: no access to the CMOS RTC ports; the clock is not kept in step with the host");
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("clock: fork");
		return -1;
	}
	if (pid == 0) {
		child_reset_signals();
		clock_loop();
	}
	/* Only the child needs the ports. */
	if (ioperm(CMOS_INDEX, 2, 0) < 0)
		b2p_err("clock: give up the CMOS ports");
	return (int)pid;
}
