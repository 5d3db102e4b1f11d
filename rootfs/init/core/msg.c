#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int b2p_debug;
int b2p_quiet;

static void emit(const char *prefix, const char *err, const char *fmt, va_list ap)
{
	char buf[1024];
	if (b2p_quiet)
		return;
	int n = snprintf(buf, sizeof(buf), "%s", prefix);
	int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	if (err) {
		int e = snprintf(buf + len, sizeof(buf) - len, ": %s", err);
		len += e < 0 ? 0 : (size_t)e;
		if (len > sizeof(buf) - 2)
			len = sizeof(buf) - 2;
	}
	buf[len++] = '\n';
	/* Nothing sensible to do if the console itself fails. */
	ssize_t w = write(STDERR_FILENO, buf, len);
	(void)w;
}

void b2p_log(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	emit("b2p: ", NULL, fmt, ap);
	va_end(ap);
	errno = saved;
}

void b2p_err(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	emit("b2p: ", strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void b2p_dbg(const char *fmt, ...)
{
	if (!b2p_debug)
		return;
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	emit("b2p: ", NULL, fmt, ap);
	va_end(ap);
	errno = saved;
}

void b2p_raw(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	emit("", NULL, fmt, ap);
	va_end(ap);
	errno = saved;
}
