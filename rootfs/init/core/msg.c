#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int b2p_debug;
int b2p_quiet;

/* Keeps errno as the caller had it: b2p_err reads it, and callers often
 * report and then test it. */
static void emit(const char *prefix, int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;
	char buf[1024];
	if (b2p_quiet)
		return;
	int n = snprintf(buf, sizeof(buf), "%s", prefix);
	int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	if (with_errno) {
		int e = snprintf(buf + len, sizeof(buf) - len, ": %s", strerror(saved));
		len += e < 0 ? 0 : (size_t)e;
		if (len > sizeof(buf) - 2)
			len = sizeof(buf) - 2;
	}
	buf[len++] = '\n';
	/* Nothing sensible to do if the console itself fails. */
	ssize_t w = write(STDERR_FILENO, buf, len);
	(void)w;
	errno = saved;
}

/* The four entry points below look alike on purpose (a deliberate
 * exception to "say it once"): C forwards a printf-style argument list
 * only through a va_list, so each takes its own and hands it to emit(). */
void b2p_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("b2p: ", 0, fmt, ap);
	va_end(ap);
}

void b2p_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("b2p: ", 1, fmt, ap);
	va_end(ap);
}

void b2p_dbg(const char *fmt, ...)
{
	va_list ap;
	if (!b2p_debug)
		return;
	va_start(ap, fmt);
	emit("b2p: ", 0, fmt, ap);
	va_end(ap);
}

void b2p_raw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("", 0, fmt, ap);
	va_end(ap);
}
