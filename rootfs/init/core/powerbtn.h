/* The ACPI power button, read straight from its evdev node (no acpid). */
#ifndef B2P_POWERBTN_H
#define B2P_POWERBTN_H

#define POWERBTN_MAX 4

/* Opens every /dev/input/event* that can report KEY_POWER; returns how
 * many fds were put in fds. */
int powerbtn_open(int fds[], int max);
/* Reads pending events from fd; 1 when the button was pressed. */
int powerbtn_pressed(int fd);

#endif
