# The two commands of the README, plus `build`. Everything goes through CMake + Ninja.
BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc)

.PHONY: setup build demo test clean

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
