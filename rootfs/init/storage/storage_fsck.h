/* The check before the data file system is mounted: `e2fsck -p` (preen:
 * repairs what is safe to repair without asking, stops on anything else).
 * See docs/disk-protocol.md, "Checking the file system". */
#ifndef B2P_STORAGE_FSCK_H
#define B2P_STORAGE_FSCK_H

enum fsck_outcome {
	FSCK_CLEAN,             /* exit 0: mount */
	FSCK_REPAIRED,          /* exit 1 or 2, or a replayed journal: repaired, mount */
	FSCK_NOT_FIXED,         /* exit 4 and up, killed, timed out: do not mount */
	FSCK_NOT_RUN,           /* the tool could not be started (not installed) */
};

struct fsck_result {
	enum fsck_outcome outcome;
	int status;             /* exit status, -1 when it did not exit by itself */
	int sig;                /* signal that ended it, 0 if none */
	int timed_out;
	int exec_errno;         /* why it could not be started (FSCK_NOT_RUN) */
	double seconds;         /* how long it ran */
	int journal_replayed;   /* it said "recovering journal": an unclean shutdown */
	char summary[640];      /* one line for the console: what happened */
};

/* The meaning of an e2fsck exit status for mounting: 0 clean; 1 errors
 * fixed; 2 fixed, reboot advised (only matters for a mounted root, which
 * ours never is); any of 4 (left uncorrected), 8 (operational error), 16
 * (usage), 32 (cancelled), 128 (library error) means do not mount. */
enum fsck_outcome fsck_outcome_of(int status);
/* Those bits in words, e.g. "errors left uncorrected". */
const char *fsck_status_text(int status);

/* Runs `tool -p dev` (tool: "e2fsck", found in the sbin directories when
 * PATH lacks them).  Every line it prints goes to the console as
 * "e2fsck: ..." (the first 20) and to logpath (appended, with a dated
 * header and the outcome), so the result lands in the persistent log
 * once /var/log moves to the disk.  After timeout_s it is stopped
 * (SIGTERM, SIGKILL 10 s later) and counts as not fixed.  Fills r and
 * returns its outcome. */
enum fsck_outcome fsck_run(const char *tool, const char *dev, const char *logpath, unsigned timeout_s,
			   struct fsck_result *r);

#endif
