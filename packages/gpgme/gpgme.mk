# GPGME + libassuan (image signatures in podman, buildah, skopeo).
gpgme_DEBS := libgpgme11 libassuan0
gpgme_DEPS := glibc gpg-error
gpgme_DEBS.trixie := libgpgme11t64 libassuan9
