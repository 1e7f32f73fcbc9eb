# Two commands a newcomer needs: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# `make run` installs what the app needs; `make test` (and the other targets) adds the tools.
RUN_STAMP := $(VENV)/.installed-run
STAMP     := $(VENV)/.installed

.PHONY: run test bench bench-status lint layers typecheck pytest clean

# $(call install,EXTRAS): Pacer from this folder, editable, into .venv.
# - setuptools >= 77 in the venv builds it offline (--no-build-isolation).
# - audio/ is imported as pacer_audio, so setuptools' editable install would load an import
#   hook at every start (a bare `python -c pass`: 50 ms of CPU instead of 20 on a busy 2-core
#   machine; it loads pathlib and importlib.util early). Instead .venv/src holds two links,
#   pacer -> pacer/ and pacer_audio -> audio/, and the install's .pth file is pointed at that
#   folder: a plain path entry, no hook, new files show up at once, and no top-level `audio`
#   is importable (as in the wheel). mypy reads audio/ as pacer_audio through the same link.
# - -qq: setuptools' note about editable installs is not for the person running `make`;
#   errors still show.
define install
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Pacer needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'
	@# A .venv from before the rename holds the old "pacer" distribution and its import hook.
	@$(BIN)/python -m pip uninstall -qq -y pacer 2>/dev/null || true
	$(BIN)/python -m pip install -qq --no-build-isolation -e '.$(1)'
	@mkdir -p $(VENV)/src
	@ln -sfn ../../pacer $(VENV)/src/pacer
	@ln -sfn ../../audio $(VENV)/src/pacer_audio
	@$(BIN)/python -c 'import pathlib, sys, sysconfig; \
	  pths = list(pathlib.Path(sysconfig.get_path("purelib")).glob("__editable__.pacer_breathe-*.pth")); \
	  pths or sys.exit("make: the editable install wrote no .pth file"); \
	  [p.write_text(str(pathlib.Path("$(VENV)/src").resolve()) + "\n") for p in pths]'
endef

$(RUN_STAMP): pyproject.toml
	$(call install,)
	@touch $(RUN_STAMP)

$(STAMP): pyproject.toml
	$(call install,[test])
	@touch $(STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/pacer $(ARGS)

# In this order: style, the layer contracts (pyproject.toml [tool.importlinter]), types
# ([tool.mypy]), then the tests. `make -k test` runs every step even when one fails.
test: lint layers typecheck pytest

layers: $(STAMP)
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

# loadgroup: the wheel tests share one built wheel and venv (tests/test_wheel.py).
pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run_all.py $(BENCH)

# `pacer status` (a line in ~/.bashrc) against `python -c pass`: target under 2x.
bench-status: $(STAMP)
	$(BIN)/python bench/bench_status.py

lint: $(STAMP)
	$(BIN)/ruff check pacer audio tests bench

clean:
	rm -rf $(VENV) build *.egg-info
