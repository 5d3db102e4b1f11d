/* Console messages of the init helper: one write() per line so lines from
 * PID 1 and its children do not interleave mid-line. */
#ifndef B2P_MSG_H
#define B2P_MSG_H

/* "b2p: " + message + newline on stderr (the console for PID 1). */
void b2p_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, followed by ": " and strerror(errno) (errno is preserved). */
void b2p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only with b2p.debug. */
void b2p_dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line without the prefix (the ready line). */
void b2p_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Set from b2p.debug: b2p_dbg prints only then. */
extern int b2p_debug;
/* Silences every message (fuzz targets only: to the boot they are its
 * diagnostics). */
extern int b2p_quiet;

#endif
