# The two commands of the README. Both install what is missing first (scripts/setup.sh).
.PHONY: run test setup build check bench bench-budget bench-reliability bench-publish

run: setup build
	scripts/run.sh

test: setup build
	scripts/test.sh

setup:
	scripts/setup.sh

build:
	scripts/build.sh

# Fast feedback while working: type-check the server side only.
check:
	cargo check -p atrium-server --tests

bench: setup
	scripts/bench-islands.sh

# Issue 7's performance budget: bundle size, SSR against nginx, paint times, memory.
bench-budget: setup
	scripts/bench-budget.sh

# Issue 27: slow and idle clients, and a sign-in burst, each against the same server alone.
bench-reliability: setup
	scripts/bench-reliability.sh

# Issue 26: one article published in the studio, until two nodes' search find it, over 16,000.
bench-publish: setup
	scripts/bench-publish.sh
