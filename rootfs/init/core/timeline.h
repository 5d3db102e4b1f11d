/* The boot timeline (docs/TIMELINE-FORMAT in docs/boot-sequence.md): one
 * line "<start_ms> <duration_ms> <step>" per boot step, written as the
 * step ends, times in milliseconds since the kernel started
 * (CLOCK_BOOTTIME).  Any process may add a line: each is one write() on an
 * O_APPEND descriptor, so the boot jobs (child processes) record their own
 * steps and lines from several processes never interleave. */
#ifndef B2P_TIMELINE_H
#define B2P_TIMELINE_H

#include <stddef.h>

#define TIMELINE_DIR "/run/boot2podman"
#define TIMELINE_PATH TIMELINE_DIR "/timeline"
/* Made by PID 1 when the ready line goes out: background work that must
 * not slow the boot (the package check) waits for it. */
#define READY_MARK TIMELINE_DIR "/ready"
/* Where PID 1 keeps the kernel's end (its own start) across the root
 * switch's re-exec. */
#define TIMELINE_T0_ENV "B2P_T0_MS"

/* Milliseconds since the kernel started; -1 when the clock fails. */
long long timeline_now_ms(void);
/* Appends one line to `path` (made, with its directory, when missing).
 * Steps are short names without blanks; others are refused.  0 or -1
 * (reported). */
int timeline_add_to(const char *path, long long start_ms, long long dur_ms, const char *step);
/* The same on TIMELINE_PATH. */
int timeline_add(long long start_ms, long long dur_ms, const char *step);
/* A step that started at start_ms (timeline_now_ms()) ends now. */
void timeline_end(const char *step, long long start_ms);
/* The console summary of a timeline's text: "kernel=850 rootcopy=310 ...
 * ready=6120", each step's duration in file order, ready as its start.
 * Lines that do not parse are skipped.  The number of steps put in out
 * (cut at a whole pair when out is too small). */
int timeline_summary(const char *text, char *out, size_t n);
/* Reads `path` (up to 16 KiB) and fills out as timeline_summary; -1 when
 * it cannot be read (reported). */
int timeline_summary_of(const char *path, char *out, size_t n);

/* Copies the timeline to dst (replaced whole, through a temporary file):
 * the persistent log keeps the last boot's.  0 or -1 (reported). */
int timeline_copy(const char *src, const char *dst);

#endif
