# Lantern: `make help` lists the targets. Everything runs on the JDK that bin/find-java picks
# (JAVA_HOME if it is 21+, else the newest under /usr/lib/jvm, e.g. Temurin 25).
SHELL := /bin/bash
JAVA_HOME := $(shell bin/find-java)
export JAVA_HOME
MVN := ./mvnw -B --no-transfer-progress
PORT ?= 4000
CONFIG ?= examples/gateway/config.yaml

.DEFAULT_GOAL := help
.PHONY: help build run run-gateway test test-deps bench clean images registry deploy all

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Compile and lay out the CLI that bin/lantern runs (no tests)
	$(MVN) -q -DskipTests package

run: build ## Run the whole stack: gateway :4000, kube-mcp :8080, assistant :8642, sre :5050 (`lantern up`)
	bin/lantern up

run-gateway: build ## Run the gateway alone with the example config on port 4000 (PORT=, CONFIG= to change)
	bin/lantern gateway --config $(CONFIG) --port $(PORT)

test-deps: ## Install the npm clients the tests drive (needs npm; .ci/run does this too)
	@if command -v npm >/dev/null; then npm ci --prefix tests/node --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: tests that use the Node OpenAI client will be skipped (apt-get install npm)"; fi

test: test-deps ## Run every test (unit, integration, real Prometheus, Node OpenAI and MCP clients)
	$(MVN) verify

bench: build ## Measure the gateway (its providers and virtual keys), kube-mcp, the assistant, lantern up and the SRE investigator (bench/*.sh; see bench/RESULTS.md)
	bench/gateway.sh
	bench/providers.sh
	bench/jmh.sh
	bench/kube-mcp.sh
	bench/assistant.sh
	bench/up.sh
	bench/sre.sh
	bench/keys.sh

REGISTRY ?= registry.registry:5000
NAMESPACE ?= lantern
VALUES ?= deploy/helm/lantern/values-homelab.yaml

images: ## Build the multi-arch image (arm64 + amd64) with Jib and push it: REGISTRY=host:port (plain HTTP is fine)
	@echo "make images: Jib builds $(REGISTRY)/lantern (linux/arm64 + linux/amd64) and pushes it; no Docker needed"
	$(MVN) -q -pl app -am package jib:build -DskipTests -Dlantern.image.registry=$(REGISTRY)

registry: ## Install only the in-cluster registry:2 (namespace registry, 5Gi) with Helm
	@echo "make registry: helm installs registry:2 into namespace 'registry' (reach it as registry.registry:5000)"
	helm upgrade --install lantern-registry deploy/helm/lantern --namespace $(NAMESPACE) --create-namespace \
	  --set registry.enabled=true,gateway.enabled=false,assistant.enabled=false

deploy: ## Install or upgrade the stack with Helm (VALUES=deploy/helm/lantern/values-homelab.yaml)
	@echo "make deploy: helm installs the stack into namespace $(NAMESPACE) with $(VALUES)"
	helm upgrade --install lantern deploy/helm/lantern --namespace $(NAMESPACE) --create-namespace -f $(VALUES) \
	  --set image.repository=$(REGISTRY)/lantern,registry.enabled=false

all: registry images deploy ## Registry, images, stack: the old 70-minute `make ai`, in minutes

clean: ## Remove build output
	$(MVN) -q clean
