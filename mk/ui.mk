# The portal front-end (ui/: Preact + TypeScript + Vite), built into the Django
# app's static folder. Node.js comes from Debian only when the machine has none
# (Debian 12's nodejs 18 works; so does a newer node already installed).

UI_DIR := ui
UI_DIST := forge_catalog/portal/static/forge_catalog/dist
UI_SOURCES := $(wildcard $(UI_DIR)/src/*) $(UI_DIR)/package.json $(UI_DIR)/package-lock.json \
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
