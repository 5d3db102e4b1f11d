# libFuzzer targets for the parsers that read outside input: one per
# fuzz_*.c (the driver's userdata tar, its extraction, the signature
# prober, the disk classifier, the disk's sysfs view, the kernel command
# line).  `make fuzz` runs each target for
# FUZZ_SECONDS (default 60) on a corpus under $(BUILD)/fuzz seeded from
# tests/fuzz/corpus; `make fuzz-smoke` replays the committed corpus and
# fuzzes 10 s each.  Crashes land in $(BUILD)/fuzz/<target>-crash-*.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SRCS    := $(sort $(wildcard $(TOP)/tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(patsubst $(TOP)/tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS    := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_NAMES))
# The whole init helper but its main(): it builds warning-free with clang
# as with gcc, so no hand-kept list of what the targets happen to call.
FUZZ_LIB     := $(sort $(filter-out %/main.c,$(wildcard $(TOP)/rootfs/init/*/*.c)))
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Werror $(patsubst %/,-I%,$(sort $(dir $(FUZZ_LIB))))

$(FUZZ_DIR)/fuzz_%: $(TOP)/tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(wildcard $(TOP)/rootfs/init/*/*.h)
	$(call msg,FUZZCC,$(patsubst $(TOP)/%,%,$<))
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB)

# run-fuzz NAME SECONDS: fuzz one target on its work corpus (seeded from
# the committed one), keeping crash files beside it.
define run-fuzz
	$(call msg,FUZZ,$(1) $(2)s)
	$(Q)mkdir -p $(FUZZ_DIR)/corpus-$(1)
	$(Q)cd $(FUZZ_DIR) && ./fuzz_$(1) -max_total_time=$(2) -max_len=70000 -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/$(1)- \
		corpus-$(1) $(TOP)/tests/fuzz/corpus/$(1) >$(FUZZ_DIR)/$(1).log 2>&1 \
		|| { tail -n 40 $(FUZZ_DIR)/$(1).log; exit 1; }
	$(Q)grep -E 'stat::number_of_executed_units|stat::new_units_added' $(FUZZ_DIR)/$(1).log | sed 's/^/          /'

endef

# replay-fuzz NAME: run every committed input once (a regression check).
define replay-fuzz
	$(call msg,REPLAY,$(1))
	$(Q)cd $(FUZZ_DIR) && ./fuzz_$(1) -runs=0 $(TOP)/tests/fuzz/corpus/$(1) >$(FUZZ_DIR)/$(1)-replay.log 2>&1 \
		|| { tail -n 40 $(FUZZ_DIR)/$(1)-replay.log; exit 1; }

endef

.PHONY: fuzz fuzz-smoke fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS) ## fuzz every parser of outside input, FUZZ_SECONDS each (default 60)
	$(foreach n,$(FUZZ_NAMES),$(call run-fuzz,$(n),$(FUZZ_SECONDS)))

fuzz-smoke: $(FUZZ_BINS) ## replay the committed fuzz corpus, then 10 s of fuzzing each
	$(foreach n,$(FUZZ_NAMES),$(call replay-fuzz,$(n)))
	$(foreach n,$(FUZZ_NAMES),$(call run-fuzz,$(n),10))
