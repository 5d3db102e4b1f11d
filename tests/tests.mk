# `make test`: builds the ISO, runs the unit tests (sanitizers on), then
# every tests/cases/*.sh against the real ISO in QEMU, and prints
# "N passed, N failed".  TESTS="tests/cases/01-boot-cdrom.sh ..." picks some.

include $(TOP)/tests/unit/unit.mk $(wildcard $(TOP)/tests/fuzz/fuzz.mk)

CONRUN := $(BUILD)/tests/conrun

$(CONRUN): $(TOP)/tests/tools/conrun.c
	$(call msg,HOSTCC,conrun)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# What the cases (and the benchmark) may use of the build, handed over as
# environment; nothing else of $(O) is theirs to read.  O itself only for
# the cases that run make.
TEST_ENV := O=$(O) CONRUN=$(CONRUN) B2P_ISO=$(ISO) \
	B2P_KERNEL=$(KERNEL_IMAGE) B2P_KERNEL_SRC=$(KERNEL_SRC) \
	B2P_CORE_INITRD=$(CORE_INITRD) B2P_PKG_INITRD=$(PKG_INITRD) \
	B2P_PKG_SET=$(PKG_SET_DIR) B2P_ROOTFS=$(ROOTFS) B2P_BUSYBOX=$(BUSYBOX_BIN) \
	B2P_TEST_ONLY_INPUTS='$(LOCK_TEST_ONLY)' 

.PHONY: test test-cases
# The unit tests' exit status and results file go to run.sh, which counts a
# unit build that fails (no results) or a run that fails as failures.
test: iso $(CONRUN) ## build, then run unit tests and boot tests (ends with "N passed, N failed")
	$(Q)rm -f $(UNIT_DIR)/results
	$(Q)rc=0; $(MAKE) --no-print-directory unit-test || rc=$$?; \
		$(TEST_ENV) UNIT_RESULTS=$(UNIT_DIR)/results UNIT_RC=$$rc \
		$(TOP)/tests/run.sh $(TESTS)

test-cases: $(CONRUN) ## run only tests/cases (TESTS=... to pick), no rebuild
	$(Q)$(TEST_ENV) $(TOP)/tests/run.sh $(TESTS)

.PHONY: check-repro
check-repro: ## build the ISO twice (other umask, other dir) and compare byte for byte
	$(Q)$(TOP)/tests/check-repro.sh iso
