/* The kernel protections PID 1 turns on at boot (issue 10, item 6), on a
 * stand-in /proc/sys tree; the boot case 32-disk-state reads the real one. */
#include <stdlib.h>
#include <string.h>

#include "mounts.h"
#include "tu.h"

static const char *const keys[] = {
	"fs/protected_hardlinks", "fs/protected_symlinks", "fs/protected_fifos",
	"fs/protected_regular", "kernel/kptr_restrict", "kernel/dmesg_restrict",
};

static void all_set(void)
{
	const char *d = tu_path("procsys");
	REQUIRE(tu_sh("mkdir -p '%s/fs' '%s/kernel'", d, d) == 0);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		REQUIRE(tu_sh("echo 0 > '%s/%s'", d, keys[i]) == 0);
	CHECK(mounts_sysctls(d) == 0);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (tu_sh("[ \"$(head -c 1 '%s/%s')\" = 1 ]", d, keys[i]) != 0) {
			fprintf(stderr, "    %s not set\n", keys[i]);
			TU_FAILED("a protection was left off");
		}
}

static void missing_reported(void)
{
	const char *d = tu_path("procsys-old");
	REQUIRE(tu_sh("mkdir -p '%s/fs' '%s/kernel' && echo 0 > '%s/fs/protected_hardlinks'", d, d, d) == 0);
	CHECK(mounts_sysctls(d) == 5);
}

int main(void)
{
	TU_RUN(all_set);
	TU_RUN(missing_reported);
	return tu_finish();
}
