/* The boot medium: ISO 9660 volume IDs read from image files the test
 * makes (xorriso's and hand-made ones), which IDs count as ours, and a
 * search that finds nothing ends within its bound. */
#include <string.h>

#include "pkgmedia.h"
#include "util.h"
#include "tu.h"

static void volid_of_xorriso_image(void)
{
	REQUIRE(tu_have("xorriso"));
	const char *dir = tu_path("isodir"), *iso = tu_path("a.iso");
	REQUIRE(tu_sh("mkdir -p %s/cde/optional && echo podman >%s/cde/onboot.lst && "
		      "xorriso -as mkisofs -quiet -V b2p-0.1.0-trixie-podman5.4.2 -r -J -o %s %s",
		      dir, dir, iso, dir) == 0);
	char v[64];
	CHECK(pkgmedia_volid(iso, v, sizeof(v)) == 1);
	CHECK(strcmp(v, "b2p-0.1.0-trixie-podman5.4.2") == 0);
	CHECK(pkgmedia_match(v, "b2p-0.1.0-trixie-podman5.4.2"));
	CHECK(pkgmedia_match(v, NULL) && pkgmedia_match(v, ""));
	CHECK(!pkgmedia_match(v, "b2p-0.1.0-bookworm-podman4.3.1"));
}

/* A primary volume descriptor by hand: type 1, "CD001", version 1, the
 * ID at byte 40 padded with spaces (cut) and with a control byte (shown
 * as '?', never put on the console as it is). */
static void volid_hand_made(void)
{
	const char *img = tu_path("pvd.img");
	unsigned char pvd[2048] = { 1, 'C', 'D', '0', '0', '1', 1 };
	memset(pvd + 40, ' ', 32);
	memcpy(pvd + 40, "b2p-x\x1b[2J", 9);
	REQUIRE(tu_image(img, 1 << 20) == 0);
	REQUIRE(tu_pwrite(img, 32768, pvd, sizeof(pvd)) == 0);
	char v[64];
	CHECK(pkgmedia_volid(img, v, sizeof(v)) == 1);
	CHECK(strcmp(v, "b2p-x?[2J") == 0);
	/* A short buffer gets a cut, terminated ID. */
	char s[6];
	CHECK(pkgmedia_volid(img, s, sizeof(s)) == 1 && strcmp(s, "b2p-x") == 0);
}

static void not_a_medium(void)
{
	const char *zero = tu_path("zero.img"), *tiny = tu_path("tiny.img");
	char v[64];
	REQUIRE(tu_image(zero, 1 << 20) == 0);
	CHECK(pkgmedia_volid(zero, v, sizeof(v)) == 0);
	REQUIRE(tu_image(tiny, 4096) == 0);
	CHECK(pkgmedia_volid(tiny, v, sizeof(v)) == 0);
	CHECK(pkgmedia_volid(tu_path("missing.img"), v, sizeof(v)) == -1);
	/* Someone else's disc, and ours only by a prefix of the wanted ID. */
	CHECK(!pkgmedia_match("DEBIAN_12", NULL));
	CHECK(!pkgmedia_match("b2p-0.1.0", "b2p-0.1.0-trixie"));
	CHECK(!pkgmedia_match("B2P-0.1.0", NULL));
}

/* No device at all: -1 at once without a wait, after about the wait with
 * one. */
static void search_is_bounded(void)
{
	const char *sys = tu_path("sys"), *mnt = tu_path("mnt");
	REQUIRE(tu_sh("mkdir -p %s %s", sys, mnt) == 0);
	char tce[256] = "";
	double t0 = mono_now();
	CHECK(pkgmedia_find(sys, tu_path("dev"), mnt, "b2p-x", 0, tce, sizeof(tce)) == -1);
	double t1 = mono_now();
	CHECK(pkgmedia_find(sys, tu_path("dev"), mnt, "b2p-x", 300, tce, sizeof(tce)) == -1);
	double t2 = mono_now();
	CHECK(t1 - t0 < 0.1);
	CHECK(t2 - t1 >= 0.3 && t2 - t1 < 2.0);
	CHECK(tce[0] == 0);
}

int main(void)
{
	TU_RUN(volid_of_xorriso_image);
	TU_RUN(volid_hand_made);
	TU_RUN(not_a_medium);
	TU_RUN(search_is_bounded);
	return tu_finish();
}
