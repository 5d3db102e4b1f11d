/* Persistent data disk: find it, prepare it when the driver asked for it,
 * mount it and bind the persistent directories.  See docs/disk-protocol.md. */
#ifndef B2P_STORAGE_H
#define B2P_STORAGE_H

struct storage_opts {
	int nodisk;                     /* b2p.nodisk: RAM mode, no probing */
	const char *disk;               /* b2p.disk=: device path or LABEL=x; only this may be formatted */
	unsigned waitdisk_s;            /* b2p.waitdisk=, default 5 */
	unsigned long long swap_bytes;  /* b2p.swap=, 0 = none */
	int debug;
	const char *user;               /* default "tc" */
};

struct storage_result {
	int persistent;                 /* 1: the data partition is mounted and bound */
	char device[64];                /* e.g. /dev/vda1 */
	char mountpoint[128];           /* e.g. /mnt/vda1 */
};

/* Where the persistent state lives once storage_setup() returns (a plain
 * directory in RAM mode): etc/hostname, ssh/, profile, bootsync.sh,
 * bootlocal.sh, userdata.tar, log/. */
#define STORAGE_STATE_DIR "/var/lib/boot2podman"

/* Finds or prepares the data disk, mounts it, binds the persistent dirs,
 * applies userdata.  Never fails the boot: on any problem it reports and
 * falls back to RAM mode (persistent=0), and still applies nothing
 * destructive.  Returns 0 in both cases. */
int storage_setup(const struct storage_opts *o, struct storage_result *r);

#endif
