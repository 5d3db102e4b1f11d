# Flavor "bookworm" (classic): Debian 12's podman 4.3 with CNI (cni-plugins,
# dnsname), slirp4netns and runc, pinned in this directory's sources.lock.
# Licence-only .debs (iso/iso.mk): common-licenses, and libgcc-s1's docs.
FLAVOR_LEGAL_DEBS := base-files gcc-12-base
FLAVOR_LEGAL_USES := base-files=legal/common-licenses gcc-12-base=legal/copyright/libgcc-s1
