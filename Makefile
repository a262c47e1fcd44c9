# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format messages clean bench-gate

# Without BEACON_SECRET_KEY, a random key is made once for this checkout and kept in var/
# (or in BEACON_VAR_DIR, beside the database and the rest of the installation's state).
ifeq ($(BEACON_SECRET_KEY),)
export BEACON_SECRET_KEY_FILE ?= $(or $(BEACON_VAR_DIR),$(CURDIR)/var)/secret_key
SECRET := $(BEACON_SECRET_KEY_FILE)
$(SECRET):
	mkdir -p $(dir $@)
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
endif

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core for the accessibility checks of the portal (tests skip them, saying why, without npm).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund && touch $@; fi

# feedparser's own test corpus (2,248 feeds, BSD-2) for the hostile-feed test: it ships in the
# sdist only, so it is fetched once from the package index (or pip's cache) into var/; without
# it the test skips and says why.
CORPUS := var/feedparser-corpus
$(CORPUS)/.unpacked: $(STAMP)
	rm -rf $(CORPUS) && mkdir -p $(CORPUS)
	-version=$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("feedparser"))') \
	&& $(BIN)/pip download --quiet --no-deps --no-binary :all: "feedparser==$$version" -d $(CORPUS) \
	&& tar -xzf $(CORPUS)/feedparser-$$version.tar.gz -C $(CORPUS) feedparser-$$version/tests \
	&& touch $@

## Set up (venv, install, migrate, demo city) and run web, worker and scheduler.
demo: $(STAMP) $(SECRET)
	$(BIN)/beacon demo

## Install with test dependencies and run the whole suite, then again with the clock a year ahead,
## the claim-matching quality gate, and the suite again on PostgreSQL + Redis when they answer.
test: $(STAMP) $(SECRET) $(NODE_STAMP) $(CORPUS)/.unpacked
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy beacon
	$(BIN)/python -m pytest -n 2 -q
	@echo "== again with the clock a year ahead (BEACON_TEST_TODAY, see conftest.py) =="
	BEACON_TEST_TODAY=$$($(BIN)/python -c 'import datetime as d; print(d.date.today() + d.timedelta(days=365))') \
		$(BIN)/python -m pytest -n 2 -q
	$(MAKE) --no-print-directory bench-gate
	@if $(BIN)/python -m beacon.lib.services postgres redis; then \
		echo "== again on PostgreSQL and Redis =="; \
		DATABASE_URL=postgres://postgres@127.0.0.1:5432/beacon \
		CELERY_BROKER_URL=redis://127.0.0.1:6379/15 \
		$(BIN)/python -m pytest -n 2 -q; \
	else echo "PostgreSQL or Redis not answering: the suite ran on the embedded default only."; fi

## Claim matching on CheckThat! 2020 dev and IWSLT'15 en-vi; fails below bench/baselines/claims.json.
## Language identification of Vietnamese without diacritics; fails outside bench/baselines/langid.json.
## Tone of coverage (XLM-T in 8 languages, NewsMTSC, VLSP-2016 dev); fails below bench/baselines/tone.json.
## Mentions of the city and near-duplicate stories on IWSLT'15 en-vi; bench/baselines/mentions.json, dedupe.json.
## Skips when ../shared/benchdata is absent; embeddings are cached in $BEACON_BENCH_CACHE (~/.cache/beacon-bench).
bench-gate: $(STAMP) $(SECRET)
	$(BIN)/python bench/claims.py --data ../shared/benchdata/checkthat2020 --split dev \
		--xling ../shared/benchdata/iwslt15-en-vi --gate bench/baselines/claims.json
	$(BIN)/python bench/langid.py --data ../shared/benchdata --gate bench/baselines/langid.json
	$(BIN)/python bench/tone.py --data ../shared/benchdata/tone --split dev --gate bench/baselines/tone.json
	$(BIN)/python bench/mentions.py --data ../shared/benchdata --gate bench/baselines/mentions.json
	$(BIN)/python bench/dedupe.py --data ../shared/benchdata --gate bench/baselines/dedupe.json

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy beacon

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the translation catalogues after changing user-facing texts.
messages: $(STAMP)
	cd beacon && ../$(BIN)/beacon makemessages --no-obsolete -l vi -l fr -l zh -l ja -l ko -l ru --ignore '*/tests/*'
	$(BIN)/python -m beacon.lib.catalogues beacon/locale beacon/locale_wagtail

clean:
	rm -rf $(VENV) var
