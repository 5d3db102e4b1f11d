.PHONY: help
help: ## list the targets and variables
	@echo "boot2podman $(VERSION) — targets:"
	@grep -h -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) \
		| sed 's/:.*## /\t/' | awk -F'\t' '{ printf "  %-22s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: O=<dir> (outputs, default out/)  DL_DIR=<dir> (download cache,"
	@echo "  default ~/.cache/boot2podman/dl)  V=1 (show commands)  QEMU_ACCEL=kvm"
	@echo "  SOURCE_DATE_EPOCH=<s> (default: last commit time)"

# Each stage adds what `clean` removes of it: CLEAN_FILES (outputs) and
# CLEAN_STAMPS (the stamps saying they are there).
.PHONY: clean distclean
clean: ## remove the outputs (ISO, initrds, stamps of the final stages)
	$(call msg,CLEAN,$(patsubst $(TOP)/%,%,$(O)) outputs)
	$(Q)rm -rf $(sort $(CLEAN_FILES) $(CLEAN_STAMPS))
distclean: ## remove all of $(O) (build trees too; never the download cache)
	$(call msg,CLEAN,$(patsubst $(TOP)/%,%,$(O)))
	$(Q)rm -rf $(O)
