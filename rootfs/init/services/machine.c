#include "machine.h"
#include "msg.h"
#include "services.h"

#include <stdio.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
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

int machine_clock_script(char *buf, size_t len, const char *rtc_epoch)
{
	/* A shell loop of busybox applets: one small process, restarted by
	 * the supervisor if it dies.  hwclock -s sets whole seconds, which
	 * keeps the error under one second. */
	int n = snprintf(buf, len,
			 "while :; do r=$(cat '%s') && s=$(date +%%s) && d=$((s - r)) && "
			 "if [ \"$d\" -ge %d ] || [ \"$d\" -le -%d ]; then "
			 "hwclock -s -u && echo \"$(date -u) stepped the clock by $((r - s)) s to the RTC\"; fi; "
			 "sleep %d; done",
			 rtc_epoch, CLOCK_STEP_S, CLOCK_STEP_S, CLOCK_CHECK_S);
	return n < 0 || (size_t)n >= len || strchr(rtc_epoch, '\'') ? -1 : 0;
}

int machine_clock_service(const char *rtc_epoch)
{
	if (access(rtc_epoch, R_OK) < 0) {
		b2p_log("no %s: the clock is not kept in step with the host's RTC", rtc_epoch);
		return 0;
	}
	char script[512];
	if (machine_clock_script(script, sizeof(script), rtc_epoch) < 0) {
		b2p_log("clock service: the RTC path %.64s cannot be used", rtc_epoch);
		return -1;
	}
	char *argv[] = { "/bin/sh", "-c", script, NULL };
	return svc_add("clock-step", argv);
}
