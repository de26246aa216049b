# pocket-coffea — the two commands of the README, plus install.
#   make example   install missing system packages, build in release mode, run the bundled example
#   make test      install missing system packages, run the whole test suite (with a local Rucio server,
#                  scripts/rucio-server.sh, started before and stopped after)
#   make install PREFIX=/usr/local   install the binary and its subcommand links
#   make bench-dry-run   build in release mode, then time dry-run job compilation against the Python reference
#   make bench-user-log-poll   time one check-jobs poll of 10,000 jobs' HTCondor logs against htcondor2's reader
#   make bench-merge     build in release mode, then time merge-outputs of 5,000 job outputs against the reference

PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE_BIN := .build/release/pocket-coffea
LINKS := check-jobs merge-outputs build-datasets make-plots hadd-skimmed-files
EXAMPLE_OUT ?= out/example

.PHONY: deps test-deps release example test install clean bench-dry-run bench-user-log-poll bench-merge

deps:
	scripts/install-system-deps.sh

release: deps
	SWIFT=$(SWIFT) scripts/build-release.sh

example: release
	scripts/make-example-data.sh
	rm -rf $(EXAMPLE_OUT)
	$(RELEASE_BIN) run --cfg share/examples/local/analysis.yaml -o $(EXAMPLE_OUT) --executor futures

test-deps:
	scripts/install-test-deps.sh

test: deps test-deps
	$(SWIFT) build --build-tests
	scripts/rucio-server.sh start || echo "warning: the Rucio test server did not start; the tests that need it are skipped"
	$(SWIFT) test --skip-build; status=$$?; scripts/rucio-server.sh stop; scripts/rucio-server.sh stop --tls; \
		exit $$status

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/pocket-coffea
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/pocket-coffea
	for name in $(LINKS); do ln -sf pocket-coffea $(DESTDIR)$(PREFIX)/bin/$$name; done
	cp -R share/. $(DESTDIR)$(PREFIX)/share/pocket-coffea/

bench-dry-run: release
	scripts/bench-dry-run.sh

bench-user-log-poll:
	scripts/bench-user-log-poll.sh

bench-merge: release
	scripts/bench-merge.sh

clean:
	rm -rf .build out
