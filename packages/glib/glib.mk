# GLib (conmon, slirp4netns): libglib only.  Nothing in the set links
# gio, gobject, gmodule or gthread (nor, through gobject, libffi).
glib_DEBS := libglib2.0-0
glib_DEPS := glibc compress selinux util-linux-libs
glib_KEEP := */libglib-2.0.so* */libatomic.so*
glib_DEBS.trixie := libglib2.0-0t64 libatomic1
