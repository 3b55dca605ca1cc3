#!/usr/bin/env bash
# Builds the test infrastructure's binaries from the Go module proxy into a per-version cache outside
# the repository, and only on a cache miss. Nothing built here ships.
#
#   build-binaries.sh [controlplane]   kube-apiserver, kubectl, etcd, helm (the API-server tests)
#   build-binaries.sh conformance      the node's binaries plus the upstream e2e suite (e2e.test), for
#                                      the NetworkPolicy conformance specs
#   build-binaries.sh node             the above plus a real node: kubelet, kube-controller-manager,
#                                      kube-scheduler, kube-proxy, agnhost, the CNI plugins and kube-router
#
# The Kubernetes binaries come from one `go build` so they share compile work (a cold build of all
# of them costs little more than kube-apiserver alone). Prints one line per directory it fills,
# `<group> <dir>`; the last line is the control-plane directory.
set -euo pipefail

K8S_VERSION=v1.36.3
ETCD_VERSION=v3.6.8
HELM_VERSION=v3.21.4
CNI_PLUGINS_VERSION=v1.10.0
KUBE_ROUTER_VERSION=v2.1.0

group=${1:-controlplane}
case "$group" in controlplane|node|conformance) ;; *) echo "usage: $0 [controlplane|node|conformance]" >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${TNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tenant-network-controller}
bin_dir="$cache_root/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-helm-$HELM_VERSION"
node_dir="$cache_root/bin/node-cni-$CNI_PLUGINS_VERSION-kube-router-$KUBE_ROUTER_VERSION"
mkdir -p "$bin_dir"

log() { printf '[binaries] %s\n' "$*" >&2; }

# Everything the group needs, for the cache-hit check below.
required=("$bin_dir/kube-apiserver" "$bin_dir/kubectl" "$bin_dir/etcd" "$bin_dir/helm")
if [ "$group" != controlplane ]; then
  required+=("$bin_dir/kubelet" "$bin_dir/kube-controller-manager" "$bin_dir/kube-scheduler" "$bin_dir/kube-proxy" "$bin_dir/agnhost"
    "$node_dir/cni/bandwidth" "$node_dir/kube-router")
fi
[ "$group" = conformance ] && required+=("$bin_dir/e2e.test")
print_dirs() {
  if [ "$group" != controlplane ]; then echo "node $node_dir"; fi
  echo "controlplane $bin_dir"
}
# A cache hit takes no lock: callers never wait for someone else's unrelated build.
all_present=true
for f in "${required[@]}"; do [ -x "$f" ] || all_present=false; done
if $all_present; then print_dirs; exit 0; fi

# One build at a time per cache: a second caller (another test run, the demo) waits for the first
# and then finds the binaries in place.
exec 9>"$cache_root/bin/.build.lock"
if ! flock -n 9; then
  log "another build into $cache_root/bin is running; waiting for it"
  flock 9
fi

k8s_minor=$(echo "$K8S_VERSION" | cut -d. -f2)
k8s_ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
 -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$k8s_minor \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION \
 -X k8s.io/client-go/pkg/version.gitMajor=1 \
 -X k8s.io/client-go/pkg/version.gitMinor=$k8s_minor"

# Static binaries: agnhost runs inside images that have no libc, the rest need none either.
export CGO_ENABLED=0

declare -A k8s_packages=(
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kubectl]=k8s.io/kubernetes/cmd/kubectl
  [kubelet]=k8s.io/kubernetes/cmd/kubelet
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager
  [kube-scheduler]=k8s.io/kubernetes/cmd/kube-scheduler
  [kube-proxy]=k8s.io/kubernetes/cmd/kube-proxy
  [agnhost]=k8s.io/kubernetes/test/images/agnhost
)
wanted=(kube-apiserver kubectl)
[ "$group" != controlplane ] && wanted+=(kubelet kube-controller-manager kube-scheduler kube-proxy agnhost)

# One go build for every missing Kubernetes binary, written to a scratch directory and moved in.
missing=()
for name in "${wanted[@]}"; do [ -x "$bin_dir/$name" ] || missing+=("$name"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "building ${missing[*]} ($K8S_VERSION); a cold build takes 15-30 minutes on 2 cores"
  start=$SECONDS
  scratch=$(mktemp -d "$bin_dir/.build.XXXXXX")
  pkgs=()
  for name in "${missing[@]}"; do pkgs+=("${k8s_packages[$name]}"); done
  (cd "$here/controlplane" && go build -trimpath -ldflags "$k8s_ldflags" -o "$scratch/" "${pkgs[@]}")
  for name in "${missing[@]}"; do mv "$scratch/$name" "$bin_dir/$name"; done
  rmdir "$scratch"
  log "built ${missing[*]} in $((SECONDS - start))s"
fi

if [ ! -x "$bin_dir/etcd" ]; then
  log "building etcd $ETCD_VERSION"
  start=$SECONDS
  (cd "$here/controlplane" && go build -trimpath -ldflags "-s -w" -o "$bin_dir/.etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$bin_dir/.etcd.tmp" "$bin_dir/etcd"
  log "built etcd in $((SECONDS - start))s"
fi

# go_install DIR VERSION PACKAGE...: go install at a version (modules without replace lines).
go_install() {
  local dir=$1 version=$2; shift 2
  local scratch
  scratch=$(mktemp -d "$dir/.build.XXXXXX")
  local pkgs=()
  for pkg in "$@"; do pkgs+=("$pkg@$version"); done
  GOBIN="$scratch" go install -trimpath -ldflags "${GO_INSTALL_LDFLAGS:--s -w}" "${pkgs[@]}"
  mv "$scratch"/* "$dir/"
  rmdir "$scratch"
}

if [ ! -x "$bin_dir/helm" ]; then
  log "building helm $HELM_VERSION"
  start=$SECONDS
  GO_INSTALL_LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    go_install "$bin_dir" "$HELM_VERSION" helm.sh/helm/v3/cmd/helm
  log "built helm in $((SECONDS - start))s"
fi

if [ "$group" = conformance ] && [ ! -x "$bin_dir/e2e.test" ]; then
  log "building the upstream e2e suite (e2e.test, $K8S_VERSION); about 10 minutes after the node binaries"
  start=$SECONDS
  (cd "$here/controlplane" && go test -c -trimpath -ldflags "$k8s_ldflags" -o "$bin_dir/.e2e.test.tmp" k8s.io/kubernetes/test/e2e)
  mv "$bin_dir/.e2e.test.tmp" "$bin_dir/e2e.test"
  log "built e2e.test in $((SECONDS - start))s"
fi

if [ "$group" != controlplane ]; then
  mkdir -p "$node_dir/cni"
  if [ ! -x "$node_dir/cni/bandwidth" ]; then
    log "building the CNI plugins $CNI_PLUGINS_VERSION"
    start=$SECONDS
    plugins=github.com/containernetworking/plugins/plugins
    go_install "$node_dir/cni" "$CNI_PLUGINS_VERSION" \
      $plugins/main/ptp $plugins/main/bridge $plugins/main/loopback $plugins/ipam/host-local \
      $plugins/meta/portmap $plugins/meta/bandwidth
    log "built the CNI plugins in $((SECONDS - start))s"
  fi
  if [ ! -x "$node_dir/kube-router" ]; then
    log "building kube-router $KUBE_ROUTER_VERSION (test-only NetworkPolicy enforcer)"
    start=$SECONDS
    go_install "$node_dir" "$KUBE_ROUTER_VERSION" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
    log "built kube-router in $((SECONDS - start))s"
  fi
fi

print_dirs
