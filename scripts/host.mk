# Host tools: checked once per change of configs/host-packages; missing ones
# are installed with apt-get when we are root on Debian, listed otherwise.
HOST_STAMP := $(call stamp,host-tools)

$(HOST_STAMP): $(TOP)/configs/host-packages $(TOP)/scripts/host-check.sh | $(STAMPS)
	$(Q)$(TOP)/scripts/host-check.sh $(TOP)/configs/host-packages
	$(Q)touch $@

.PHONY: host-tools
host-tools: $(HOST_STAMP) ## check (and on Debian as root, install) the host tools
