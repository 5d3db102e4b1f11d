/* b2pinit: PID 1 of the boot2podman ISO (docs/boot-sequence.md).
 *
 * The folders of rootfs/init are the parts of the boot:
 *   core/      PID 1 itself: console and messages, command line, API file
 *              systems, root switch, signals, child processes and boot
 *              jobs, the poll loop, shutdown
 *   packages/  the .tcz packages: load order, checksums, loop mounts,
 *              links into /, install hooks
 *   storage/   the persistent data disk (probe, choice, format, check,
 *              mount, userdata) and the host's shared folders
 *   services/  the supervised daemons, the ready line, /var/log
 *
 * How the boot runs: PID 1 does the quick steps itself (mounts, signals,
 * command line) and hands every slow one to a boot job (jobs.h), a child
 * process whose end the poll loop sees like any child's: first the boot
 * job (packages, data disk, shares, bootsync.sh), then, once the daemons
 * are registered, the ssh host keys.  The loop runs from the start, so
 * signals, the power button and reaping are served during the whole boot;
 * a shutdown stops an unfinished boot job before anything else. */
#include "cmdline.h"
#include "console.h"
#include "daemons.h"
#include "disk.h"
#include "hostname.h"
#include "jobs.h"
#include "mounts.h"
#include "msg.h"
#include "netif.h"
#include "pkgload.h"
#include "pkgmedia.h"
#include "pkgmove.h"
#include "powerbtn.h"
#include "proc.h"
#include "ready.h"
#include "rootswitch.h"
#include "services.h"
#include "shares.h"
#include "shutdown.h"
#include "signals.h"
#include "storage.h"
#include "timeline.h"
#include "util.h"
#include "varlog.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Everything wanted at ready time should be up well before this. */
#define READY_WARN_S 180.0
#define LOG_ROTATE_EVERY_S 30
#define CONSOLES_LATEST_S 60.0
/* A stopped boot job's e2fsck or mkfs gets this long to end by itself. */
#define BOOT_STOP_GRACE_S 10.0
#define BOOTSCRIPTS_LOG "/var/log/bootscripts.log"

static struct b2p_cmdline opts;
static struct ready_want want;
static struct storage_result storage;   /* the boot job's result */
static struct job boot_job;
static enum { BOOTING, BOOTED, SERVING } phase;
static double init_started;     /* mono_now() when this init (after the root switch) began */

static void read_cmdline(void)
{
	char line[4096];
	cmdline_defaults(&opts);
	if (read_small("/proc/cmdline", line, sizeof(line)) < 0) {
		b2p_err("read /proc/cmdline");
		return;
	}
	cmdline_parse(line, &opts);
	b2p_debug = opts.debug;
}

static void setup_storage(struct storage_result *r)
{
	struct storage_opts so = {
		.nodisk = opts.nodisk,
		.disk = opts.disk[0] ? opts.disk : NULL,
		.waitdisk_s = opts.waitdisk_s,
		.settle_ms = opts.disksettle_ms,
		.settle_from = init_started,
		.formatting = daemons_keys_ahead,
		.swap_bytes = opts.swap_bytes,
		.user = opts.user,
	};
	storage_setup(&so, r);
	if (r->persistent)
		varlog_persist(B2P_STATE_DIR);
}

static void ensure_home(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (!pw || path_exists(pw->pw_dir))
		return;
	if (mkdir_p(pw->pw_dir, 0755) < 0)
		return;
	if (chown(pw->pw_dir, pw->pw_uid, pw->pw_gid) < 0)
		b2p_err("chown %s", pw->pw_dir);
}

static void start_consoles(void)
{
	static const char *const ttys[][2] = {
		{ "ttyS0", "/dev/ttyS0" },
		{ "tty1", "/dev/tty1" },
	};
	int n = 0;
	for (size_t i = 0; i < sizeof(ttys) / sizeof(ttys[0]); i++) {
		if (!console_usable(ttys[i][1])) {
			b2p_dbg("no usable %s: no shell there", ttys[i][1]);
			continue;
		}
		char name[32];
		snprintf(name, sizeof(name), "console-%s", ttys[i][0]);
		n += svc_add_console(name, ttys[i][1]) == 0;
	}
	if (n == 0)
		b2p_log("no terminal for a console shell (tried /dev/ttyS0, /dev/tty1)");
}

/* The user's hooks in the state dir (boot2docker's names): bootsync.sh
 * before the daemons, waited for (bounded); bootlocal.sh after, not.
 * Only ever from the chosen data disk: never in RAM mode. */
static void run_user_script(const struct storage_result *r, const char *name, int wait)
{
	char path[128];
	if (!storage_user_script(r, B2P_STATE_DIR, name, path, sizeof(path)))
		return;
	char *argv[] = { "/bin/sh", path, NULL };
	b2p_log("running %s", path);
	if (!wait) {
		spawn(argv, BOOTSCRIPTS_LOG, SPAWN_SETSID);
		return;
	}
	int rc = run_wait(argv, BOOTSCRIPTS_LOG, 60000);
	if (rc != 0)
		b2p_log("%s failed (%d); see " BOOTSCRIPTS_LOG, name, rc);
}

/* 1 when b2p.tce's directory (the initrd's /tce by default) holds a
 * package set: then the packages came in an initrd (or from where
 * b2p.tce= points), not from the boot medium. */
static int tce_has_set(void)
{
	char lst[sizeof(opts.tce) + 16];
	snprintf(lst, sizeof(lst), "%s/onboot.lst", opts.tce);
	return path_exists(lst);
}

/* Where the packages are: b2p.tce= when given; the initrd's /tce when a
 * package initrd was loaded (direct kernel boots, netboot); else the boot
 * medium's /cde, as the ISO's boot loaders leave it (only the kernel and
 * core.gz in RAM). */
static void load_packages(void)
{
	static char media_tce[PATH_MAX];
	struct pkgload_result pr;
	long long t = timeline_now_ms();
	const char *tce = opts.tce;
	int medium = !opts.tce_set && !tce_has_set() &&
		     pkgmedia_find(DISK_SYSFS, "/dev", "/mnt", opts.media,
				   opts.media[0] ? PKGMEDIA_WAIT_MS_DEFAULT : 0, media_tce, sizeof(media_tce)) == 0;
	if (medium)
		tce = media_tce;
	timeline_end("media", t);
	t = timeline_now_ms();
	/* The medium's images are checked beside the boot, not before it
	 * (reading all 40 MB at boot cost a third of a second under
	 * emulation): read-only, they cannot change between the two, and a
	 * damaged one is said on the console all the same. */
	pkgload_all(tce, !medium, &pr);
	timeline_end("packages", t);
	if (medium)
		pkgload_check_start(tce);
}

/* The boot job: every slow step before the daemons, in this order. */
static int boot_job_fn(void *ctx, void *out)
{
	struct storage_result *r = out;
	(void)ctx;
	/* Before storage: mkfs.ext4 comes from a package. */
	if (opts.noload)
		b2p_log("b2p.noload: not loading packages");
	else
		load_packages();
	setup_storage(r);
	ensure_home(opts.user); /* RAM mode: nothing else made it */
	set_hostname_from((const char *const[]){ B2P_STATE_DIR "/etc/hostname", "/etc/hostname", NULL });
	/* Before podman starts, so containers see the host's folders. */
	long long t = timeline_now_ms();
	shares_mount(&opts);
	timeline_end("shares", t);
	t = timeline_now_ms();
	run_user_script(r, "bootsync.sh", 1);
	timeline_end("bootsync", t);
	return 0;
}

static void start_boot(void)
{
	memset(&storage, 0, sizeof(storage)); /* RAM mode unless the job says otherwise */
	if (job_start(&boot_job, "boot", boot_job_fn, NULL, &storage, sizeof(storage)) == 0)
		return;
	/* No child to run it in: PID 1 does it, deaf to signals meanwhile. */
	boot_job_fn(NULL, &storage);
	phase = BOOTED;
}

static void child_exited(pid_t pid, int status)
{
	int r = job_ended(&boot_job, pid, status);
	if (r != 0) {
		if (r < 0)
			b2p_log("going on without what the boot did not finish (no boot hooks from the disk)");
		phase = BOOTED;
		return;
	}
	if (daemons_child_exited(pid, status))
		return;
	svc_child_exited(pid, status, mono_now());
}

static void __attribute__((noreturn)) shut_down(enum shutdown_how how)
{
	if (job_running(&boot_job)) {
		b2p_log("stopping the unfinished boot");
		job_stop(&boot_job, BOOT_STOP_GRACE_S);
	}
	daemons_release();
	shutdown_system(how);
}

static void __attribute__((noreturn)) main_loop(int sfd, const int *btn, int nbtn)
{
	double ready_deadline = 0, rotate_due = mono_now() + LOG_ROTATE_EVERY_S;
	/* Shells come after the ready line, so their prompts do not run into
	 * the boot messages; a boot that hangs still gets them, later. */
	double consoles_due = 0;
	int consoles = 0, ready = 0, pending = 0;
	for (;;) {
		double now = mono_now();
		if (phase == BOOTED) {
			daemons_start(opts.ntp, opts.user, &want);
			ready_deadline = now + READY_WARN_S;
			consoles_due = now + CONSOLES_LATEST_S;
			phase = SERVING;
		}
		if (now >= rotate_due) {
			varlog_rotate("/var/log", VARLOG_MAX_BYTES);
			rotate_due = now + LOG_ROTATE_EVERY_S;
		}
		if (phase == SERVING) {
			svc_tick(now);
			pending = daemons_tick();
			want.hold = pending;
			if (!ready) {
				ready = ready_poll(&want, now, ready_deadline);
				/* /var/log is the data disk's log/ then. */
				if (ready && storage.persistent)
					timeline_copy(TIMELINE_PATH, "/var/log/timeline");
				/* Images in RAM (a package initrd) move out of it, off
				 * the boot's path (pkgmove leaves any not in RAM); the
				 * boot medium's stay where they are. */
				if (ready && storage.persistent && !opts.noload && tce_has_set())
					pkgmove_start(opts.tce);
			}
			if (!consoles && (ready || now >= consoles_due)) {
				start_consoles();
				consoles = 1;
				svc_tick(mono_now());
				/* After the services are up, as boot2docker ran it. */
				run_user_script(&storage, "bootlocal.sh", 0);
			}
		}
		double due = svc_next_due(mono_now());
		int timeout = due < 0 ? -1 : (int)(due * 1000) + 1;
		if (phase == SERVING && (!ready || pending) && (timeout < 0 || timeout > 200))
			timeout = 200;
		if (timeout < 0 || timeout > LOG_ROTATE_EVERY_S * 1000)
			timeout = LOG_ROTATE_EVERY_S * 1000;
		struct pollfd pfd[2 + POWERBTN_MAX];
		int n = 0;
		if (sfd >= 0)
			pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (int i = 0; i < nbtn; i++)
			pfd[n++] = (struct pollfd){ .fd = btn[i], .events = POLLIN };
		int demand = daemons_demand_fd(), ndemand = n;
		if (demand >= 0)
			pfd[n++] = (struct pollfd){ .fd = demand, .events = POLLIN };
		if (sfd < 0 && timeout > 200)
			timeout = 200; /* no signalfd: poll the pending set instead */
		if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
			b2p_err("poll");
		int sig;
		enum shutdown_how how;
		while ((sig = signals_read(sfd)) > 0)
			if (signals_shutdown_how(sig, &how))
				shut_down(how);
		reap_children();
		if (demand >= 0 && (pfd[ndemand].revents & POLLIN))
			daemons_demand();
		for (int i = sfd >= 0 ? 1 : 0; i < (demand >= 0 ? ndemand : n); i++) {
			if ((pfd[i].revents & POLLIN) && powerbtn_pressed(pfd[i].fd)) {
				b2p_log("power button pressed");
				shut_down(SHUTDOWN_POWEROFF);
			}
		}
	}
}

/* kernel: until this init first ran; rootcopy: from then until now (the
 * root switch re-executes the init, so the first start comes through the
 * environment).  Called once /run is mounted. */
static void timeline_start(long long started_ms, int switched)
{
	const char *t0 = getenv(TIMELINE_T0_ENV);
	long long now = timeline_now_ms();
	if (switched && t0) {
		long long first = atoll(t0);
		timeline_add(0, first, "kernel");
		timeline_add(first, now - first, "rootcopy");
	} else if (started_ms >= 0) {
		timeline_add(0, started_ms, "kernel");
	}
	unsetenv(TIMELINE_T0_ENV);
}

int main(int argc, char **argv)
{
	(void)argc;
	long long started_ms = timeline_now_ms();
	console_stdio();
	umask(022);
	if (getpid() != 1)
		b2p_log("warning: running as pid %d, not as init", (int)getpid());
	setenv("PATH", B2P_PATH, 1);
	setenv("HOME", "/root", 1);
	if (chdir("/") < 0)
		b2p_err("chdir /");

	int switched = getenv(ROOTSWITCH_ENV) != NULL;
	unsetenv(ROOTSWITCH_ENV);
	if (mounts_proc() == 0) {
		int initramfs = root_is_initramfs();
		if (initramfs == 1 && !switched) {
			char t0[24];
			snprintf(t0, sizeof(t0), "%lld", started_ms);
			setenv(TIMELINE_T0_ENV, t0, 1);
			root_switch(argv);
		} /* returns only on failure */
		if (initramfs == 1 && switched)
			b2p_log("/ is still the initramfs after the switch; containers will fail (pivot_root)");
	}

	init_started = mono_now();
	int sfd = signals_setup();
	reap_set_handler(child_exited);
	mounts_setup();
	timeline_start(started_ms, switched);
	netif_up("lo");
	set_hostname_from((const char *const[]){ "/etc/hostname", NULL });
	read_cmdline();

	int btn[POWERBTN_MAX];
	int nbtn = powerbtn_open(btn, POWERBTN_MAX);
	if (nbtn == 0)
		b2p_log("no power button found; ACPI power-down will not work");
	daemons_early();
	start_boot();
	main_loop(sfd, btn, nbtn);
}
