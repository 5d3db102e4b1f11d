/* Child processes of the init helper: the one place that forks, execs,
 * waits and reaps.  Every function reports its own failures on the
 * console; the return convention is stated on each. */
#ifndef B2P_PROC_H
#define B2P_PROC_H

#include <sys/types.h>

/* In a freshly forked child: default signal dispositions, empty mask (PID 1
 * blocks everything and children inherit the mask, across exec too). */
void child_reset_signals(void);
/* Points stdin at /dev/null (a tool that asks a question on the console
 * would wait for ever) and stdout+stderr at logpath (appended), or leaves
 * them on the console when logpath is NULL. */
void child_redirect(const char *logpath);
/* In a forked child: execs argv[0], a path or a bare name looked up in
 * PATH and then in B2P_PATH (PID 1 may run with no PATH, and musl's
 * default lacks the sbin directories).  Returns only on failure, errno
 * set, without a message. */
void child_exec(char *const argv[]);

#define SPAWN_SETSID 1          /* its own session: console signals never reach it */

/* fork + child_reset_signals + child_redirect(logpath) + child_exec.
 * The pid, or -1 (reported). */
pid_t spawn(char *const argv[], const char *logpath, int flags);
/* Waits for that one child, at most timeout_ms (0: no limit); on timeout it
 * gets SIGTERM, then SIGKILL 2 s later.  The exit status (0-255), 128+sig
 * when a signal ended it, -1 when it timed out or could not be waited for
 * (reported). */
int wait_child(pid_t pid, const char *name, unsigned timeout_ms);
/* Waits for that one child with no time limit: 0 and its raw wait status,
 * or -1 (reported). */
int wait_pid(pid_t pid, const char *name, int *status);
/* spawn + wait_child: -1 also when it could not be started. */
int run_wait(char *const argv[], const char *logpath, unsigned timeout_ms);

/* A background task, off every boot path: a child with default signals,
 * no descriptor above 2 of the parent's (a boot job's result pipe must
 * not stay open for as long as it runs), in a process group of its own,
 * at the given nice value, running fn(arg) and then _exit(0).  Its pid,
 * or -1 (reported, naming `what`). */
pid_t bg_start(const char *what, void (*fn)(void *), void *arg, int nice);

/* Who hears about reaped children: PID 1 dispatches them to the services
 * and boot jobs.  NULL (the default) only reaps. */
void reap_set_handler(void (*fn)(pid_t pid, int status));
/* Reaps every child that has exited, without blocking, handing each to
 * the handler.  How many were reaped, or -1 when there are no children
 * at all. */
int reap_children(void);
/* "exit 1", "signal 9 (Killed)" */
void describe_status(int st, char *buf, unsigned n);

#endif
