# Line editing for nft and ssh (trixie only; bookworm's openssh carries it).
libedit_DEBS := libedit2 libtinfo6
libedit_DEPS := glibc libbsd
