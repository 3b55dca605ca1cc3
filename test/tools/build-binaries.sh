#!/usr/bin/env bash
# Builds the local control-plane binaries (kube-apiserver, kubectl, etcd, helm) from the Go module
# proxy into a per-version cache outside the repository, and only on a cache miss.
# Prints the cache directory of the binaries on its last line.
set -euo pipefail

K8S_VERSION=v1.36.3
ETCD_VERSION=v3.6.8
HELM_VERSION=v3.22.0

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${TNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tenant-network-controller}
bin_dir="$cache_root/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-helm-$HELM_VERSION"
mkdir -p "$bin_dir"

log() { printf '[binaries] %s\n' "$*" >&2; }

k8s_minor=$(echo "$K8S_VERSION" | cut -d. -f2)
k8s_ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
 -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$k8s_minor \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION \
 -X k8s.io/client-go/pkg/version.gitMajor=1 \
 -X k8s.io/client-go/pkg/version.gitMinor=$k8s_minor"

# build NAME PACKAGE LDFLAGS: go build inside the pinned tools module, written atomically.
build() {
  local name=$1 pkg=$2 ldflags=$3
  if [ -x "$bin_dir/$name" ]; then return 0; fi
  log "building $name ($pkg); the first build takes several minutes on 2 cores"
  local start=$SECONDS
  (cd "$here/controlplane" && go build -trimpath -ldflags "$ldflags" -o "$bin_dir/.$name.tmp" "$pkg")
  mv "$bin_dir/.$name.tmp" "$bin_dir/$name"
  log "built $name in $((SECONDS - start))s ($(du -h "$bin_dir/$name" | cut -f1))"
}

build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$k8s_ldflags"
build kubectl k8s.io/kubernetes/cmd/kubectl "$k8s_ldflags"
build etcd go.etcd.io/etcd/server/v3 "-s -w"

if [ ! -x "$bin_dir/helm" ]; then
  log "building helm $HELM_VERSION"
  start=$SECONDS
  GOBIN="$bin_dir/.helm-build" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mv "$bin_dir/.helm-build/helm" "$bin_dir/helm"
  rmdir "$bin_dir/.helm-build"
  log "built helm in $((SECONDS - start))s ($(du -h "$bin_dir/helm" | cut -f1))"
fi

echo "$bin_dir"
