/* The check before mounting (storage_fsck.c): the real e2fsck -p on image
 * files in the states a boot meets (clean, journal left by a power cut,
 * not cleanly unmounted, damage preen must not touch), every exit status
 * mapped, a missing tool, and a check that runs too long. */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage_fsck.h"
#include "tu.h"

static char *slurp(const char *path)
{
	static char buf[16384];
	memset(buf, 0, sizeof(buf));
	FILE *f = fopen(path, "r");
	if (!f)
		return buf;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static const char *fresh_fs(const char *name)
{
	const char *img = tu_path(name);
	if (tu_sh("rm -f '%s'; truncate -s 16M '%s' && mkfs.ext4 -q -F -L boot2podman-data '%s' >/dev/null 2>&1",
		  img, img, img) != 0)
		return NULL;
	return img;
}

static void statuses(void)
{
	CHECK(fsck_outcome_of(0) == FSCK_CLEAN);
	CHECK(fsck_outcome_of(1) == FSCK_REPAIRED);
	CHECK(fsck_outcome_of(2) == FSCK_REPAIRED);
	CHECK(fsck_outcome_of(3) == FSCK_REPAIRED);
	CHECK(fsck_outcome_of(-1) == FSCK_NOT_FIXED);
	/* any bit from 4 up, alone or with the "fixed" bits, means do not mount */
	for (int s = 4; s < 256; s++)
		if (fsck_outcome_of(s) != FSCK_NOT_FIXED) {
			fprintf(stderr, "    exit %d would be mounted\n", s);
			CHECK(0);
		}
	CHECK(strcmp(fsck_status_text(0), "clean") == 0);
	CHECK(strcmp(fsck_status_text(1), "errors fixed") == 0);
	CHECK(strstr(fsck_status_text(2), "reboot") != NULL);
	CHECK(strcmp(fsck_status_text(4), "errors left uncorrected") == 0);
	CHECK(strcmp(fsck_status_text(5), "errors left uncorrected") == 0);
	CHECK(strcmp(fsck_status_text(8), "operational error") == 0);
	CHECK(strcmp(fsck_status_text(12), "operational error") == 0);
	CHECK(strcmp(fsck_status_text(32), "cancelled") == 0);
	CHECK(strstr(fsck_status_text(128), "library") != NULL);
}

static void clean_fs(void)
{
	struct fsck_result r;
	const char *log = tu_path("clean.log");
	REQUIRE(tu_have("e2fsck") && tu_have("mkfs.ext4"));
	const char *img = fresh_fs("clean.img");
	REQUIRE(img);
	CHECK(fsck_run("e2fsck", img, log, 60, &r) == FSCK_CLEAN);
	CHECK(r.status == 0 && !r.journal_replayed && !r.timed_out && r.sig == 0);
	CHECK(strstr(r.summary, "exit 0, clean") != NULL);
	const char *l = slurp(log);
	CHECK(strstr(l, "e2fsck -p ") != NULL);                 /* dated header */
	CHECK(strstr(l, "boot2podman-data: clean") != NULL);    /* e2fsck's own words */
	CHECK(strstr(l, r.summary) != NULL);                    /* the outcome */
}

/* What a power cut during normal use leaves: a journal that needs replay
 * (debugfs writes a transaction and leaves it uncommitted to the fs). */
static void power_cut_journal(void)
{
	struct fsck_result r;
	const char *log = tu_path("journal.log");
	REQUIRE(tu_have("e2fsck") && tu_have("debugfs"));
	const char *img = fresh_fs("journal.img");
	REQUIRE(img);
	REQUIRE(tu_sh("echo data > '%s.blk' && printf 'jo\\njw -b 300 %s.blk\\njc\\n' | debugfs -w -f - '%s' >/dev/null 2>&1",
		      img, img, img) == 0);
	REQUIRE(tu_sh("dumpe2fs -h '%s' 2>/dev/null | grep -q needs_recovery", img) == 0);
	CHECK(fsck_run("e2fsck", img, log, 60, &r) == FSCK_REPAIRED);
	CHECK(r.status == 0 && r.journal_replayed);
	CHECK(strstr(r.summary, "replaying the journal") != NULL);
	CHECK(strstr(slurp(log), "recovering journal") != NULL);
	CHECK(tu_sh("dumpe2fs -h '%s' 2>/dev/null | grep -q needs_recovery", img) != 0);
	/* and the next check finds it clean */
	CHECK(fsck_run("e2fsck", img, log, 60, &r) == FSCK_CLEAN);
}

static void not_cleanly_unmounted(void)
{
	struct fsck_result r;
	const char *log = tu_path("dirty.log");
	REQUIRE(tu_have("e2fsck") && tu_have("debugfs"));
	const char *img = fresh_fs("dirty.img");
	REQUIRE(img);
	REQUIRE(tu_sh("debugfs -w -R 'ssv state 0' '%s' >/dev/null 2>&1", img) == 0);
	CHECK(fsck_run("e2fsck", img, log, 60, &r) == FSCK_REPAIRED);
	CHECK(r.status == 1 && strstr(r.summary, "exit 1, errors fixed") != NULL);
	CHECK(strstr(slurp(log), "check forced") != NULL);
}

/* Damage preen mode must not guess at: the root inode cleared. */
static void needs_manual_repair(void)
{
	struct fsck_result r;
	const char *log = tu_path("broken.log");
	REQUIRE(tu_have("e2fsck") && tu_have("debugfs"));
	const char *img = fresh_fs("broken.img");
	REQUIRE(img);
	REQUIRE(tu_sh("debugfs -w -R 'clri <2>' '%s' >/dev/null 2>&1 && debugfs -w -R 'ssv state 0' '%s' >/dev/null 2>&1",
		      img, img) == 0);
	CHECK(fsck_run("e2fsck", img, log, 60, &r) == FSCK_NOT_FIXED);
	CHECK(r.status & 4);
	CHECK(strstr(r.summary, "errors left uncorrected") != NULL);
	CHECK(strstr(slurp(log), "RUN fsck MANUALLY") != NULL);
}

static void missing_tool(void)
{
	struct fsck_result r;
	CHECK(fsck_run("/nonexistent/e2fsck", "/dev/null", NULL, 5, &r) == FSCK_NOT_RUN);
	CHECK(r.exec_errno == ENOENT && r.status == -1);
	CHECK(strstr(r.summary, "could not be started") != NULL);
	CHECK(fsck_run("b2p-no-such-fsck", "/dev/null", tu_path("missing.log"), 5, &r) == FSCK_NOT_RUN);
	CHECK(strstr(slurp(tu_path("missing.log")), "could not be started") != NULL);
}

/* A stand-in tool: prints lines, then does what `tail` says. */
static const char *fake_tool(const char *name, const char *tail)
{
	const char *p = tu_path(name);
	if (tu_sh("printf '#!/bin/sh\\ni=0; while [ $i -lt 30 ]; do echo line $i of $2; i=$((i+1)); done\\n%s\\n' > '%s'"
		  " && chmod 755 '%s'", tail, p, p) != 0)
		return NULL;
	return p;
}

static void exit_codes_through_the_runner(void)
{
	static const struct { int code; enum fsck_outcome want; } cases[] = {
		{ 0, FSCK_CLEAN }, { 1, FSCK_REPAIRED }, { 2, FSCK_REPAIRED }, { 4, FSCK_NOT_FIXED },
		{ 8, FSCK_NOT_FIXED }, { 12, FSCK_NOT_FIXED }, { 32, FSCK_NOT_FIXED }, { 128, FSCK_NOT_FIXED },
	};
	struct fsck_result r;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[32], tail[32];
		snprintf(name, sizeof(name), "exit%d.sh", cases[i].code);
		snprintf(tail, sizeof(tail), "exit %d", cases[i].code);
		const char *tool = fake_tool(name, tail);
		REQUIRE(tool);
		const char *log = tu_path("codes.log");
		CHECK(fsck_run(tool, "/dev/fake", log, 30, &r) == cases[i].want);
		CHECK(r.status == cases[i].code);
	}
	/* every line of output is in the log, not only the first 20 shown */
	const char *l = slurp(tu_path("codes.log"));
	CHECK(strstr(l, "line 0 of /dev/fake") != NULL && strstr(l, "line 29 of /dev/fake") != NULL);
}

static void killed_or_too_slow(void)
{
	struct fsck_result r;
	const char *tool = fake_tool("killed.sh", "kill -9 $$");
	REQUIRE(tool);
	CHECK(fsck_run(tool, "/dev/fake", NULL, 30, &r) == FSCK_NOT_FIXED);
	CHECK(r.sig == 9 && r.status == -1 && !r.timed_out);
	tool = fake_tool("slow.sh", "exec sleep 60");
	REQUIRE(tool);
	time_t t0 = time(NULL);
	CHECK(fsck_run(tool, "/dev/fake", tu_path("slow.log"), 1, &r) == FSCK_NOT_FIXED);
	CHECK(r.timed_out && r.sig == SIGTERM);
	CHECK(r.seconds >= 1.0 && r.seconds < 15.0);
	CHECK(time(NULL) - t0 < 15);
	CHECK(strstr(slurp(tu_path("slow.log")), "time limit") != NULL);
}

int main(void)
{
	TU_RUN(statuses);
	TU_RUN(clean_fs);
	TU_RUN(power_cut_journal);
	TU_RUN(not_cleanly_unmounted);
	TU_RUN(needs_manual_repair);
	TU_RUN(missing_tool);
	TU_RUN(exit_codes_through_the_runner);
	TU_RUN(killed_or_too_slow);
	return tu_finish();
}
