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
 * the VM).  A supervised loop compares them every CLOCK_CHECK_S seconds
 * and steps the system clock to the RTC when they are CLOCK_STEP_S or more
 * apart, as chrony's makestep would, without a time server.  Skipped (0)
 * when RTC has no since_epoch file; -1 when the service could not be
 * added (reported). */
#define RTC_EPOCH "/sys/class/rtc/rtc0/since_epoch"
#define CLOCK_CHECK_S 2
#define CLOCK_STEP_S 2
int machine_clock_service(const char *rtc_epoch);
/* The service's shell loop, for rtc_epoch, in buf.  0, or -1 when it does
 * not fit. */
int machine_clock_script(char *buf, size_t n, const char *rtc_epoch);

#endif
