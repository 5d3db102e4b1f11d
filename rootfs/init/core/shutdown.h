/* Orderly end of the machine: containers, services, every process, file
 * systems, loops, then the reboot(2) call. */
#ifndef B2P_SHUTDOWN_H
#define B2P_SHUTDOWN_H

enum shutdown_how { SHUTDOWN_POWEROFF, SHUTDOWN_REBOOT, SHUTDOWN_HALT };

/* Never returns (sleeps forever if reboot(2) itself fails). */
void shutdown_system(enum shutdown_how how) __attribute__((noreturn));

#endif
