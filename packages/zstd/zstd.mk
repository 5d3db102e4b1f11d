# zstd: the decompressor undelta (files/) rebuilds the programs that ship as
# patches (buildah, skopeo: <name>_DELTA) with.  Only the zstd program: it
# carries its own libzstd.
zstd_DEBS := zstd
zstd_DEPS := glibc compress
zstd_KEEP := /usr/bin/zstd
