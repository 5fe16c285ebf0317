# The portal front-end (ui/: Preact + TypeScript + Vite), built into the Django
# app's static folder. Node.js comes from Debian only when the machine has none
# (Debian 12's nodejs 18 works; so does a newer node already installed).

UI_DIR := ui
UI_DIST := forge_catalog/portal/static/forge_catalog/dist
UI_SOURCES := $(wildcard $(UI_DIR)/src/* $(UI_DIR)/src/*/*) $(UI_DIR)/package.json $(UI_DIR)/package-lock.json \
	$(UI_DIR)/tsconfig.json $(UI_DIR)/vite.config.ts

.PHONY: ui nodejs
ui: $(UI_DIST)/portal.js

nodejs:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		echo "== installing Debian's nodejs and npm"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi

# npm ci installs exactly the committed lock file.
$(UI_DIR)/node_modules/.package-lock.json: $(UI_DIR)/package.json $(UI_DIR)/package-lock.json | nodejs
	@echo "== npm ci (ui/)"
	cd $(UI_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(UI_DIST)/portal.js: $(UI_SOURCES) $(UI_DIR)/node_modules/.package-lock.json
	@echo "== building the portal (tsc --noEmit && vite build) into $(UI_DIST)"
	cd $(UI_DIR) && npm run --silent build -- --logLevel warn
	@test -s $@

# The page's rendering helpers (its survey rules are the server's dry-run),
# and its extra variables parsing and error placement (node's test runner; esbuild, which
# Vite brings, bundles the TypeScript they import; the banner gives the ESM
# bundle a require() for CommonJS dependencies such as yaml's node build).
.PHONY: test-ui
TEST_TARGETS += test-ui
UI_TEST_OUT := $(BUILD)/ui-test
test-ui: $(UI_DIR)/node_modules/.package-lock.json
	@echo "== portal checks: form controls, extra variables, error placement (node --test)"
	@rm -rf $(UI_TEST_OUT) && mkdir -p $(UI_TEST_OUT)
	$(UI_DIR)/node_modules/.bin/esbuild $(UI_DIR)/test/*.test.mjs --bundle --platform=node \
		--format=esm --log-level=warning --outdir=$(UI_TEST_OUT) --out-extension:.js=.mjs \
		--banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
	FC_FIXTURES_SURVEY=$(CURDIR)/tests/fixtures/survey node --test $(UI_TEST_OUT)/
