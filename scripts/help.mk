.PHONY: help
help: ## list the targets and variables
	@echo "boot2podman $(VERSION) — targets:"
	@grep -h -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) \
		| sed 's/:.*## /\t/' | awk -F'\t' '{ printf "  %-22s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: O=<dir> (outputs, default out/)  DL_DIR=<dir> (download cache,"
	@echo "  default ~/.cache/boot2podman/dl)  V=1 (show commands)  QEMU_ACCEL=kvm"
	@echo "  SOURCE_DATE_EPOCH=<s> (default: last commit time)"
