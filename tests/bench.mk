# `make bench`: boot time, guest memory, container start and size benchmark
# (tests/bench.sh; BENCH_RUNS=5, BENCH_MEMFLOOR=1, BENCH_BUILD=1,
# QEMU_ACCEL=kvm).  Prints a table and writes $(O)/bench.json; never fails on
# a number.  `make bench-readme` puts the last table into README.md.

.PHONY: bench bench-readme
bench: iso $(CONRUN) ## benchmark boot time, memory, podman run and sizes (BENCH_RUNS=5); writes $(O)/bench.json
	$(Q)$(TEST_ENV) $(TOP)/tests/bench.sh

bench-readme: ## put the table of the last `make bench` into README.md
	$(call msg,GEN,README.md bench table)
	$(Q)O=$(O) $(TOP)/tests/bench.sh --readme
