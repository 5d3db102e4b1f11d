/* What machine drivers and the tools on their hosts expect to find in a
 * podman VM, beside the podman service itself. */
#ifndef B2P_MACHINE_H
#define B2P_MACHINE_H

#define DOCKER_SOCK "/run/docker.sock"

/* Points LINK (DOCKER_SOCK in the image) at the rootful podman socket
 * (podman-docker's convention), so tools that only know docker's path find
 * podman.  A link elsewhere is replaced; anything else is kept.  Returns 0,
 * or -1 (reported) when the link is not there. */
int machine_docker_sock(const char *link, const char *podman_sock);

#endif
