/* What machine drivers and the tools on their hosts expect to find in a
 * podman VM, beside the podman service itself. */
#ifndef B2P_MACHINE_H
#define B2P_MACHINE_H

#include <stddef.h>

#define DOCKER_SOCK "/run/docker.sock"

/* Points LINK (DOCKER_SOCK in the image) at the rootful podman socket
 * (podman-docker's convention), so tools that only know docker's path find
 * podman.  A link elsewhere is replaced; anything else is kept.  Returns 0,
 * or -1 (reported) when the link is not there. */
int machine_docker_sock(const char *link, const char *podman_sock);

/* The emulated RTC follows the host's clock, also while the VM is paused
 * or the host sleeps; the kernel's clock does not (under TCG it stops with
 * the VM).  A child of PID 1 compares them every CLOCK_CHECK_S seconds and
 * steps the system clock to the RTC when they are CLOCK_STEP_S or more
 * apart, as chrony's makestep would, without a time server.  The kernel
 * has no RTC interface for user space (no RTC_INTF_DEV/SYSFS), so the
 * child reads the MC146818 CMOS registers through its I/O ports; that
 * needs CONFIG_X86_IOPL_IOPERM, without which it says so and stops (then
 * scripts/b2p-machine steps the clock from the host). */
#define CLOCK_CHECK_S 2
#define CLOCK_STEP_S 2

/* The CMOS date registers as read: seconds, minutes, hours, day of month,
 * month, year, century (0x32; 0 when absent), and status register B. */
struct rtc_regs {
	unsigned char sec, min, hour, mday, mon, year, century, regb;
};
/* Seconds since the epoch (the RTC holds UTC, QEMU's -rtc base=utc), or
 * -1 when the registers do not hold a valid date. */
long long machine_rtc_epoch(const struct rtc_regs *r);
/* 1 when a clock at `now` must be stepped to an RTC at `rtc`. */
int machine_clock_should_step(long long now, long long rtc);
/* Starts the clock child.  Its pid, or -1 (reported). */
int machine_clock_start(void);

#endif
