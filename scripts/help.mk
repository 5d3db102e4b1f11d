.PHONY: help
help: ## list the targets and variables
	@echo "boot2podman $(VERSION) — targets:"
	@grep -h -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) \
		| sed 's/:.*## /\t/' | awk -F'\t' '{ printf "  %-22s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: O=<dir> (outputs, default out/)  DL_DIR=<dir> (download cache,"
	@echo "  default ~/.cache/boot2podman/dl)  V=1 (show commands)  QEMU_ACCEL=kvm"
	@echo "  SOURCE_DATE_EPOCH=<s> (default: last commit time)"
	@echo "  FLAVOR=<name> the package set, one of: $(FLAVORS) (default $(DEFAULT_FLAVOR))"
	@echo "    trixie    Debian 13: podman 5, netavark + aardvark-dns, pasta, crun (runc too)"
	@echo "    bookworm  Debian 12: podman 4.3, CNI + dnsname, slirp4netns, runc (classic)"
	@echo "    kernel, init and bootloaders are shared; the default flavor's outputs"
	@echo "    are out/boot2podman.iso etc., another's out/boot2podman-<flavor>.iso etc."

.PHONY: clean distclean
clean: ## remove the outputs (ISO, initrds, stamps of the final stages)
	$(call msg,CLEAN,$(patsubst $(TOP)/%,%,$(O)) outputs)
	$(Q)rm -rf $(O)/iso $(O)/iso-* $(O)/boot2podman*.iso $(O)/SHA256SUMS* $(O)/manifest*.txt $(O)/legal-info* \
		$(STAMPS)/rootfs $(STAMPS)/packages* $(STAMPS)/iso-tree $(STAMPS)/iso-legal* $(BUILD)/rootfs
distclean: ## remove all of $(O) (build trees too; never the download cache)
	$(call msg,CLEAN,$(patsubst $(TOP)/%,%,$(O)))
	$(Q)rm -rf $(O)
