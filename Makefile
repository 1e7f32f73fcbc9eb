# Two commands a newcomer needs: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint layers typecheck pytest clean

# audio/ installs as pacer_audio; mypy finds it under that name through .venv/mypy/pacer_audio.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Pacer needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(VENV)/mypy && ln -sfn ../../audio $(VENV)/mypy/pacer_audio
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/pacer $(ARGS)

# In this order: style, the layer contracts (pyproject.toml [tool.importlinter]), types
# ([tool.mypy]), then the tests. `make -k test` runs every step even when one fails.
test: lint layers typecheck pytest

layers: $(STAMP)
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run_all.py $(BENCH)

lint: $(STAMP)
	$(BIN)/ruff check pacer audio tests bench

clean:
	rm -rf $(VENV) build *.egg-info
