# shellcheck shell=bash
# scripts/test-cluster.d/network-policy.sh — NetworkPolicy enforcement on the real node.
#
# Sourced by real-node.sh (never run on its own). The CNI bridge enforces no
# NetworkPolicy; kube-router's network policy controller does, with iptables
# chains and ipsets on the host, as its firewall-only DaemonSet would
# (hostNetwork). Only that controller runs: no routing/BGP (--run-router=false),
# no service proxy (--run-service-proxy=false: kube-proxy stays the proxy), no
# HTTP server (--health-port=0, see below). Why kube-router v2.1.0 and which of
# its published advisories apply: docs/test-cluster.md ("NetworkPolicy enforcement").

NP_VERSION="$(mod_version kube-router github.com/cloudnativelabs/kube-router/v2)"
NP_BIN_DIR="${CACHE_ROOT}/kube-router-${NP_VERSION}/bin"
# Its own identity, allowed only to read what its informers list and watch.
NP_USER="store-platform-test:kube-router"
NP_KUBECONFIG="${RN_DIR}/kube-router.kubeconfig"
# Set names of its policy ipsets (IPv4; "inet6:" before them for IPv6).
NP_IPSET_PATTERN='^(inet6:)?KUBE-(SRC|DST)-'

# Built once per version, like CoreDNS (`build` and `up` of the real node mode only).
np_build() {
  [[ -x "${NP_BIN_DIR}/kube-router" ]] && return 0
  command -v go >/dev/null || die "go is required to build kube-router"
  mkdir -p "${NP_BIN_DIR}"
  (
    exec 8>"${NP_BIN_DIR}/../.build.lock"
    command -v flock >/dev/null && flock 8
    [[ -x "${NP_BIN_DIR}/kube-router" ]] && exit 0
    go_env
    local v=github.com/cloudnativelabs/kube-router/v2/pkg/version date
    date="$(cd "${GO_DIR}/kube-router" && go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' github.com/cloudnativelabs/kube-router/v2)"
    BIN_DIR="${NP_BIN_DIR}" go_build kube-router kube-router \
      "-s -w -X ${v}.Version=${NP_VERSION} -X ${v}.BuildDate=${date}" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
  ) || exit 1
}

np_ensure_cert() {
  [[ -s "${PKI}/kube-router.crt" ]] || gen_cert kube-router "/CN=${NP_USER}" client
}

# What kube-router v2.1.0 reads (pkg/cmd/kube-router.go starts informers for all
# of these, whichever controllers run; the policy controller gets its node once).
np_rbac() {
  cat <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${NP_USER}
rules:
  - apiGroups: [""]
    resources: [pods, namespaces, nodes, services, endpoints]
    verbs: [get, list, watch]
  - apiGroups: [networking.k8s.io]
    resources: [networkpolicies]
    verbs: [get, list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${NP_USER}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${NP_USER}}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: ${NP_USER}}
YAML
}

# True once the first full sync has written the pod and policy chains.
np_synced() {
  grep -q 'sync iptables took' "${LOGS}/kube-router.log" && iptables -t filter -S KUBE-ROUTER-FORWARD >/dev/null 2>&1
}

# Called once the kubelet's node is Ready (kube-router finds its node by name).
np_up() {
  np_rbac | kc apply --server-side --force-conflicts -f - >>"${LOGS}/bootstrap.log" 2>&1 ||
    fail_with_log bootstrap "could not create the RBAC of kube-router"
  write_kubeconfig "${NP_KUBECONFIG}" "${NP_USER}" kube-router
  : >"${LOGS}/kube-router.log"
  # --health-port=0: its health server would listen on every address and, serving
  # Go's default mux, expose /debug/pprof (imported by its main) to the pods too.
  start_proc kube-router env NODE_NAME="${RN_NAME}" "${NP_BIN_DIR}/kube-router" \
    --kubeconfig="${NP_KUBECONFIG}" --hostname-override="${RN_NAME}" \
    --run-firewall=true --run-router=false --run-service-proxy=false --run-loadbalancer=false \
    --enable-ipv4=true --enable-ipv6=false \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --health-port=0 --metrics-port=0 --v=1
  wait_for kube-router 60 "kube-router's first NetworkPolicy sync" np_synced
}

# ------------------------------------------------- ipsets: record / restore
# kube-router leaves its ipsets behind when it stops; `down` destroys the ones
# that were not there before the first start (after the iptables rules that
# reference them are gone: a set in use cannot be destroyed).
np_record_ipsets() { # <record dir>
  if command -v ipset >/dev/null; then ipset list -n 2>/dev/null | sort; fi >"$1/ipsets"
}

np_restore_ipsets() { # <record dir>
  command -v ipset >/dev/null || return 0
  local set n=0
  while read -r set; do
    # Only kube-router's names, and only those not in the record (a record made
    # before this file existed has no list).
    [[ "$set" =~ $NP_IPSET_PATTERN ]] || continue
    [[ -f "$1/ipsets" ]] && grep -qxF -- "$set" "$1/ipsets" && continue
    ipset destroy "$set" 2>/dev/null && n=$((n + 1)) || log "could not destroy ipset ${set}"
  done < <(ipset list -n 2>/dev/null)
  ((n == 0)) || log "destroyed ${n} ipset(s)"
}
