# GLib (conmon, slirp4netns).
glib_DEBS := libglib2.0-0 libffi8
glib_DEPS := glibc compress selinux util-linux-libs
glib_KEEP := /usr/lib/x86_64-linux-gnu/*.so*
glib_DEBS.trixie := libglib2.0-0t64 libffi8 libatomic1
