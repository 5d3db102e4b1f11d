# `make bench`: boot time (first boot on a driver-made 20 GiB sparse disk,
# warm boot of the same disk, RAM mode), guest memory, container start, the
# boot timeline's step medians and sizes, each beside its target with
# PASS/MISS (tests/bench.sh; BENCH_RUNS=5, BENCH_BASELINE=OTHER.iso for
# new/baseline ratios, BENCH_MEMFLOOR=1, BENCH_BUILD=1, QEMU_ACCEL=kvm).
# Prints the tables and writes $(O)/bench.json; never fails on a number.
# `make bench-readme` puts the last table into README.md.

.PHONY: bench bench-readme
bench: iso $(CONRUN) ## benchmark boots, memory, podman run and sizes against the targets (BENCH_RUNS=5, BENCH_BASELINE=x.iso); writes $(O)/bench.json
	$(Q)$(TEST_ENV) $(TOP)/tests/bench.sh

bench-readme: ## put the table of the last `make bench` into README.md
	$(call msg,GEN,README.md bench table)
	$(Q)O=$(O) $(TOP)/tests/bench.sh --readme
