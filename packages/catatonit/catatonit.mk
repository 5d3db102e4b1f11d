# catatonit: the init for `podman run --init`.
catatonit_DEBS := catatonit
