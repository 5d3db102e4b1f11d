/* Kernel command line options: values, defaults, bad values, unknown keys. */
#include "cmdline.h"
#include "tu.h"

#include <string.h>

static void defaults(void)
{
	struct b2p_cmdline c;
	cmdline_defaults(&c);
	CHECK(cmdline_parse("BOOT_IMAGE=/boot/vmlinuz console=ttyS0 quiet", &c) == 0);
	CHECK(!c.nodisk && !c.debug && !c.noload && c.disk[0] == '\0' && c.ntp[0] == '\0');
	CHECK(c.waitdisk_s == 5 && c.swap_bytes == 0);
	CHECK(!strcmp(c.user, "tc") && !strcmp(c.tce, "/tce"));
	CHECK(!c.tce_set && c.media[0] == '\0');
}

static void every_option(void)
{
	struct b2p_cmdline c;
	cmdline_defaults(&c);
	CHECK(cmdline_parse("  b2p.nodisk b2p.disk=LABEL=boot2podman-data b2p.debug\tb2p.swap=512M "
			    "b2p.waitdisk=30 b2p.user=core b2p.ntp=pool.ntp.org b2p.tce=/mnt/sr0/tce "
			    "b2p.noload=yes b2p.whatever=1 b2pnot=2 b2p.media=b2p-0.1.0-trixie-podman5.4.2\n", &c) == 0);
	CHECK(c.nodisk && c.debug && c.noload);
	CHECK(!strcmp(c.disk, "LABEL=boot2podman-data"));
	CHECK(c.swap_bytes == 512ULL << 20);
	CHECK(c.waitdisk_s == 30);
	CHECK(!strcmp(c.user, "core"));
	CHECK(!strcmp(c.ntp, "pool.ntp.org"));
	CHECK(!strcmp(c.tce, "/mnt/sr0/tce") && c.tce_set);
	CHECK(!strcmp(c.media, "b2p-0.1.0-trixie-podman5.4.2"));
}

static void bad_values_default(void)
{
	struct b2p_cmdline c;
	cmdline_defaults(&c);
	int bad = cmdline_parse("b2p.swap=lots b2p.waitdisk=-1 b2p.user=Root b2p.tce=relative "
				"b2p.disk= b2p.debug=maybe b2p.ntp b2p.waitdisk=9999 b2p.media= "
				"b2p.media=a-volume-id-longer-than-the-32-bytes-iso9660-allows", &c);
	CHECK(bad == 10);
	CHECK(!c.tce_set && c.media[0] == '\0');
	CHECK(c.swap_bytes == 0 && c.waitdisk_s == 5 && !strcmp(c.user, "tc"));
	CHECK(!strcmp(c.tce, "/tce") && c.disk[0] == '\0' && !c.debug && c.ntp[0] == '\0');
	/* Later good values still count; flags can be turned off again. */
	CHECK(cmdline_parse("b2p.debug b2p.debug=0 b2p.waitdisk=0", &c) == 0);
	CHECK(!c.debug && c.waitdisk_s == 0);
}

static void sizes(void)
{
	unsigned long long v;
	CHECK(cmdline_size("1G", &v) == 0 && v == 1ULL << 30);
	CHECK(cmdline_size("4096", &v) == 0 && v == 4096);
	CHECK(cmdline_size("2GiB", &v) == 0 && v == 2ULL << 30);
	CHECK(cmdline_size("64k", &v) == 0 && v == 65536);
	CHECK(cmdline_size("", &v) == -1);
	CHECK(cmdline_size("G", &v) == -1);
	CHECK(cmdline_size("1X", &v) == -1);
	CHECK(cmdline_size("99999999999999999999", &v) == -1);
	CHECK(cmdline_size("17T", &v) == -1);
}

static void long_word(void)
{
	struct b2p_cmdline c;
	char line[1200];
	cmdline_defaults(&c);
	memset(line, 'x', sizeof(line));
	memcpy(line, "b2p.disk=", 9);
	line[sizeof(line) - 1] = '\0';
	CHECK(cmdline_parse(line, &c) == 1 && c.disk[0] == '\0');
	memcpy(line, "foo.disk=", 9);
	CHECK(cmdline_parse(line, &c) == 0);
}

static void shares(void)
{
	struct b2p_cmdline c;
	cmdline_defaults(&c);
	CHECK(c.nshares == 0);
	CHECK(cmdline_parse("b2p.share=home:/home/alice/ b2p.share=Users:/Users b2p.share=x", &c) == 1);
	REQUIRE(c.nshares == 2);
	CHECK(!strcmp(c.share[0].tag, "home") && !strcmp(c.share[0].path, "/home/alice"));
	CHECK(!strcmp(c.share[1].tag, "Users") && !strcmp(c.share[1].path, "/Users"));
	/* where a mount would break the system, or the path is not plain */
	static const char *const bad[] = { "home:/", "home:/etc", "home:/var/lib/containers", "home:/proc/x",
					   "home:/home", "home:relative", "home:/a/../etc", "home:/a/..",
					   "home:/a//b", "home:/home/", "home:/etc//", "home:/a/.", ":/x", "t a:/x", "home:", "home" };
	struct b2p_share s;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(cmdline_share(bad[i], &s) == -1);
		if (tu_case_failed)
			fprintf(stderr, "    accepted '%s'\n", bad[i]);
	}
	CHECK(cmdline_share("mnt-1.x:/mnt/host", &s) == 0 && !strcmp(s.path, "/mnt/host"));
	CHECK(cmdline_share("home:/etcetera", &s) == 0);
	/* more than the table holds is a bad value, not an overflow */
	cmdline_defaults(&c);
	int bads = cmdline_parse("b2p.share=a:/a b2p.share=a:/b b2p.share=a:/c b2p.share=a:/d b2p.share=a:/e "
				 "b2p.share=a:/f b2p.share=a:/g b2p.share=a:/h b2p.share=a:/i", &c);
	CHECK(bads == 1 && c.nshares == CMDLINE_SHARES_MAX);
}

int main(void)
{
	TU_RUN(defaults);
	TU_RUN(every_option);
	TU_RUN(bad_values_default);
	TU_RUN(sizes);
	TU_RUN(long_word);
	TU_RUN(shares);
	return tu_finish();
}
