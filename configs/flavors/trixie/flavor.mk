# Flavor "trixie" (default): Debian 13's podman 5 with netavark and
# aardvark-dns, pasta, crun (runc selectable), pinned in this directory's
# sources.lock.
# Licence-only .debs (iso/iso.mk): common-licenses, and libgcc-s1's docs.
FLAVOR_LEGAL_DEBS := base-files gcc-14-base
FLAVOR_LEGAL_USES := base-files=legal/common-licenses gcc-14-base=legal/copyright/libgcc-s1
