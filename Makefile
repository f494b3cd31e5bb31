# A thin wrapper over Meson: `make run` and `make test` are the two entry points.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DEMO_DIR   ?= $(BUILD)/demo
HUB_DIR    ?= $(BUILD)/demo-hub
LISTEN     ?= 127.0.0.1:8080

.PHONY: all bootstrap build run demo-scan test bench bench-web bench-sigma bench-vulns format clean

all: build

bootstrap:
	@bash scripts/bootstrap.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: bootstrap $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The main job: the sharing hub on its embedded defaults, with demo members and keys.
run: build
	./$(BUILD)/fukurou demo --hub $(HUB_DIR)
	@echo
	@echo "fukurou hub: http://$(LISTEN)/  (TAXII 2.1 at /taxii2/, API at /api/v1/, OpenAPI at /api/v1/openapi.json)"
	@echo "The console (English and Japanese) opens at http://$(LISTEN)/ : sign in with an account's"
	@echo "API key from $(HUB_DIR)/demo-credentials.txt (the 'API key' field)."
	@echo "Or call the API with a key, for example:"
	@echo "  curl -H \"Authorization: Bearer \$$(awk '/^analyst/ {print \$$2}' $(HUB_DIR)/demo-credentials.txt)\" http://$(LISTEN)/api/v1/releases"
	@echo "  curl -u analyst:KEY -H 'Accept: application/taxii+json;version=2.1' http://$(LISTEN)/taxii2/"
	@echo "The hub streams its members' demo logs into itself: within seconds, see alerts, a campaign"
	@echo "across three sectors, and the released demo indicator matched at a member of its audience:"
	@echo "  curl -H \"Authorization: Bearer \$$(awk '/^analyst/ {print \$$2}' $(HUB_DIR)/demo-credentials.txt)\" http://$(LISTEN)/api/v1/alerts?engine=campaign"
	@echo "Stop with Ctrl-C."
	./$(BUILD)/fukurou serve --data $(HUB_DIR) --listen $(LISTEN) --stream $(HUB_DIR)/stream \
	  --rules rules/threshold.yml

# The offline scanner on a generated demo log set.
demo-scan: build
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
	bash bench/hub.sh
	$(MAKE) -s bench-web
	$(MAKE) -s bench-sigma

# The vulnerability pipeline at full size (300,000 generated CVEs, 100,000 systems): import,
# matching every ledger, an update of 1,000 CVEs; the release build, made by the script.
bench-vulns: bootstrap
	bash bench/vulns.sh

# Every Windows Sigma rule against 1M generated Sysmon/Security events, compiled and
# rule by rule (SIGMA: the SigmaHQ corpus, default ../shared/corpora/sigma).
bench-sigma: build
	bash bench/sigma.sh

# Web detection against ModSecurity + CRS (PL1, PL2) on the CRS regression tests, then
# the structural readers alone by folds of CRS rules (fold 2 held out: its misses are
# not written, so changes are made from the other folds only), then every generated
# everyday set (docs/web-signatures.md says which taught the rules and which were held
# out for their first measurement), and the real URLs written into this machine's files
# (bench/real_urls.py).
CRS_TESTS ?= ../shared/corpora/crs/tests
bench-web: build
	@if [ -d "$(CRS_TESTS)" ]; then \
	  python3 bench/crs_eval.py $(CRS_TESTS) $(BUILD)/fukurou bench/out/crs \
	    --modsec $(BUILD)/bench/fk-bench-modsec --holdout 2 && \
	  python3 bench/crs_eval.py $(CRS_TESTS) $(BUILD)/fukurou bench/out/crs-readers \
	    --readers-only --holdout 2 --generated 20000 && \
	  for g in site_traffic portal_traffic infra_traffic sector_traffic service_traffic cms_traffic app_traffic science_traffic market_traffic; do \
	    python3 bench/crs_eval.py $(CRS_TESTS) $(BUILD)/fukurou bench/out/crs-$$g --holdout 2 \
	      --generator $$g --generated 20000 --generated-bodies 0 | grep -A4 'Generated everyday' || exit 1; done && \
	  for b in benign_bodies site_bodies portal_bodies service_bodies cms_bodies collab_bodies health_bodies; do \
	    python3 bench/crs_eval.py $(CRS_TESTS) $(BUILD)/fukurou bench/out/crs-$$b --holdout 2 \
	      --generated 0 --body-generator $$b | grep 'generated everyday requests' || exit 1; done; \
	else echo "bench-web: $(CRS_TESTS) not found, skipped (set CRS_TESTS)"; fi
	@for s in docs refs bins apt; do \
	  python3 bench/real_urls.py $$s bench/out/real-$$s.log --scan $(BUILD)/fukurou \
	    --alarms bench/out/real-$$s-alarms.txt | sed -n '1,2p' || exit 1; done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-release
