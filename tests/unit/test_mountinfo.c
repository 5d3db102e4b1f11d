/* mountinfo parsing used by the root switch and the shutdown. */
#include "mountinfo.h"
#include "tu.h"

#include <string.h>

static const char *const initramfs =
	"1 1 0:2 / / rw - rootfs rootfs rw,size=498764k\n"
	"2 1 0:20 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n";

static const char *const switched =
	"24 1 0:22 / / rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"25 24 0:5 / /proc rw,nosuid shared:2 - proc proc rw\n"
	"30 24 254:1 / /mnt/vda1 rw,relatime - ext4 /dev/vda1 rw\n"
	"31 24 254:1 /var/lib/containers /var/lib/containers rw - ext4 /dev/vda1 rw\n"
	"32 24 0:40 / /mnt/with\\040space rw - tmpfs tmpfs rw\n";

static void root_type(void)
{
	char t[32];
	REQUIRE(mountinfo_root_type(initramfs, t, sizeof(t)) == 0);
	CHECK(!strcmp(t, "rootfs"));
	REQUIRE(mountinfo_root_type(switched, t, sizeof(t)) == 0);
	CHECK(!strcmp(t, "tmpfs"));
	/* A later mount on / wins (stacked mounts). */
	REQUIRE(mountinfo_root_type("1 1 0:2 / / rw - rootfs rootfs rw\n9 1 0:30 / / rw - tmpfs none rw", t, sizeof(t)) == 0);
	CHECK(!strcmp(t, "tmpfs"));
	CHECK(mountinfo_root_type("25 24 0:5 / /proc rw - proc proc rw\n", t, sizeof(t)) == -1);
	CHECK(mountinfo_root_type("", t, sizeof(t)) == -1);
	CHECK(mountinfo_root_type("garbage line\n", t, sizeof(t)) == -1);
}

static void points(void)
{
	char mps[8][256];
	int n = mountinfo_points(switched, mps, 8);
	REQUIRE(n == 5);
	CHECK(!strcmp(mps[0], "/"));
	CHECK(!strcmp(mps[3], "/var/lib/containers"));
	CHECK(!strcmp(mps[4], "/mnt/with space"));
	CHECK(mountinfo_points(switched, mps, 2) == 2);
	CHECK(mountinfo_points("", mps, 8) == 0);
}

int main(void)
{
	TU_RUN(root_type);
	TU_RUN(points);
	return tu_finish();
}
