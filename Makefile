# vsmmu: the two commands are `make demo` and `make check`.
#
# Every target first runs scripts/deps.sh, which installs missing Debian
# packages (idempotent). Builds live under build/.

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD := build
HOST := $(BUILD)/host
REL := $(BUILD)/release
FUZZ := $(BUILD)/fuzz
CMAKE_GEN := cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
FUZZ_SECONDS ?= 20

.PHONY: all deps host release check check-core check-layers check-fuzz \
	check-tsan demo bench fuzz format clean

all: host

deps:
	@sh scripts/deps.sh

# Debug build with AddressSanitizer + UBSan: what the tests run on.
host: deps
	@$(CMAKE_GEN) -S . -B $(HOST) -DCMAKE_BUILD_TYPE=Debug -DVSMMU_SANITIZE=ON >/dev/null
	@cmake --build $(HOST) -j$(JOBS) -- --no-print-directory

# Optimised build: the tools, the demo and the benchmarks.
release: deps
	@$(CMAKE_GEN) -S . -B $(REL) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(REL) -j$(JOBS) -- --no-print-directory

check-core: deps
	@sh scripts/check-core.sh $(BUILD)/aarch64

check-layers:
	@sh scripts/check-layers.sh

# libFuzzer targets (clang), each run for FUZZ_SECONDS on its seed corpus.
check-fuzz: deps
	@if [ -f tests/fuzz/CMakeLists.txt ]; then \
		CC=clang $(CMAKE_GEN) -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
			-DVSMMU_FUZZ=ON >/dev/null && \
		cmake --build $(FUZZ) -j$(JOBS) -- --no-print-directory && \
		sh scripts/run-fuzz.sh $(FUZZ) $(FUZZ_SECONDS); \
	fi

# The optimised build is part of check so that `make demo` cannot rot (-O2
# finds warnings -O0 does not). The fuzz runs come before CTest so that
# CTest's summary closes the output.
# ThreadSanitizer: only the tests that run threads, built in their own
# directory, each run three times (docs/security.md, "Concurrency").
TSAN := $(BUILD)/tsan
TSAN_TESTS := test_vsmmu_core test_viommu_concurrency test_psmmu_threads \
	test_hardening_threads
check-tsan: deps
	@$(CMAKE_GEN) -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=Debug -DVSMMU_TSAN=ON >/dev/null
	@cmake --build $(TSAN) -j$(JOBS) --target $(TSAN_TESTS) -- --no-print-directory
	@cd $(TSAN) && TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
		ctest --output-on-failure --repeat until-fail:3 \
		-R '^($(subst $(eval) ,|,$(strip $(TSAN_TESTS))))$$'

check: check-layers check-core host release check-tsan
	@$(MAKE) --no-print-directory check-fuzz
	@cd $(HOST) && ctest --output-on-failure -j$(JOBS)

demo: release
	@if [ -x $(REL)/tools/vsmmu-sim ]; then \
		$(REL)/tools/vsmmu-sim examples/basic/host.dts examples/basic/guest.cfg; \
	else \
		echo "make demo: the simulator (tools/vsmmu-sim) is not built yet" >&2; exit 1; \
	fi

# At -O2 (the targets' compiler setting), in its own build directory.
bench: release
	@$(CMAKE_GEN) -S . -B $(BUILD)/bench -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
	@cmake --build $(BUILD)/bench -j$(JOBS) --target vsmmu-bench -- --no-print-directory
	@$(BUILD)/bench/tools/vsmmu-bench --out bench/results.md

fuzz:
	@$(MAKE) --no-print-directory check-fuzz FUZZ_SECONDS=600

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

# Debian's arm64 kernel under hyp/ (our EL2 hypervisor embedding the
# library) on QEMU's nested SMMUv3: docs/linux-demo.md.
.PHONY: linux-demo
linux-demo: deps
	@sh scripts/linux-run.sh

# tests/linux: the same chain, checked (skips with the reason when its
# prerequisites cannot be had on this machine).
.PHONY: check-linux
check-linux: deps
	@sh tests/linux/run.sh
check: check-linux
