#include "shutdown.h"
#include "loopdev.h"
#include "mountinfo.h"
#include "msg.h"
#include "proc.h"
#include "services.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/swap.h>
#include <unistd.h>

#define PODMAN "/usr/bin/podman"
#define MAX_MOUNTS 512

static const char *how_name(enum shutdown_how how)
{
	return how == SHUTDOWN_REBOOT ? "reboot" : how == SHUTDOWN_HALT ? "halt" : "power off";
}

/* Reaps until no child is left or the time is up; returns how many remain
 * (services only, when `services_only`). */
static int reap_until(double seconds, int services_only)
{
	double end = mono_now() + seconds;
	for (;;) {
		if (reap_children() < 0)
			return 0;
		if (services_only && svc_running() == 0)
			return 0;
		if (mono_now() >= end)
			return services_only ? svc_running() : 1;
		sleep_ms(50);
	}
}

/* Whether this mount is kept to the very end (we still read /proc and
 * open /dev nodes; / cannot go). */
static int keep_mounted(const char *mp)
{
	return !strcmp(mp, "/") || !strcmp(mp, "/proc") || !strcmp(mp, "/sys") || !strcmp(mp, "/dev");
}

static void unmount_all(void)
{
	static char mi[262144];
	static char mps[MAX_MOUNTS][256];
	/* Stacked and nested mounts free each other up: a few passes. */
	for (int pass = 0; pass < 3; pass++) {
		if (read_small("/proc/self/mountinfo", mi, sizeof(mi)) < 0) {
			b2p_err("read /proc/self/mountinfo");
			return;
		}
		int n = mountinfo_points(mi, mps, MAX_MOUNTS);
		int left = 0;
		for (int i = n - 1; i >= 0; i--) {
			if (keep_mounted(mps[i]))
				continue;
			if (umount2(mps[i], 0) == 0)
				continue;
			if (errno == EINVAL || errno == ENOENT)
				continue; /* already gone with its parent */
			left++;
			if (pass == 2) {
				b2p_err("umount %s", mps[i]);
				if (mount(NULL, mps[i], NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
					b2p_err("remount %s read-only", mps[i]);
				else
					b2p_log("%s remounted read-only", mps[i]);
			}
		}
		if (!left)
			return;
		sync();
		sleep_ms(200);
	}
}

static void swapoff_all(void)
{
	char buf[4096];
	if (read_small("/proc/swaps", buf, sizeof(buf)) < 0)
		return;
	char *save = NULL;
	char *line = strtok_r(buf, "\n", &save); /* header */
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		char dev[256];
		if (sscanf(line, "%255s", dev) == 1 && swapoff(dev) < 0)
			b2p_err("swapoff %s", dev);
	}
}

void shutdown_system(enum shutdown_how how)
{
	b2p_log("%s: stopping services", how_name(how));
	if (svc_pid("podman") > 0)
		svc_stop("podman");
	if (is_executable(PODMAN)) {
		char *argv[] = { PODMAN, "stop", "--all", "--time", "10", NULL };
		b2p_log("stopping containers");
		run_wait(argv, "/var/log/shutdown.log", 30000);
	}
	reap_until(5, 1);
	svc_stop(NULL);
	if (reap_until(5, 1))
		b2p_log("some services did not stop in 5 s");

	b2p_log("sending SIGTERM to all processes");
	kill(-1, SIGTERM);
	kill(-1, SIGCONT);
	if (reap_until(5, 0)) {
		b2p_log("sending SIGKILL to the remaining processes");
		kill(-1, SIGKILL);
		reap_until(2, 0);
	}
	sync();
	swapoff_all();
	b2p_log("unmounting file systems");
	unmount_all();
	int loops = loop_detach_all();
	if (loops)
		b2p_dbg("detached %d loop devices", loops);
	sync();
	b2p_log("%s now", how_name(how));
	int cmd = how == SHUTDOWN_REBOOT ? RB_AUTOBOOT : how == SHUTDOWN_HALT ? RB_HALT_SYSTEM : RB_POWER_OFF;
	reboot(cmd);
	b2p_err("reboot(%s)", how_name(how));
	for (;;)
		pause();
}
