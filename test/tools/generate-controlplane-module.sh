#!/usr/bin/env bash
# Writes a tools module that pins one Kubernetes release's control-plane binaries (kube-apiserver,
# kubectl) for build-binaries.sh. k8s.io/kubernetes resolves its staging modules (k8s.io/api, ...)
# through local replace lines that a consumer ignores, so each one gets a replace line pointing at
# its published v0.<minor>.<patch> tag; the list comes from that release's own go.mod, never typed.
#
#   generate-controlplane-module.sh v1.27.16 test/tools/controlplane-1.27
set -euo pipefail

version=${1:?usage: $0 vX.Y.Z DIR}
dir=${2:?usage: $0 vX.Y.Z DIR}
staging=v0.${version#v1.}

gomod=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
[ -f "$gomod" ] || { echo "no go.mod for k8s.io/kubernetes@$version" >&2; exit 1; }
mapfile -t modules < <(sed -n 's|^\s*\(k8s.io/[a-z0-9-]*\) => \./staging/.*|\1|p' "$gomod" | sort -u)

mkdir -p "$dir"
{
  echo "// Test infrastructure only: pins the Kubernetes $version control-plane binaries the test harness"
  echo "// builds (TNC_K8S_VERSION=$version). Written by test/tools/generate-controlplane-module.sh."
  echo "module tenant-network-controller/test/tools/controlplane-${version#v}"
  echo
  echo "go $(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1.0/')"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  for m in "${modules[@]}"; do printf '\t%s => %s %s\n' "$m" "$m" "$staging"; done
  echo ")"
  echo
  echo "tool ("
  printf '\tk8s.io/kubernetes/cmd/kube-apiserver\n\tk8s.io/kubernetes/cmd/kubectl\n'
  echo ")"
} >"$dir/go.mod"
(cd "$dir" && go mod tidy)
