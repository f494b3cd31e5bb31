# A thin wrapper over Meson: `make run` and `make test` are the two entry points.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DEMO_DIR   ?= $(BUILD)/demo

.PHONY: all bootstrap build run test test-unit test-asan fuzz bench format clean

all: build

bootstrap:
	@bash scripts/bootstrap.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: bootstrap $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Until the hub exists, the main job scans a generated demo log set.
run: build
	./$(BUILD)/fukurou demo $(DEMO_DIR)
	./$(BUILD)/fukurou scan --summary --output table --aggregate \
	  --ioc $(DEMO_DIR)/indicators.txt --ioc $(DEMO_DIR)/indicators.stix.json \
	  --rules rules/threshold.yml \
	  $(DEMO_DIR)/access.log $(DEMO_DIR)/auth.log $(DEMO_DIR)/sysmon.json; \
	  status=$$?; [ $$status -le 1 ] || exit $$status

# Unit and end-to-end tests, the same under ASan+UBSan, then each fuzz target briefly;
# ends with one summary line.
test: bootstrap
	@bash scripts/test.sh

bench: build
	bash bench/run.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
