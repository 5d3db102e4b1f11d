# skopeo: inspect and copy images between registries and stores.
skopeo_DEBS := skopeo
skopeo_DEPS := glibc gpgme devmapper containers-common ca-certificates
skopeo_DEPS.trixie := glibc gpgme sqlite containers-common ca-certificates
