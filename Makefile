# The two commands of the README, plus `build`. Everything goes through CMake + Ninja.
BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc)

.PHONY: setup build demo test test-sanitize test-tsan test-tsan-all fuzz clean

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja: | setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/twinmatch demo
	$(BUILD)/bin/twinmatch report

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/),
# Verilator and SystemC suites included (the verilated model is built at -O1 without debug
# information there: sim/CMakeLists.txt). Left out: the checks of the HLS object file's symbols,
# which judge the synthesis flags, not run time; the perf guard, which counts instructions that
# instrumentation changes, and the prefetch guard, which reads machine code that it changes; and
# the Google Benchmark sweep of every backend, whose code the small report run covers
# (instrumented, the sweep alone takes over six minutes); the packaging checks, which build
# the engine afresh without the sanitizers (tests/packaging); the bounded-memory checks of
# `run`, which judge peak RSS that ASan's shadow memory and quarantine inflate; the formal
# proofs (yosys-smtbmc runs none of our compiled code) and the checks that docs tables match
# fresh runs (the suites they rerun are in the sanitized run already). Third-party
# findings we cannot fix are suppressed one by one in scripts/sanitizers/ (each entry says why);
# ours get fixed.
SANITIZE_SKIP = hls_synth|hls_symbol|perf guard|band width guard|look-ahead prefetches|benchmarks run on every registered backend|packaging:|streams in bounded memory|rtl/formal|^docs:|rtl/docs_
SANITIZERS_DIR = $(CURDIR)/scripts/sanitizers
# Sanitized builds at -O1 (the level the sanitizers' documentation recommends) with line tables
# only (-g1: file and line in every report's stack, no variable information): they compile in
# about half the time of -O2 -g, most of CI's time.
SANITIZED_BUILD_TYPE = -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO='-O1 -g1 -DNDEBUG' -DCMAKE_C_FLAGS_RELWITHDEBINFO='-O1 -g1 -DNDEBUG'
test-sanitize: setup
	cmake -S . -B $(BUILD)-asan -G Ninja $(SANITIZED_BUILD_TYPE) \
	  -DTWINMATCH_SANITIZE=address,undefined
	cmake --build $(BUILD)-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(SANITIZERS_DIR)/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(SANITIZERS_DIR)/ubsan.supp \
	  ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS) -E '$(SANITIZE_SKIP)'

# ThreadSanitizer (build-tsan/) on the code where two threads share state: the durable journal's
# flusher thread (sync policy `pipelined`), exercised by the durable suites, the event file
# writer's two threads (`writers:`), and the host driver suites, which a threaded driver would
# land in first. SystemC runs its processes as coroutines on one OS thread (which TSan cannot
# follow), so the link model stays out. The SIGKILL crash test (which also runs pipelined
# children) takes minutes under TSan: `make test-tsan-all`.
TSAN_TARGETS = host_driver_tests durable_tests durable_tests_generated durable_tests_sw \
  durable_crash_child durable_crash_test event_writer_tests
TSAN_SKIP = dma|cli|crash
test-tsan test-tsan-all: setup
	cmake -S . -B $(BUILD)-tsan -G Ninja $(SANITIZED_BUILD_TYPE) -DTWINMATCH_SANITIZE=thread
	cmake --build $(BUILD)-tsan -j $(JOBS) --target $(TSAN_TARGETS)
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --test-dir $(BUILD)-tsan --output-on-failure -j $(JOBS) -R '^(host|durable|writers):' \
	  -E '$(if $(filter test-tsan-all,$@),dma|cli,$(TSAN_SKIP))'

# libFuzzer targets with clang, each run for FUZZ_SECONDS from the seed corpus.
FUZZ_SECONDS ?= 30
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)
