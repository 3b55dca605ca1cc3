# tenant-network-controller — developer entry points. Everything runs on the pinned Node 24
# (node_modules/.bin/node) and on control-plane binaries built from the Go module proxy into
# ~/.cache/tenant-network-controller (override with TNC_CACHE_DIR).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
NODE := node_modules/.bin/node
TS_NODE := $(NODE) --import ./scripts/ts-hooks.js
JEST := $(NODE) --experimental-vm-modules node_modules/jest/bin/jest.js
KUBECONFIG ?= $(CURDIR)/.local/kubeconfig
PROVIDER ?= calico

.PHONY: all deps binaries binaries-oldest test-compat test-compat-quick node-deps node-binaries node-up node-down test-node test-netpol-conformance lint typecheck crds crds-check test test-unit test-integration test-chaos test-chaos-quick build \
        cli-bundle cli-sea cli-dist cluster-up cluster-down cluster-crds run bench bench-1k bench-20k bench-cli bench-dataplane bench-quick bench-ipam bench-qingcloud clean

all: test

# npm ci only when the lock file changed since the last install.
node_modules/.installed: package-lock.json package.json
	npm ci --no-audit --no-fund
	touch $@

deps: node_modules/.installed

binaries:
	@bash test/tools/build-binaries.sh >/dev/null

# The oldest supported Kubernetes (docs/compatibility.md): its kube-apiserver and kubectl, built like
# the default release's (about 10 minutes cold on 2 cores). The newest is the default above.
OLDEST_K8S := v1.27.16
NEWEST_K8S := v1.36.3
binaries-oldest:
	@TNC_K8S_VERSION=$(OLDEST_K8S) bash test/tools/build-binaries.sh >/dev/null

# The real node's programs: Debian's containerd, runc, iptables, ipset, iperf3 and conntrack (installed
# only when missing; needs root, as the node itself does), and the node binaries built from the Go
# module proxy (kubelet, kube-controller-manager, kube-scheduler, kube-proxy, agnhost, CNI plugins,
# kube-router).
NODE_PACKAGES := containerd runc iptables ipset iperf3 conntrack tini
node-deps:
	@missing=$$(for p in $(NODE_PACKAGES); do command -v $$p >/dev/null || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

node-binaries:
	@bash test/tools/build-binaries.sh node >/dev/null

lint: deps
	npm run -s lint

typecheck: deps
	npm run -s typecheck

build: deps
	npm run -s build

# The plugin for people without a Node toolchain (docs/operations.md, "Installing the plugin"):
# dist-cli/kubectl-tenantnet.cjs, one file for any Node >= 22; dist-cli/kubectl-tenantnet, a Node
# single-executable application for this machine's OS and CPU; and the release archive with the
# krew manifest rendered for it (plugins/tenantnet.yaml).
cli-bundle: deps
	$(TS_NODE) scripts/bundle-cli.ts --bundle

cli-sea: deps
	$(TS_NODE) scripts/bundle-cli.ts --sea

cli-dist: deps
	$(TS_NODE) scripts/bundle-cli.ts --dist

# CRD YAML is generated from the TypeScript API definitions (src/api); a unit test fails when stale.
crds: deps
	$(TS_NODE) scripts/generate-crds.ts

crds-check: deps
	$(TS_NODE) scripts/generate-crds.ts --check

test-unit: deps
	$(JEST) --selectProjects unit

test-integration: deps binaries
	$(JEST) --selectProjects integration

# The resilience suite (docs/reliability.md). make test runs all of it but the QingCloud
# error-class sweep, which spends minutes waiting out the retry delays the API asks for.
CHAOS_LONG := qingcloud-error-classes
test-chaos: deps binaries
	$(JEST) --selectProjects chaos

test-chaos-quick: deps binaries
	$(JEST) --selectProjects chaos --testPathIgnorePatterns $(CHAOS_LONG)

# The same guarantees on the oldest supported Kubernetes as on the newest (docs/compatibility.md).
# Quick (in make test): the hostile-tenant and bad-input tables on the oldest apiserver, then both
# versions' tables side by side (the newest's come from the chaos run before it; failing on any row
# that differs). Full: also the core scenarios and the Helm install/upgrade on the oldest.
COMPAT_TABLES := test/chaos/resilience-hostile-tenant.test.ts test/chaos/resilience-bad-input.test.ts
COMPAT_INTEGRATION := test/integration/core- test/integration/helm-chart.test.ts test/integration/helm-protection.test.ts
COMPAT_REPORT := $(TS_NODE) test/tools/compat-report.ts $(OLDEST_K8S) $(NEWEST_K8S)
test-compat-quick: deps binaries binaries-oldest
	TNC_K8S_VERSION=$(OLDEST_K8S) $(JEST) --selectProjects chaos -- $(COMPAT_TABLES)
	@test -n "$$(ls .local/compat/*-$(NEWEST_K8S).json 2>/dev/null)" || $(JEST) --selectProjects chaos -- $(COMPAT_TABLES)
	$(COMPAT_REPORT)

test-compat: deps binaries binaries-oldest
	TNC_K8S_VERSION=$(OLDEST_K8S) $(JEST) --selectProjects integration -- $(COMPAT_INTEGRATION)
	TNC_K8S_VERSION=$(OLDEST_K8S) $(JEST) --selectProjects chaos -- $(COMPAT_TABLES)
	$(JEST) --selectProjects chaos -- $(COMPAT_TABLES)
	$(COMPAT_REPORT)

# The README's test command: set-up, static checks, every unit and integration test, the resilience
# suite (but its longest sweep) with the oldest Kubernetes' tables beside the newest's, the real-node
# tests (pods and packets), and a small benchmark run so the benchmark harness never rots (no timing
# assertions there).
test: deps binaries lint typecheck
	$(JEST) --selectProjects unit integration
	$(MAKE) --no-print-directory test-chaos-quick
	$(MAKE) --no-print-directory test-compat-quick
	$(MAKE) --no-print-directory test-node
	$(MAKE) --no-print-directory bench-quick

# Scale benchmarks (docs/performance.md): results in bench/results/<scenario>.{json,md}.
# The controller runs from dist/ as the image does, so each target builds first.
bench: deps binaries build
	$(TS_NODE) bench/run.ts --scenario=calico-5k

bench-1k: deps binaries build
	$(TS_NODE) bench/run.ts --scenario=calico-1k

# kubectl tenantnet's cold start on 5,000 projects, from dist/ and as the single-file bundle.
bench-cli: deps binaries build cli-bundle
	$(TS_NODE) bench/cli-start.ts

# 20,000 projects (800 workspaces x 25): long, and not in make test.
bench-20k: deps binaries build
	$(TS_NODE) bench/run.ts --scenario=calico-20k

bench-quick: deps binaries build
	$(TS_NODE) bench/run.ts --scenario=quick
	$(TS_NODE) bench/ipam/run.ts --subnets=10000

# 500 projects through the QingCloud API simulator with 2 s jobs: wall time, API calls per project.
bench-qingcloud: deps binaries build
	$(TS_NODE) bench/qingcloud.ts --scenario=qingcloud-500

# Toggle-to-enforcement latency on the real node (connect, disconnect, isolate, open, intraWorkspace).
bench-dataplane: deps node-deps node-binaries build
	$(TS_NODE) bench/dataplane.ts

# The IPAM allocator alone: 100,000 subnets against a free-list floor in the same run.
bench-ipam: deps
	$(TS_NODE) bench/ipam/run.ts --subnets=100000

# The controller from source, in the foreground, against KUBECONFIG (default: make cluster-up's).
# It does not install CRDs: `make cluster-crds` puts them into the local cluster.
run: deps
	KUBECONFIG=$(KUBECONFIG) TNC_PROVIDER=$(PROVIDER) POD_NAMESPACE=default $(TS_NODE) src/cmd/main.ts $(ARGS)

cluster-crds: deps
	@for f in charts/tenant-network-controller/crds/*.yaml charts/tenant-network-controller/optional-crds/*.yaml test/crds/*.yaml; do \
	  .local/bin/kubectl --kubeconfig $(KUBECONFIG) apply --server-side -f $$f >/dev/null; done
	@echo "CRDs applied to the local cluster"

# A real single-node cluster (docs/testing.md): kubelet, containerd, CNI, kube-router, kube-proxy.
node-up: deps node-deps
	@bash scripts/node.sh up

node-down:
	@bash scripts/node.sh down

# Pods and packets on the real node: the connectivity table probed, bandwidth measured, the chart
# installed and upgraded, tear-down. The chart's test builds the controller image from dist/.
test-node: deps node-deps node-binaries build
	$(JEST) --selectProjects node --runInBand

# The upstream Kubernetes NetworkPolicy specs against the node's enforcer (about 30 minutes; the e2e
# suite takes about 10 minutes to build the first time).
test-netpol-conformance: deps node-deps
	$(TS_NODE) test/conformance/netpol-upstream.ts

cluster-up: deps
	@bash scripts/cluster.sh up

cluster-down:
	@bash scripts/cluster.sh down

# The whole product on this machine until Ctrl-C: control plane, the QingCloud API simulator and the
# controller; `make demo PROVIDER=calico` for Calico (PROVIDER's file default is for `make run`).
# `make demo NODE=1`: on a real node instead, each step shown on packets (builds the node's binaries
# on first use).
.PHONY: demo
ifeq ($(NODE),1)
demo: deps node-deps node-binaries build
	@$(TS_NODE) scripts/demo-node.ts
else
demo: deps
	@$(TS_NODE) scripts/demo.ts --provider=$(if $(filter file,$(origin PROVIDER)),qingcloud,$(PROVIDER))
endif

clean:
	rm -rf dist dist-cli coverage node_modules/.installed
