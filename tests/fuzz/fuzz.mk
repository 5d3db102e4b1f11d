# libFuzzer targets for the parsers that read outside input: the driver's
# userdata tar and the signature prober.  `make fuzz` runs each target for
# FUZZ_SECONDS (default 60) on a corpus under $(BUILD)/fuzz seeded from
# tests/fuzz/corpus; `make fuzz-smoke` replays the committed corpus and
# fuzzes 10 s each.  Crashes land in $(BUILD)/fuzz/<target>-crash-*.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SRCS    := $(sort $(wildcard $(TOP)/tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(patsubst $(TOP)/tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS    := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_NAMES))
# Only the parsers' code (storage, command line): the targets need nothing else, and clang's
# warnings on the rest of the init helper are not this target's business.
FUZZ_LIB     := $(sort $(wildcard $(addprefix $(TOP)/rootfs/init/,storage*.c probe*.c mbr*.c \
	userdata*.c tar*.c disk*.c mkfs*.c cmdline.c log.c)))
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Werror -I$(TOP)/rootfs/init

$(FUZZ_DIR)/fuzz_%: $(TOP)/tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(wildcard $(TOP)/rootfs/init/*.h)
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

fuzz: $(FUZZ_BINS) ## fuzz the tar and signature parsers, FUZZ_SECONDS each (default 60)
	$(foreach n,$(FUZZ_NAMES),$(call run-fuzz,$(n),$(FUZZ_SECONDS)))

fuzz-smoke: $(FUZZ_BINS) ## replay the committed fuzz corpus, then 10 s of fuzzing each
	$(foreach n,$(FUZZ_NAMES),$(call replay-fuzz,$(n)))
	$(foreach n,$(FUZZ_NAMES),$(call run-fuzz,$(n),10))
