/* Host shares: the guest checks where a share would really land (every
 * symlink on the way followed), not the text of b2p.share=, against the
 * system's trees, the user's home and the mount table. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "shares.h"
#include "tu.h"

static const char *resolved(const char *path)
{
	static char out[8][PATH_MAX];
	static int i;
	i = (i + 1) % 8;
	if (shares_resolve(path, out[i], sizeof(out[i])) < 0)
		return "(unresolvable)";
	return out[i];
}

static const char *under(const char *dir, const char *rest)
{
	static char buf[8][PATH_MAX];
	static int i;
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, rest);
	return buf[i];
}

static void resolution(void)
{
	char t[PATH_MAX];
	REQUIRE(realpath(tu_path("."), t) != NULL);  /* the temp dir, itself resolved */
	REQUIRE(mkdir(under(t, "real"), 0755) == 0);
	REQUIRE(symlink("/run", under(t, "varrun")) == 0);              /* what /var/run is */
	REQUIRE(symlink("/root", under(t, "rootlink")) == 0);
	REQUIRE(symlink(under(t, "nowhere"), under(t, "dangling")) == 0);
	REQUIRE(symlink(under(t, "loop"), under(t, "loop")) == 0);
	REQUIRE(symlink("real/../real", under(t, "rel")) == 0);
	REQUIRE(tu_sh("touch '%s/file'", t) == 0);

	CHECK(!strcmp(resolved(under(t, "varrun/podman")), "/run/podman"));
	CHECK(!strcmp(resolved(under(t, "rootlink/.ssh")), "/root/.ssh"));
	CHECK(!strcmp(resolved(under(t, "real/new/deeper")), under(t, "real/new/deeper")));
	CHECK(!strcmp(resolved(under(t, "rel/x")), under(t, "real/x")));
	CHECK(!strcmp(resolved(under(t, "real")), under(t, "real")));
	CHECK(!strcmp(resolved("/"), "/"));
	CHECK(!strcmp(resolved("/b2p-no-such-dir/x"), "/b2p-no-such-dir/x"));
	/* a link that leads nowhere could still be followed by mkdir: refused */
	CHECK(!strcmp(resolved(under(t, "dangling/x")), "(unresolvable)"));
	CHECK(!strcmp(resolved(under(t, "loop/x")), "(unresolvable)"));
	CHECK(!strcmp(resolved(under(t, "file/x")), "(unresolvable)"));
	CHECK(!strcmp(resolved(under(t, "real/new/../x")), "(unresolvable)"));
	CHECK(!strcmp(resolved("relative"), "(unresolvable)"));
}

/* The mount table of a booted machine with a data disk. */
static const char *const booted =
	"24 1 0:22 / / rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"25 24 0:5 / /proc rw,nosuid shared:2 - proc proc rw\n"
	"30 24 254:1 / /mnt/vda1 rw,relatime - ext4 /dev/vda1 rw\n"
	"31 24 254:1 /var/lib/containers /var/lib/containers rw - ext4 /dev/vda1 rw\n"
	"32 24 254:1 /home/tc /home/tc rw - ext4 /dev/vda1 rw\n"
	"33 24 254:1 /var/lib/boot2podman/log /var/log rw - ext4 /dev/vda1 rw\n"
	"34 24 0:40 / /hosthome rw,nosuid,nodev - 9p home rw\n";

static void refusals(void)
{
	/* issue 10, item 8: each of these used to be accepted */
	static const char *const bad[] = {
		"/run/podman", "/root/.ssh", "/home/tc", "/home/tc/.ssh", "/var/log", "/mnt/vda1",
		"/mnt/vda1/home", "/mnt", "/var", "/", "/var/lib/containers/x", "/hosthome/sub", "/proc/x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!shares_refusal(bad[i], "/home/tc", booted)) {
			fprintf(stderr, "    %s accepted\n", bad[i]);
			TU_FAILED("a reserved place was accepted");
		}
	static const char *const ok[] = { "/Users/alice/work", "/mnt/absent", "/home/alice", "/srv/x", "/data" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const char *why = shares_refusal(ok[i], "/home/tc", booted);
		if (why) {
			fprintf(stderr, "    %s refused: %s\n", ok[i], why);
			TU_FAILED("a free place was refused");
		}
	}
	/* RAM mode: the home is no mount point, still refused */
	CHECK(shares_refusal("/home/tc/src", "/home/tc", "24 1 0:22 / / rw - tmpfs tmpfs rw\n") != NULL);
}

static void through_links(void)
{
	/* the text passes, the place it resolves to does not */
	char t[PATH_MAX];
	struct b2p_share s;
	REQUIRE(realpath(tu_path("."), t) != NULL);
	REQUIRE(symlink("/run", under(t, "vr")) == 0);
	REQUIRE(symlink("/var/log", under(t, "vl")) == 0);
	const char *via_run = under(t, "vr/podman"), *via_log = under(t, "vl/x");
	CHECK(cmdline_share("x:/var/run/podman", &s) == 0);
	CHECK(shares_refusal(resolved(via_run), "/home/tc", booted) != NULL);
	CHECK(shares_refusal(resolved(via_log), "/home/tc", booted) != NULL);
	/* and the host's own /var/run, when it is the usual link */
	struct stat st;
	if (lstat("/var/run", &st) == 0 && S_ISLNK(st.st_mode))
		CHECK(shares_refusal(resolved("/var/run/podman"), "/home/tc", booted) != NULL);
	/* the text check knows the trees that are no mount points in RAM mode */
	CHECK(cmdline_share("x:/root/.ssh", &s) == -1);
	CHECK(cmdline_share("x:/var/log", &s) == -1);
	CHECK(cmdline_share("x:/var/tmp/x", &s) == -1);
}

int main(void)
{
	TU_RUN(resolution);
	TU_RUN(refusals);
	TU_RUN(through_links);
	return tu_finish();
}
