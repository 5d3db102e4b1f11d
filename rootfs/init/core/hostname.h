/* The machine's host name. */
#ifndef B2P_HOSTNAME_H
#define B2P_HOSTNAME_H

/* Sets the host name from the first readable file (first line); falls back
 * to "boot2podman". */
void set_hostname_from(const char *const files[]);

#endif
