/* The console: PID 1's own stdio, and root shells on the terminals. */
#ifndef B2P_CONSOLE_H
#define B2P_CONSOLE_H

/* Makes sure fds 0-2 are open on /dev/console (the kernel leaves them
 * closed when the initramfs has no /dev/console). */
void console_stdio(void);
/* Whether a terminal can really be opened (ttyS0 exists even without a
 * UART behind it). */
int console_usable(const char *tty);
/* In a forked child: new session, tty as controlling terminal and stdio,
 * then exec a login shell.  Never returns. */
void console_exec_shell(const char *tty) __attribute__((noreturn));

#endif
