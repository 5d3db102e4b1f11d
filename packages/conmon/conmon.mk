# conmon, the container monitor.
conmon_DEBS := conmon
conmon_DEPS := glibc glib systemd-libs
