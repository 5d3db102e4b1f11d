/* varlog.c: size rotation keeps one old copy and truncates in place, so a
 * writer holding an O_APPEND descriptor goes on writing to the live file. */
#include "varlog.h"
#include "tu.h"

#include <limits.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static off_t size_of(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? st.st_size : -1;
}

static void rotates_big_files_only(void)
{
	const char *dir = tu_path("logdir");
	REQUIRE(tu_sh("mkdir -p '%s' && head -c 5000 /dev/zero >'%s/big.log' && echo hi >'%s/small.log'",
		      dir, dir, dir) == 0);
	char big[PATH_MAX], old[PATH_MAX], small[PATH_MAX];
	snprintf(big, sizeof(big), "%s/big.log", dir);
	snprintf(old, sizeof(old), "%s/big.log.1", dir);
	snprintf(small, sizeof(small), "%s/small.log", dir);
	int w = open(big, O_WRONLY | O_APPEND);
	REQUIRE(w >= 0);

	CHECK(varlog_rotate(dir, 4096) == 1);
	CHECK(size_of(old) == 5000);
	CHECK(size_of(big) == 0);
	CHECK(size_of(small) == 3);
	CHECK(write(w, "after\n", 6) == 6);
	CHECK(size_of(big) == 6); /* O_APPEND writes land at the new end */
	close(w);

	/* the .1 copy is never rotated itself, and a second pass has nothing to do */
	CHECK(varlog_rotate(dir, 4096) == 0);
	CHECK(size_of(old) == 5000);
}

static void missing_dir_is_reported_not_fatal(void)
{
	CHECK(varlog_rotate(tu_path("no-such-dir"), 1) == -1);
}

int main(void)
{
	TU_RUN(rotates_big_files_only);
	TU_RUN(missing_dir_is_reported_not_fatal);
	return tu_finish();
}
