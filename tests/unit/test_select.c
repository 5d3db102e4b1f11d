/* Choosing the data disk (storage_select.c) on fake machines: a sysfs
 * tree like /sys/class/block and a directory of image files standing for
 * /dev.  Several labelled disks, removable and USB disks, b2p.disk=, and
 * which boot hooks may run (storage_user_script). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mkfs.h"
#include "storage.h"
#include "storage_select.h"
#include "tu.h"

#define MAGIC "boot2podman, please format-me"
#define MiB (1024ull * 1024)

/* <root>/sys: class/block links; <root>/devices: the sysfs directories;
 * <root>/dev: one image file per device node. */
struct fake {
	char sys[512], dev[512], devices[512];
};

static int fake_init(struct fake *f, const char *name)
{
	const char *root = tu_path(name);
	snprintf(f->sys, sizeof(f->sys), "%s/sys", root);
	snprintf(f->dev, sizeof(f->dev), "%s/dev", root);
	snprintf(f->devices, sizeof(f->devices), "%s/devices", root);
	return tu_sh("mkdir -p '%s' '%s' '%s'", f->sys, f->dev, f->devices);
}

/* bus: "usb" puts the disk under a USB controller, anything else under a
 * plain PCI function. */
static const char *bus_dir(const char *bus)
{
	return strcmp(bus, "usb") == 0 ? "pci0/usb1/1-1/1-1:1.0/host0/target0/block" : "pci0/virtio/block";
}

static int fake_disk(const struct fake *f, const char *name, const char *bus, int removable, uint64_t bytes)
{
	char img[600];
	snprintf(img, sizeof(img), "%s/%s", f->dev, name);
	if (tu_sh("set -e; d='%s/%s/%s'; mkdir -p \"$d\"; echo %llu > \"$d/size\"; echo %d > \"$d/removable\";"
		  "echo 0 > \"$d/ro\"; ln -s \"$d\" '%s/%s'",
		  f->devices, bus_dir(bus), name, (unsigned long long)(bytes / 512), removable, f->sys, name) != 0)
		return -1;
	return tu_image(img, bytes);
}

static int fake_part(const struct fake *f, const char *disk, const char *bus, const char *part, int partno,
		     uint64_t bytes)
{
	char img[600];
	snprintf(img, sizeof(img), "%s/%s", f->dev, part);
	if (tu_sh("set -e; d='%s/%s/%s/%s'; mkdir -p \"$d\"; echo %llu > \"$d/size\"; echo %d > \"$d/partition\";"
		  "ln -s \"$d\" '%s/%s'",
		  f->devices, bus_dir(bus), disk, part, (unsigned long long)(bytes / 512), partno, f->sys, part) != 0)
		return -1;
	return tu_image(img, bytes);
}

static int fake_ext(const struct fake *f, const char *node, const char *label)
{
	return tu_sh("mkfs.ext4 -q -F -L '%s' '%s/%s' >/dev/null 2>&1", label, f->dev, node);
}

static int fake_magic(const struct fake *f, const char *node)
{
	char img[600];
	struct tu_tar t = { 0 };
	snprintf(img, sizeof(img), "%s/%s", f->dev, node);
	tu_machine_tar(&t, MAGIC, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2pB2pB2pB2pB2pB2pB2pB2pB2pB2pB2pB2pB2pB2p t@h");
	int rc = tu_pwrite(img, 0, t.buf, t.len);
	tu_tar_free(&t);
	return rc;
}

static struct sel_env env_of(const struct fake *f, const char *want)
{
	return (struct sel_env){ f->sys, f->dev, want, NULL };
}

/* ---- names ---- */

static void name_order(void)
{
	static const char *sorted[] = { "hda", "mmcblk0", "mmcblk0p1", "mmcblk1", "nvme0n1", "nvme0n1p2",
					"nvme0n1p10", "nvme1n1", "nvme10n1", "sda", "sda1", "sda2", "sda10",
					"sdb", "sdz", "sdaa", "vda", "vda1", "vdb", "xvda", "zram0" };
	size_t n = sizeof(sorted) / sizeof(sorted[0]);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = sel_name_cmp(sorted[i], sorted[j]);
			int want = i < j ? -1 : i > j;
			if (c != want) {
				fprintf(stderr, "    cmp(%s, %s) = %d, want %d\n", sorted[i], sorted[j], c, want);
				CHECK(0);
			}
		}
	/* equal as numbers, still ordered (a total order) */
	CHECK(sel_name_cmp("sd01", "sd1") != 0);
	CHECK(sel_name_cmp("sd01", "sd1") == -sel_name_cmp("sd1", "sd01"));
}

static void want_rules(void)
{
	CHECK(sel_allowed(NULL, "vdb", NULL) && sel_allowed("", "vdb1", "vdb"));
	CHECK(sel_allowed("LABEL=x", "vdb", NULL));
	CHECK(sel_allowed("/dev/vdb", "vdb", NULL) && sel_allowed("vdb", "vdb1", "vdb"));
	CHECK(!sel_allowed("/dev/vdb", "vda", NULL) && !sel_allowed("/dev/vdb", "vdb1", "vda"));
	CHECK(!sel_allowed("/dev/vdb", "vdbb", NULL));
	CHECK(sel_named("/dev/sda", "sda") && sel_named("sda", "sda"));
	CHECK(!sel_named(NULL, "sda") && !sel_named("", "sda") && !sel_named("LABEL=sda", "sda"));
	CHECK(!sel_named("/dev/sda1", "sda") && !sel_named("/dev/sdb", "sda"));
}

/* ---- several labelled disks ---- */

/* A machine with data labels on: vda (whole disk, boot2docker-data),
 * vdb1 and vdc (boot2podman-data), sda1 (removable disk) and sdb (USB
 * disk, removable=0), both boot2podman-data; vdd is ext4 labelled
 * "family"; vde1 is not ext at all.  order 1 creates them backwards, so
 * readdir sees another order. */
static int labelled_machine(struct fake *f, const char *name, int order)
{
	static const char *const disks[] = { "vda", "vdb", "vdc", "vdd", "vde", "sda", "sdb" };
	if (fake_init(f, name) < 0)
		return -1;
	for (int k = 0; k < 7; k++) {
		int i = order ? 6 - k : k;
		const char *d = disks[i];
		const char *bus = strcmp(d, "sdb") == 0 ? "usb" : "pci";
		if (fake_disk(f, d, bus, strcmp(d, "sda") == 0, 64 * MiB) < 0)
			return -1;
		if ((strcmp(d, "vdb") == 0 || strcmp(d, "vde") == 0 || strcmp(d, "sda") == 0)) {
			char part[8];
			snprintf(part, sizeof(part), "%s1", d);
			if (fake_part(f, d, bus, part, 1, 16 * MiB) < 0)
				return -1;
		}
	}
	return fake_ext(f, "vda", MKFS_LABEL_OLD) | fake_ext(f, "vdb1", MKFS_LABEL_DATA) |
	       fake_ext(f, "vdc", MKFS_LABEL_DATA) | fake_ext(f, "vdd", "family") |
	       fake_ext(f, "sda1", MKFS_LABEL_DATA) | fake_ext(f, "sdb", MKFS_LABEL_DATA);
}

static const char *picked(const struct sel_label *c, int n)
{
	int i = sel_pick_labelled(c, n);
	return i < 0 ? "(none)" : c[i].name;
}

static void several_labels(void)
{
	struct fake f;
	struct sel_label c[SEL_MAX_LABELLED];
	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(labelled_machine(&f, "lab", 0) == 0);
	struct sel_env e = env_of(&f, NULL);
	int n = sel_labelled(&e, c, SEL_MAX_LABELLED);
	REQUIRE(n == 5);
	/* every candidate, in name order, with what the rule looks at */
	static const char *const names[] = { "sda1", "sdb", "vda", "vdb1", "vdc" };
	static const char *const disks[] = { "sda", "sdb", "vda", "vdb", "vdc" };
	static const int removable[] = { 1, 1, 0, 0, 0 };
	for (int i = 0; i < n; i++) {
		CHECK(strcmp(c[i].name, names[i]) == 0);
		CHECK(strcmp(c[i].disk, disks[i]) == 0);
		CHECK(c[i].removable == removable[i]);
	}
	CHECK(strcmp(c[2].label, MKFS_LABEL_OLD) == 0 && strcmp(c[3].label, MKFS_LABEL_DATA) == 0);
	/* fixed before removable, ours before boot2docker's, then the name */
	CHECK(strcmp(picked(c, n), "vdb1") == 0);
	/* whatever order the candidates come in */
	for (int r = 1; r < n; r++) {
		struct sel_label rot[SEL_MAX_LABELLED];
		for (int i = 0; i < n; i++)
			rot[i] = c[(i + r) % n];
		CHECK(strcmp(picked(rot, n), "vdb1") == 0);
		for (int i = 0; i < n; i++)
			rot[i] = c[n - 1 - i];
		CHECK(strcmp(picked(rot, n), "vdb1") == 0);
	}
	CHECK(strcmp(picked(c + 2, 1), "vda") == 0);     /* the old label beats removable disks */
	CHECK(strcmp(picked(c, 3), "vda") == 0);
	CHECK(strcmp(picked(c, 2), "sda1") == 0);        /* only removable ones: name order */
	CHECK(sel_pick_labelled(c, 0) == -1);

	/* the same machine made in the other order: same list, same pick */
	struct fake g;
	struct sel_label d[SEL_MAX_LABELLED];
	REQUIRE(labelled_machine(&g, "lab-rev", 1) == 0);
	struct sel_env eg = env_of(&g, NULL);
	REQUIRE(sel_labelled(&eg, d, SEL_MAX_LABELLED) == n);
	for (int i = 0; i < n; i++)
		CHECK(strcmp(d[i].name, c[i].name) == 0);
	CHECK(strcmp(picked(d, n), "vdb1") == 0);
}

static double secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rule 1 over time: a fixed labelled disk, or any fixed disk, is taken at
 * once; with only a removable labelled one the wait runs out first. */
static void waiting(void)
{
	struct fake f, r, z;
	struct sel_label c[SEL_MAX_LABELLED];
	int n;
	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(labelled_machine(&f, "wait-fixed", 0) == 0);
	struct sel_env e = env_of(&f, NULL);
	double t = secs();
	int pick = sel_wait_labelled(&e, 3000, 3000, c, SEL_MAX_LABELLED, &n);
	CHECK(secs() - t < 1.0);
	REQUIRE(pick >= 0);
	CHECK(n == 5 && strcmp(c[pick].name, "vdb1") == 0);

	REQUIRE(fake_init(&r, "wait-usb") == 0);
	REQUIRE(fake_disk(&r, "sdb", "usb", 0, 64 * MiB) == 0 && fake_ext(&r, "sdb", MKFS_LABEL_DATA) == 0);
	e = env_of(&r, NULL);
	t = secs();
	pick = sel_wait_labelled(&e, 700, 0, c, SEL_MAX_LABELLED, &n);
	CHECK(secs() - t >= 0.69);
	REQUIRE(pick == 0);
	CHECK(n == 1 && strcmp(c[0].name, "sdb") == 0 && c[0].removable);

	/* a blank fixed disk: rules 2-3 decide, nothing to wait for */
	REQUIRE(fake_init(&z, "wait-blank") == 0);
	REQUIRE(fake_disk(&z, "vda", "pci", 0, 64 * MiB) == 0);
	e = env_of(&z, NULL);
	t = secs();
	CHECK(sel_wait_labelled(&e, 3000, 3000, c, SEL_MAX_LABELLED, &n) == -1 && n == 0);
	CHECK(secs() - t < 0.5);
}

/* No disk at all: the wait ends once nothing has appeared for the settle
 * time, never at the bound. */
static void no_disk_settles(void)
{
	struct fake z;
	struct sel_label c[SEL_MAX_LABELLED];
	int n;
	REQUIRE(fake_init(&z, "wait-none") == 0);
	struct sel_env e = env_of(&z, NULL);
	double t = secs();
	CHECK(sel_wait_labelled(&e, 5000, 300, c, SEL_MAX_LABELLED, &n) == -1 && n == 0);
	double took = secs() - t;
	CHECK(took >= 0.29 && took < 1.5);
	t = secs();
	CHECK(sel_wait_labelled(&e, 5000, 0, c, SEL_MAX_LABELLED, &n) == -1);
	CHECK(secs() - t < 0.2);
}

/* A disk that shows up during the wait is taken soon after it settles,
 * long before the bound. */
static void late_disk_is_seen(void)
{
	struct fake z;
	struct sel_label c[SEL_MAX_LABELLED];
	int n;
	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(fake_init(&z, "wait-late") == 0);
	struct sel_env e = env_of(&z, NULL);
	pid_t kid = fork();
	REQUIRE(kid >= 0);
	if (kid == 0) {
		usleep(400000);
		_exit(fake_disk(&z, "vdc", "pci", 0, 64 * MiB) == 0 && fake_ext(&z, "vdc", MKFS_LABEL_DATA) == 0 ? 0 : 1);
	}
	double t = secs();
	int pick = sel_wait_labelled(&e, 20000, 20000, c, SEL_MAX_LABELLED, &n);
	double took = secs() - t;
	int st;
	CHECK(waitpid(kid, &st, 0) == kid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(took >= 0.39 && took < 5.0);
	/* found as a labelled disk, or as a fixed disk for rules 2-3 when
	 * the label was not written yet at that moment: never the bound */
	if (pick >= 0)
		CHECK(strcmp(c[pick].name, "vdc") == 0);
}

/* Buses still bringing up disks hold the no-disk wait (up to its bound). */
static void probing_buses(void)
{
	const char *root = tu_path("sysroot");
	struct fake z;
	struct sel_label c[SEL_MAX_LABELLED];
	int n;
	CHECK(sel_buses_probing(root) == 0);
	CHECK(sel_buses_probing(NULL) == 0);
	REQUIRE(tu_sh("mkdir -p '%s/class/nvme/nvme0' && echo connecting >'%s/class/nvme/nvme0/state'", root, root) == 0);
	CHECK(sel_buses_probing(root) == 1);
	REQUIRE(fake_init(&z, "wait-probing") == 0);
	struct sel_env e = { z.sys, z.dev, NULL, root };
	double t = secs();
	CHECK(sel_wait_labelled(&e, 600, 0, c, SEL_MAX_LABELLED, &n) == -1);
	CHECK(secs() - t >= 0.59);
	REQUIRE(tu_sh("echo live >'%s/class/nvme/nvme0/state'", root) == 0);
	CHECK(sel_buses_probing(root) == 0);
	REQUIRE(tu_sh("mkdir -p '%s/bus/usb/drivers/usb-storage/1-1:1.0'", root) == 0);
	CHECK(sel_buses_probing(root) == 1);
	REQUIRE(tu_sh("mkdir -p '%s/bus/usb/drivers/usb-storage/1-1:1.0/host0'", root) == 0);
	CHECK(sel_buses_probing(root) == 0);
}

static void labels_and_b2p_disk(void)
{
	struct fake f;
	struct sel_label c[SEL_MAX_LABELLED];
	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(labelled_machine(&f, "lab-want", 0) == 0);
	struct sel_env e = env_of(&f, "/dev/vdc");
	CHECK(sel_labelled(&e, c, SEL_MAX_LABELLED) == 1 && strcmp(c[0].name, "vdc") == 0);
	e.want = "vdb";
	CHECK(sel_labelled(&e, c, SEL_MAX_LABELLED) == 1 && strcmp(c[0].name, "vdb1") == 0);
	e.want = "/dev/sda";   /* naming a removable disk makes it the only candidate */
	CHECK(sel_labelled(&e, c, SEL_MAX_LABELLED) == 1 && strcmp(picked(c, 1), "sda1") == 0);
	e.want = "LABEL=family";
	CHECK(sel_labelled(&e, c, SEL_MAX_LABELLED) == 1 && strcmp(c[0].name, "vdd") == 0);
	e.want = "LABEL=" MKFS_LABEL_OLD;
	CHECK(sel_labelled(&e, c, SEL_MAX_LABELLED) == 1 && strcmp(c[0].name, "vda") == 0);
	e.want = "/dev/vde";
	CHECK(sel_labelled(&e, c, SEL_MAX_LABELLED) == 0);
	e.want = NULL;
	CHECK(sel_labelled(&e, c, 2) == 2);              /* bounded by max */
}

/* Runs fn with stderr (the console) captured into a file; returns it. */
static char *console_of(void (*fn)(void *), void *arg)
{
	const char *path = tu_path("console.txt");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), saved = dup(2);
	if (fd < 0 || saved < 0 || dup2(fd, 2) < 0)
		abort();
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	static char buf[8192];
	memset(buf, 0, sizeof(buf));
	int in = open(path, O_RDONLY);
	if (in < 0 || read(in, buf, sizeof(buf) - 1) < 0)
		abort();
	close(in);
	return buf;
}

struct log_args {
	struct sel_env *e;
	struct sel_label *c;
	int n;
};

static void log_them(void *p)
{
	struct log_args *a = p;
	sel_log_labelled(a->e, a->c, a->n, sel_pick_labelled(a->c, a->n));
}

static void candidates_logged(void)
{
	struct fake f;
	struct sel_label c[SEL_MAX_LABELLED];
	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(labelled_machine(&f, "lab-log", 0) == 0);
	struct sel_env e = env_of(&f, NULL);
	struct log_args a = { &e, c, sel_labelled(&e, c, SEL_MAX_LABELLED) };
	REQUIRE(a.n == 5);
	const char *out = console_of(log_them, &a);
	for (int i = 0; i < a.n; i++) {
		char want[600];
		snprintf(want, sizeof(want), "candidate %s/%s: ext label %s", f.dev, c[i].name, c[i].label);
		if (!strstr(out, want)) {
			fprintf(stderr, "    console lacks '%s':\n%s", want, out);
			CHECK(0);
		}
	}
	char chosen[600];
	snprintf(chosen, sizeof(chosen), "data partition %s/vdb1 (label " MKFS_LABEL_DATA ")", f.dev);
	CHECK(strstr(out, chosen) != NULL);
	CHECK(strstr(out, "chosen by the rule") != NULL);
	/* one candidate: no list, no rule */
	a.n = 1;
	a.c = c + 3;
	out = console_of(log_them, &a);
	CHECK(strstr(out, "candidate") == NULL && strstr(out, "data partition") != NULL);
}

/* ---- the disk to format ---- */

static const char *target(const struct fake *f, const char *want, enum verdict *v)
{
	static char name[32];
	struct sel_target t;
	struct sel_env e = env_of(f, want);
	if (!sel_format_target(&e, 0, &t))
		return "(none)";
	snprintf(name, sizeof(name), "%s", t.name);
	*v = t.d.v;
	decision_free(&t.d);
	return name;
}

static int sum_of(const struct fake *f, const char *node, char out[65])
{
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "sha256sum '%s/%s'", f->dev, node);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	int ok = fscanf(p, "%64s", out) == 1;
	return pclose(p) == 0 && ok ? 0 : -1;
}

static void removable_never_formatted(void)
{
	struct fake f;
	enum verdict v = V_FOREIGN;
	char before[3][65], after[65];
	static const char *const nodes[] = { "sda", "sdb", "vdb" };

	/* sda: removable=1 with the magic; sdb: a USB disk (removable=0) with
	 * the magic; vdb: a fixed blank disk.  The magic would normally win. */
	REQUIRE(fake_init(&f, "rem") == 0);
	REQUIRE(fake_disk(&f, "sda", "pci", 1, 256 * MiB) == 0 && fake_magic(&f, "sda") == 0);
	REQUIRE(fake_disk(&f, "sdb", "usb", 0, 256 * MiB) == 0 && fake_magic(&f, "sdb") == 0);
	for (int i = 0; i < 2; i++)
		REQUIRE(sum_of(&f, nodes[i], before[i]) == 0);
	CHECK(strcmp(target(&f, NULL, &v), "(none)") == 0);
	REQUIRE(fake_disk(&f, "vdb", "pci", 0, 128 * MiB) == 0);
	REQUIRE(sum_of(&f, "vdb", before[2]) == 0);
	CHECK(strcmp(target(&f, NULL, &v), "vdb") == 0 && v == V_BLANK);
	CHECK(strcmp(target(&f, "LABEL=x", &v), "vdb") == 0);   /* a label names no disk */
	/* named by b2p.disk=, a removable disk may be formatted */
	CHECK(strcmp(target(&f, "/dev/sda", &v), "sda") == 0 && v == V_MAGIC);
	CHECK(strcmp(target(&f, "sdb", &v), "sdb") == 0 && v == V_MAGIC);
	CHECK(strcmp(target(&f, "/dev/sdb1", &v), "(none)") == 0);
	/* choosing reads and never writes */
	for (int i = 0; i < 3; i++)
		CHECK(sum_of(&f, nodes[i], after) == 0 && strcmp(after, before[i]) == 0);
}

static void format_choice_order(void)
{
	struct fake f;
	enum verdict v = V_FOREIGN;

	/* created out of name order on purpose */
	REQUIRE(fake_init(&f, "order") == 0);
	REQUIRE(fake_disk(&f, "vdc", "pci", 0, 128 * MiB) == 0);
	REQUIRE(fake_disk(&f, "vdb", "pci", 0, 128 * MiB) == 0);
	CHECK(strcmp(target(&f, NULL, &v), "vdb") == 0 && v == V_BLANK);       /* first blank by name */
	REQUIRE(fake_disk(&f, "vdz", "pci", 0, 128 * MiB) == 0 && fake_magic(&f, "vdz") == 0);
	REQUIRE(fake_disk(&f, "vdaa", "pci", 0, 128 * MiB) == 0 && fake_magic(&f, "vdaa") == 0);
	CHECK(strcmp(target(&f, NULL, &v), "vdz") == 0 && v == V_MAGIC);       /* equal size: first by name */
	REQUIRE(fake_disk(&f, "vdab", "pci", 0, 192 * MiB) == 0 && fake_magic(&f, "vdab") == 0);
	CHECK(strcmp(target(&f, NULL, &v), "vdab") == 0 && v == V_MAGIC);      /* the largest */
}

/* ---- boot hooks only from the chosen disk ---- */

static void user_scripts(void)
{
	const char *dir = tu_path("state");
	char path[600];
	struct stat st;
	struct storage_result r;

	REQUIRE(tu_sh("set -e; mkdir -p '%s/bootsync.sh.d'; cd '%s'; echo 'echo hi' > bootsync.sh;"
		      "ln -s bootsync.sh bootlocal.sh; mkdir other.sh", dir, dir) == 0);
	REQUIRE(stat(dir, &st) == 0);
	memset(&r, 0, sizeof(r));
	r.persistent = 1;
	r.dev = st.st_dev;
	snprintf(r.device, sizeof(r.device), "/dev/vdb1");
	CHECK(storage_user_script(&r, dir, "bootsync.sh", path, sizeof(path)) == 1);
	CHECK(strstr(path, "/state/bootsync.sh") != NULL);
	CHECK(storage_user_script(&r, dir, "bootlocal.sh", path, sizeof(path)) == 0);  /* a link */
	CHECK(storage_user_script(&r, dir, "other.sh", path, sizeof(path)) == 0);      /* a directory */
	CHECK(storage_user_script(&r, dir, "absent.sh", path, sizeof(path)) == 0);
	r.dev = st.st_dev + 1;          /* the file is on another file system than the data disk */
	CHECK(storage_user_script(&r, dir, "bootsync.sh", path, sizeof(path)) == 0);
	r.dev = st.st_dev;
	r.persistent = 0;               /* RAM mode, e.g. after a failed mount */
	CHECK(storage_user_script(&r, dir, "bootsync.sh", path, sizeof(path)) == 0);
	r.persistent = 1;
	char small[8];
	CHECK(storage_user_script(&r, dir, "bootsync.sh", small, sizeof(small)) == 0);
}

int main(void)
{
	TU_RUN(name_order);
	TU_RUN(want_rules);
	TU_RUN(several_labels);
	TU_RUN(waiting);
	TU_RUN(no_disk_settles);
	TU_RUN(late_disk_is_seen);
	TU_RUN(probing_buses);
	TU_RUN(labels_and_b2p_disk);
	TU_RUN(candidates_logged);
	TU_RUN(removable_never_formatted);
	TU_RUN(format_choice_order);
	TU_RUN(user_scripts);
	return tu_finish();
}
