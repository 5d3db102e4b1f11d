/* Network interfaces: bringing them up, finding the ethernet ones, and
 * their IPv4 addresses for the ready line. */
#ifndef B2P_NETIF_H
#define B2P_NETIF_H

#include <net/if.h>
#include <stddef.h>

/* Sets IFF_UP; -1 on failure (reported). */
int netif_up(const char *name);
/* Ethernet interfaces backed by a device, sorted; returns the count. */
int netif_ethernet(char names[][IF_NAMESIZE], int max);
/* "10.0.2.15,192.168.1.4" (not loopback) into buf; returns the count. */
int netif_ipv4(char *buf, size_t n);

#endif
