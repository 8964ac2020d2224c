# The two commands of the README, plus `build`. Everything goes through CMake + Ninja.
BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc)

.PHONY: setup build demo test test-sanitize test-tsan fuzz clean

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

# The software suites again under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
# The Verilator and SystemC suites are left out: their generated models take longer to build
# under the sanitizers than the whole CI budget allows; so are the checks of the HLS object
# file's symbols, which judge the synthesis flags, not run time.
SANITIZE_TARGETS = reference_tests tools_tests sw_engine_tests sw_engine_c_header_check \
  twinmatch_hls_tests twinmatch_hls_tb hls_make_tb_streams host_driver_tests durable_tests \
  durable_tests_generated durable_tests_sw durable_crash_child durable_crash_test \
  fuzz_stream_decoder fuzz_reference_invariants fuzz_engines_agree
SANITIZE_SKIP = rtl|dma|cli|robustness|bench|hls_tb_matches_cli|hls_synth|hls_symbol

test-sanitize: setup
	cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTWINMATCH_SANITIZE=address,undefined
	cmake --build $(BUILD)-asan -j $(JOBS) --target $(SANITIZE_TARGETS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS) -E '$(SANITIZE_SKIP)'

# ThreadSanitizer (build-tsan/). Nothing in the repository starts a thread today: the engines,
# the host driver and the durable journal run on the caller's thread, and SystemC runs its
# processes as coroutines on one OS thread (which TSan cannot follow, so the link model and
# everything linking it stay out). This runs the suites where a second thread is expected first
# -- the durable engine (a journal flusher) and the host driver -- so the gate is already there
# when one lands. Add a target here once its code shares state between threads.
TSAN_TARGETS = host_driver_tests durable_tests durable_tests_generated durable_tests_sw \
  durable_crash_child durable_crash_test
test-tsan: setup
	cmake -S . -B $(BUILD)-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTWINMATCH_SANITIZE=thread
	cmake --build $(BUILD)-tsan -j $(JOBS) --target $(TSAN_TARGETS)
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --test-dir $(BUILD)-tsan --output-on-failure -j $(JOBS) -R '^(host|durable):' -E 'dma|cli'

# libFuzzer targets with clang, each run for FUZZ_SECONDS from the seed corpus.
FUZZ_SECONDS ?= 30
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)
