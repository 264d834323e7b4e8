# Developer tooling for the account_payment_batch Odoo 19.0 addon.
# The logic lives in tools/*.sh; see `make help`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup lint format test fuzz demo docs pot dist test-upgrade bench clean distclean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Install system packages, Odoo source, .venv, PostgreSQL, .build/odoo.conf
	@bash tools/setup.sh all

lint: ## ruff check + ruff format --check + pylint-odoo (mandatory checks)
	@bash tools/lint.sh

format: ## Apply ruff fixes and ruff format
	@bash tools/lint.sh --fix

test: ## Lint and run the addon tests on throw-away databases
	@bash tools/run-tests.sh

fuzz: ## Property tests and damaged-file mutations with many examples (EXAMPLES=5000, SEED=...)
	@bash tools/setup.sh venv && APB_HYPOTHESIS_PROFILE=fuzz APB_FUZZ_EXAMPLES=$(or $(EXAMPLES),5000) \
		APB_MUTATIONS=$(or $(EXAMPLES),5000) APB_MUTATION_SEED=$(or $(SEED),$$RANDOM) \
		.venv/bin/python -m unittest -v batch_core.tests.test_properties batch_core.tests.test_mutations

demo: ## Serve database apb_demo (demo data) on http://localhost:8069
	@bash tools/demo.sh

docs: ## Retake the README screenshots docs/*.png from database apb_demo (ARGS=...)
	@bash tools/docs.sh $(ARGS)

pot: ## Refresh the translation template i18n/account_payment_batch.pot (Odoo's exporter)
	@bash tools/pot.sh

dist: ## Build the wheel odoo_addon_account_payment_batch-<version>-py3-none-any.whl into dist/
	@bash tools/dist.sh

test-upgrade: ## Install the last release (CHANGELOG.md) with demo data, -u to the working tree, compare the data
	@bash tools/test-upgrade.sh

bench: ## Close and import 1,000 and 10,000 receipts vs Register Payment, check, judge (ARGS=...)
	@bash tools/bench.sh $(ARGS)

clean: ## Stop the private PostgreSQL cluster and remove .build (keeps .venv)
	@bash tools/clean.sh

distclean: ## clean, and remove .venv too
	@bash tools/clean.sh --all
