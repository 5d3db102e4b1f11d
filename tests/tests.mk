# `make test`: builds the ISO, runs the unit tests (sanitizers on), then
# every tests/cases/*.sh against the real ISO in QEMU, and prints
# "N passed, N failed".  TESTS="tests/cases/01-boot-cdrom.sh ..." picks some.

include $(TOP)/tests/unit/unit.mk $(wildcard $(TOP)/tests/fuzz/fuzz.mk)

CONRUN := $(BUILD)/tests/conrun

$(CONRUN): $(TOP)/tests/tools/conrun.c
	$(call msg,HOSTCC,conrun)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# The classic flavor's ISO, out/boot2podman-bookworm.iso, for case 44 (the
# classic stack, then its data disk upgraded to the default ISO): a make of
# its own, which shares the kernel and the base with the default flavor.
.PHONY: iso-classic
iso-classic:
	$(Q)$(MAKE) --no-print-directory FLAVOR=bookworm iso
test: iso-classic

.PHONY: test test-cases
# The unit tests' exit status and results file go to run.sh, which counts a
# unit build that fails (no results) or a run that fails as failures.
test: iso $(CONRUN) ## build, then run unit tests and boot tests (ends with "N passed, N failed")
	$(Q)rm -f $(UNIT_DIR)/results
	$(Q)rc=0; $(MAKE) --no-print-directory unit-test || rc=$$?; \
		O=$(O) CONRUN=$(CONRUN) UNIT_RESULTS=$(UNIT_DIR)/results UNIT_RC=$$rc \
		$(TOP)/tests/run.sh $(TESTS)

test-cases: $(CONRUN) ## run only tests/cases (TESTS=... to pick), no rebuild
	$(Q)O=$(O) CONRUN=$(CONRUN) $(TOP)/tests/run.sh $(TESTS)

# The tests' host clients (tests/tools/tools.in) have a lock of their own:
# pinned like the image's inputs, but neither shipped nor in /legal.
TOOLS_LOCK := $(TOP)/tests/tools/tools.lock
.PHONY: update-tools-lock
update-lock: update-tools-lock
update-tools-lock: ## re-resolve the tests' host clients into tests/tools/tools.lock
	$(Q)$(TOP)/scripts/update-lock.sh $(TOOLS_LOCK) $(shell grep -v '^\#' $(TOP)/tests/tools/tools.in)
