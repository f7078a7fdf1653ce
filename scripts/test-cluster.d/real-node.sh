# shellcheck shell=bash
# scripts/test-cluster.d/real-node.sh — the real node of `TEST_CLUSTER_REAL_NODE=1`.
#
# Sourced by scripts/test-cluster (never run on its own): a real containerd +
# runc + kubelet + kube-proxy node joined to the local control plane, so pods
# really run. Everything lives under <state>/real-node; what the daemons change
# on the host anyway (sysctls, iptables chains, mounts, cgroups, the bridge,
# a few fixed folders) is recorded before the first start and restored by
# `down`. Facts behind the settings: docs/test-cluster.md ("Real node mode").

RN_DIR="${STATE_DIR}/real-node"
RN_NAME="${TEST_CLUSTER_REAL_NODE_NAME:-store-platform-real-node}"
RN_POD_CIDR="${TEST_CLUSTER_REAL_NODE_POD_CIDR:-10.245.0.0/24}" # outside kwok's 10.244.0.0/16
RN_BRIDGE="${TEST_CLUSTER_REAL_NODE_BRIDGE:-spnode0}"
RN_KUBELET_PORT="${TEST_CLUSTER_KUBELET_PORT:-20250}"
RN_KUBELET_HEALTHZ_PORT="$((RN_KUBELET_PORT - 2))"
RN_PROXY_METRICS_PORT="$((RN_KUBELET_PORT - 1))"
RN_PROXY_HEALTHZ_PORT="$((RN_KUBELET_PORT + 6))"
RN_CTRD="${RN_DIR}/containerd"
RN_SOCK="${RN_CTRD}/containerd.sock"
RN_KUBELET_ROOT="${RN_DIR}/kubelet"
RN_RECORD="${RN_DIR}/record" # host state before the first start, restored by `down`
RN_IMAGES_FILE="${RN_DIR}/images"
RN_IMAGE_CACHE="${CACHE_ROOT}/real-node-images"
RN_VOLUMES="${RN_DIR}/volumes"
# The StorageClass whose claims get a writable folder on this node (local-volumes.sh).
RN_STORAGE_CLASS="store-platform-local"
# CoreDNS (the cluster DNS, a pod: cluster-dns.sh) from its own wrapper module, cached by version.
RN_COREDNS_VERSION="$(mod_version coredns github.com/coredns/coredns)"
RN_COREDNS_BIN_DIR="${CACHE_ROOT}/coredns-${RN_COREDNS_VERSION}/bin"
RN_COMPONENTS=(containerd local-volumes kubelet kube-proxy kube-router)
RN_PACKAGES=(containerd runc containernetworking-plugins iptables conntrack socat netcat-openbsd debootstrap ipset gcc libc6-dev)
# The taint that keeps pods off the kwok nodes in this mode.
RN_KWOK_TAINT="store-platform.io/simulated-node=true:NoSchedule"

# Host state the daemons change even when configured under one folder.
RN_SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
  kernel/keys/root_maxkeys kernel/keys/root_maxbytes net/ipv4/ip_forward
  net/ipv4/conf/all/route_localnet net/ipv6/conf/all/forwarding
  net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables
  net/netfilter/nf_conntrack_max)
RN_HOST_DIRS=(/var/lib/kubelet /var/log/pods /var/log/containers /usr/libexec/kubernetes
  /opt/containerd /var/lib/cni /etc/cni /run/containerd /var/lib/containerd)
RN_IPTABLES_TABLES=(filter nat mangle raw)

rn_node_ip() {
  if [[ -n "${TEST_CLUSTER_REAL_NODE_IP:-}" ]]; then echo "${TEST_CLUSTER_REAL_NODE_IP}"; return; fi
  ip -4 route get 1.1.1.1 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit } }'
}

rn_ctr() { ctr --address "${RN_SOCK}" -n k8s.io "$@"; }

# ------------------------------------------------------------ preparation
rn_install_packages() {
  local missing=() p
  for p in "${RN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null || die "the real node needs Debian's ${missing[*]} (apt-get not found)"
  log "installing ${missing[*]} (apt-get)"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; } \
    >"${LOGS}/real-node-apt.log" 2>&1 || { tail -n 20 "${LOGS}/real-node-apt.log" >&2; die "apt-get install failed"; }
}

rn_check_ports() {
  local port busy=0
  for port in "$RN_KUBELET_PORT" "$RN_KUBELET_HEALTHZ_PORT" "$RN_PROXY_METRICS_PORT" "$RN_PROXY_HEALTHZ_PORT"; do
    if port_in_use "$port"; then
      printf '[test-cluster] ERROR: port %s is already in use (choose the kubelet port with TEST_CLUSTER_KUBELET_PORT; it uses -2, -1 and +6 too)\n' "$port" >&2
      busy=1
    fi
  done
  ((busy == 0)) || exit 1
}

rn_ensure_certs() {
  # Added next to the control plane's certs (ensure_pki keeps them once made).
  [[ -s "${PKI}/kubelet-${RN_NAME}.crt" ]] || gen_cert "kubelet-${RN_NAME}" "/O=system:nodes/CN=system:node:${RN_NAME}" client
  [[ -s "${PKI}/kube-proxy.crt" ]] || gen_cert kube-proxy "/CN=system:kube-proxy" client
  np_ensure_cert
  # What kube-apiserver presents to the kubelet (logs, exec, port-forward).
  [[ -s "${PKI}/apiserver-kubelet-client.crt" ]] ||
    gen_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" client
  # The API server's certificate with the node IP too, remade when the node IP changes.
  local node_ip; node_ip="$(rn_node_ip)"
  openssl x509 -in "${PKI}/apiserver-real-node.crt" -noout -ext subjectAltName 2>/dev/null | grep -q "IP Address:${node_ip}\(,\|$\)" ||
    gen_cert apiserver-real-node "/CN=kube-apiserver" server \
      "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:${SERVICE_IP},IP:${node_ip}"
}

# kube-apiserver flags of this mode (read by cmd_up).
rn_apiserver_flags() {
  APISERVER_EXTRA_FLAGS=(
    # Pods (the ingress controller, the cluster DNS) reach the API through Service `kubernetes`:
    # serve on the node IP too and publish it as the Service's endpoint (later flags win).
    --bind-address=0.0.0.0 --advertise-address="$(rn_node_ip)" --endpoint-reconciler-type=lease
    --tls-cert-file="${PKI}/apiserver-real-node.crt" --tls-private-key-file="${PKI}/apiserver-real-node.key"
    --kubelet-client-certificate="${PKI}/apiserver-kubelet-client.crt"
    --kubelet-client-key="${PKI}/apiserver-kubelet-client.key"
    --kubelet-preferred-address-types=InternalIP,Hostname
  )
}

# CoreDNS for the cluster DNS: built once per version (`build` and `up` of this mode only).
real_node_build() {
  rn_build_traefik # the ingress controller (ingress.sh)
  np_build         # kube-router, the NetworkPolicy enforcement (network-policy.sh)
  [[ -x "${RN_COREDNS_BIN_DIR}/coredns" ]] && return 0
  command -v go >/dev/null || die "go is required to build CoreDNS"
  mkdir -p "${RN_COREDNS_BIN_DIR}"
  (
    exec 8>"${RN_COREDNS_BIN_DIR}/../.build.lock"
    command -v flock >/dev/null && flock 8
    [[ -x "${RN_COREDNS_BIN_DIR}/coredns" ]] && exit 0
    go_env
    BIN_DIR="${RN_COREDNS_BIN_DIR}" go_build coredns coredns \
      "-s -w -X github.com/coredns/coredns/coremain.GitCommit=${RN_COREDNS_VERSION}" github.com/coredns/coredns
  ) || exit 1
}

# Called before the control plane starts.
real_node_prepare() {
  [[ "$(id -u)" == 0 ]] || die "TEST_CLUSTER_REAL_NODE=1 needs root (containerd, runc, iptables, mounts)"
  rn_check_ports
  rn_ingress_check_port
  rn_install_packages
  real_node_build
  rn_ensure_certs
  rn_apiserver_flags
  mkdir -p "${RN_DIR}"
}

# -------------------------------------------------------- record / restore
rn_record_host_state() {
  [[ -e "${RN_RECORD}/.complete" ]] && return 0 # an unclean stop: keep the first record
  rm -rf "${RN_RECORD}"; mkdir -p "${RN_RECORD}"
  local s d cmd t
  for s in "${RN_SYSCTLS[@]}"; do
    [[ -r "/proc/sys/$s" ]] && printf '%s=%s\n' "$s" "$(cat "/proc/sys/$s")"
  done >"${RN_RECORD}/sysctls"
  for d in "${RN_HOST_DIRS[@]}"; do [[ -e "$d" ]] && echo "$d"; done >"${RN_RECORD}/dirs"
  for cmd in iptables ip6tables; do
    for t in "${RN_IPTABLES_TABLES[@]}"; do
      "$cmd" -t "$t" -S 2>/dev/null | awk '$1 == "-N" || $1 == "-P" { print $2 }' >"${RN_RECORD}/${cmd}-${t}.chains" || true
    done
  done
  find /sys/fs/cgroup -maxdepth 2 -name kubepods >"${RN_RECORD}/cgroups" 2>/dev/null || true
  ip link show "${RN_BRIDGE}" >/dev/null 2>&1 && echo "${RN_BRIDGE}" >"${RN_RECORD}/bridge"
  np_record_ipsets "${RN_RECORD}"
  echo ok >"${RN_RECORD}/.complete"
}

rn_restore_iptables() {
  local cmd t line chain target
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null || continue
    for t in "${RN_IPTABLES_TABLES[@]}"; do
      [[ -f "${RN_RECORD}/${cmd}-${t}.chains" ]] || continue
      local -A old=() new=()
      while read -r chain; do old[$chain]=1; done <"${RN_RECORD}/${cmd}-${t}.chains"
      while read -r chain; do [[ -n "${old[$chain]:-}" ]] || new[$chain]=1; done \
        < <("$cmd" -t "$t" -S 2>/dev/null | awk '$1 == "-N" { print $2 }')
      ((${#new[@]})) || { unset old new; continue; }
      # Rules the daemons added to the host's chains that jump into theirs.
      while read -r line; do
        chain="$(awk '{ print $2 }' <<<"$line")"
        target="$(awk '{ for (i = 1; i < NF; i++) if ($i == "-j" || $i == "-g") { print $(i + 1); exit } }' <<<"$line")"
        if [[ -n "${old[$chain]:-}" && -n "$target" && -n "${new[$target]:-}" ]]; then
          eval "$cmd -t $t -D ${line#-A }" 2>/dev/null || true
        fi
      done < <("$cmd" -t "$t" -S 2>/dev/null | grep '^-A ')
      for chain in "${!new[@]}"; do "$cmd" -t "$t" -F "$chain" 2>/dev/null || true; done
      for chain in "${!new[@]}"; do "$cmd" -t "$t" -X "$chain" 2>/dev/null || true; done
      log "removed ${#new[@]} ${cmd} chain(s) from table ${t}"
      unset old new
    done
  done
}

rn_unmount_under() { # <dir>: every mount below (and at) dir, deepest first
  local m
  findmnt -rn -o TARGET 2>/dev/null | awk -v d="$1" 'index($0, d) == 1' | awk '{ print length, $0 }' |
    sort -rn | cut -d' ' -f2- | while read -r m; do
    m="$(printf '%b' "$m")" # findmnt escapes blanks as \x20
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount ${m}"
  done
}

rn_restore_host_state() {
  [[ -e "${RN_RECORD}/.complete" ]] || return 0
  local s v d c
  rn_restore_iptables
  np_restore_ipsets "${RN_RECORD}" # after the rules that use them are gone
  while IFS='=' read -r s v; do
    [[ -w "/proc/sys/$s" ]] || continue
    [[ "$(cat "/proc/sys/$s")" == "$v" ]] || { echo "$v" >"/proc/sys/$s" 2>/dev/null && log "restored ${s//\//.}=${v}"; }
  done <"${RN_RECORD}/sysctls"
  if [[ ! -s "${RN_RECORD}/bridge" ]] && ip link show "${RN_BRIDGE}" >/dev/null 2>&1; then
    ip link delete "${RN_BRIDGE}" && log "removed bridge ${RN_BRIDGE}"
  fi
  for c in $(find /sys/fs/cgroup -maxdepth 2 -name kubepods 2>/dev/null); do
    grep -qx "$c" "${RN_RECORD}/cgroups" && continue
    find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ -d "$c" ]] && log "cgroup ${c} is still in use" || true
  done
  for d in "${RN_HOST_DIRS[@]}"; do
    [[ -e "$d" ]] || continue
    grep -qx "$d" "${RN_RECORD}/dirs" && continue
    rn_unmount_under "$d"
    rm -rf "$d" && log "removed ${d}"
  done
  rm -rf "${RN_RECORD}"
}

# ------------------------------------------------------------------ images
# A rootfs folder as a docker-save style tarball (one layer, deterministic), named
# by its content (the config holds the layer digest): localhost/store-platform-test/<name>:<sha12>.
rn_pack_image() { # <name> <rootfs dir> <image config JSON members>; prints the reference
  local name="$1" rootfs="$2" members="$3" tmp diff cfg ref
  tmp="$(mktemp -d)"
  # Owners kept as numbers: the test images have files of their users (999, 33).
  tar --numeric-owner --sort=name --mtime=@0 -C "$rootfs" -cf "${tmp}/layer.tar" .
  diff="$(sha256sum "${tmp}/layer.tar" | cut -d' ' -f1)"
  printf '{"architecture":"amd64","os":"linux","config":{%s,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$members" "$diff" >"${tmp}/config.json"
  cfg="$(sha256sum "${tmp}/config.json" | cut -d' ' -f1)"
  ref="localhost/store-platform-test/${name}:${cfg:0:12}"
  mkdir -p "${RN_IMAGE_CACHE}"
  if [[ ! -s "${RN_IMAGE_CACHE}/${name}-${cfg:0:12}.tar" ]]; then
    mv "${tmp}/config.json" "${tmp}/${cfg}.json"
    printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]' "$cfg" "$ref" >"${tmp}/manifest.json"
    tar -C "$tmp" -cf "${RN_IMAGE_CACHE}/.${name}.tmp" manifest.json "${cfg}.json" layer.tar
    mv -f "${RN_IMAGE_CACHE}/.${name}.tmp" "${RN_IMAGE_CACHE}/${name}-${cfg:0:12}.tar"
  fi
  rm -rf "$tmp"
  echo "$ref"
}

# An image of one static binary at /<name>, run as a non-root user of its own (CoreDNS, Traefik).
rn_pack_static_binary_image() { # <name> <binary> <uid> [more image config members]
  local dir="${RN_DIR}/build/$1"
  rm -rf "$dir"; mkdir -p "${dir}/rootfs/etc"
  cp "$2" "${dir}/rootfs/$1"
  printf '%s:x:%s:%s:%s:/:/bin/false\n' "$1" "$3" "$3" "$1" >"${dir}/rootfs/etc/passwd"
  rn_pack_image "$1" "${dir}/rootfs" "\"Entrypoint\":[\"/$1\"]${4:+,$4}"
}

# pause: a tiny static program that reaps children and exits on TERM/INT.
rn_build_pause() {
  local dir="${RN_DIR}/build/pause"
  rm -rf "$dir"; mkdir -p "${dir}/rootfs"
  cat >"${dir}/pause.c" <<'C'
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void stop(int s) { (void)s; _exit(0); }
static void reap(int s) { (void)s; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  signal(SIGTERM, stop); signal(SIGINT, stop); signal(SIGCHLD, reap);
  for (;;) pause();
}
C
  command -v gcc >/dev/null || die "gcc is required to build the pause image"
  gcc -static -Os -s -o "${dir}/rootfs/pause" "${dir}/pause.c" || die "could not build the pause program"
  rn_pack_image pause "${dir}/rootfs" '"Entrypoint":["/pause"]'
}

# Debian's busybox package (cached): not busybox-static, whose sh runs its own applets
# before PATH, so its nc (without -z) would shadow the netcat of the busybox image.
rn_busybox_binary() { # prints the path of the extracted busybox
  local dir="${RN_IMAGE_CACHE}/busybox-deb"
  if [[ ! -x "${dir}/x/bin/busybox" ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && apt-get download busybox) >>"${LOGS}/real-node-apt.log" 2>&1 ||
      { apt-get update && (cd "$dir" && apt-get download busybox); } >>"${LOGS}/real-node-apt.log" 2>&1 ||
      die "could not download Debian's busybox package (log: ${LOGS}/real-node-apt.log)"
    dpkg-deb -x "$dir"/busybox_*.deb "${dir}/x"
  fi
  echo "${dir}/x/bin/busybox"
}

# busybox: Debian's busybox with its applets as symlinks (and its libraries).
rn_build_busybox() {
  local dir="${RN_DIR}/build/busybox" a lib bb
  bb="$(rn_busybox_binary)"
  rm -rf "$dir"; mkdir -p "${dir}/rootfs/bin" "${dir}/rootfs/tmp" "${dir}/rootfs/etc"
  cp "$bb" "${dir}/rootfs/bin/busybox"
  for a in $("$bb" --list); do [[ "$a" == busybox ]] || ln -s busybox "${dir}/rootfs/bin/${a}"; done
  chmod 1777 "${dir}/rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"${dir}/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"${dir}/rootfs/etc/group"
  # Debian builds busybox without `nc -z` (NC_110_COMPAT), which the official image has and the
  # stores' wait-for-database step uses: nc is Debian's netcat-openbsd, with its libraries.
  rm "${dir}/rootfs/bin/nc"
  cp /usr/bin/nc.openbsd "${dir}/rootfs/bin/nc"
  for lib in $(ldd "$bb" /usr/bin/nc.openbsd | grep -o '/[^ ]*' | grep -v ':$' | sort -u); do
    mkdir -p "${dir}/rootfs$(dirname "$lib")"
    cp -L "$lib" "${dir}/rootfs${lib}"
  done
  # Like the official image: a command replaces sh.
  rn_pack_image busybox "${dir}/rootfs" '"Cmd":["sh"]'
}

rn_import_images() {
  local line ref name
  : >"${RN_IMAGES_FILE}.tmp"
  for name in pause busybox coredns traefik; do
    ref="$(< "${RN_DIR}/build/${name}.ref")"
    rn_ctr images import "${RN_IMAGE_CACHE}/${name}-${ref##*:}.tar" >>"${LOGS}/real-node-images.log" 2>&1 ||
      { tail -n 10 "${LOGS}/real-node-images.log" >&2; die "could not import the ${name} image"; }
    echo "${name}=${ref}" >>"${RN_IMAGES_FILE}.tmp"
  done
  mv -f "${RN_IMAGES_FILE}.tmp" "${RN_IMAGES_FILE}"
  log "images: $(tr '\n' ' ' <"${RN_IMAGES_FILE}")"
}

# ------------------------------------------------------------------ configs
rn_write_configs() {
  local node_ip="$1" pause_ref="$2"
  mkdir -p "${RN_CTRD}"/{root,state,runc,opt} "${RN_DIR}/cni/net.d" "${RN_DIR}/cni/ipam" \
    "${RN_KUBELET_ROOT}" "${RN_DIR}/pod-logs" "${RN_DIR}/volume-plugins"
  cat >"${RN_CTRD}/config.toml" <<TOML
version = 2
root = "${RN_CTRD}/root"
state = "${RN_CTRD}/state"
[grpc]
  address = "${RN_SOCK}"
[ttrpc]
  address = "${RN_SOCK}.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${RN_CTRD}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pause_ref}"
  # Root here lacks CAP_SYS_RESOURCE: without this every sandbox fails
  # ("can't get final child's PID from pipe: EOF").
  restrict_oom_score_adj = true
  enable_unprivileged_ports = true
  enable_unprivileged_icmp = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${RN_CTRD}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${RN_DIR}/cni/net.d"
TOML
  cat >"${RN_DIR}/cni/net.d/10-store-platform.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "store-platform-real-node",
  "plugins": [
    {
      "type": "bridge", "bridge": "${RN_BRIDGE}", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "dataDir": "${RN_DIR}/cni/ipam",
                "ranges": [[{ "subnet": "${RN_POD_CIDR}" }]], "routes": [{ "dst": "0.0.0.0/0" }] }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "loopback" }
  ]
}
JSON
  write_kubeconfig "${RN_DIR}/kubelet.kubeconfig" "system:node:${RN_NAME}" "kubelet-${RN_NAME}"
  write_kubeconfig "${RN_DIR}/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
  cat >"${RN_DIR}/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${node_ip}
port: ${RN_KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${RN_KUBELET_HEALTHZ_PORT}
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${PKI}/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://${RN_SOCK}
cgroupDriver: cgroupfs
# 1.35+ refuses cgroup v1 otherwise (these machines have it); it logs a deprecation warning.
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [${RN_DNS_SERVICE_IP}]
podLogsDir: ${RN_DIR}/pod-logs
volumePluginDir: ${RN_DIR}/volume-plugins
serializeImagePulls: false
# Test images are imported, never pulled: image GC must not remove them,
# and the build disk may be fuller than eviction defaults allow.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "50Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%"}
YAML
  cat >"${RN_DIR}/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: ${RN_DIR}/kube-proxy.kubeconfig}
hostnameOverride: ${RN_NAME}
bindAddress: ${node_ip}
clusterCIDR: ${RN_POD_CIDR}
metricsBindAddress: 127.0.0.1:${RN_PROXY_METRICS_PORT}
healthzBindAddress: 127.0.0.1:${RN_PROXY_HEALTHZ_PORT}
# 0: kube-proxy leaves the host's conntrack sysctls alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
}

# Claims of this class get a folder on the real node that non-root pods can write.
rn_storage_class() {
  cat <<YAML
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${RN_STORAGE_CLASS}
provisioner: store-platform.io/real-node-local
reclaimPolicy: Delete
volumeBindingMode: Immediate
YAML
}

# ---------------------------------------------------------------- start/stop
real_node_alive() {
  local c
  for c in "${RN_COMPONENTS[@]}"; do alive "$c" || return 1; done
}

# Called once the control plane is ready.
real_node_up() {
  local node_ip pause_ref i
  node_ip="$(rn_node_ip)"
  [[ -n "$node_ip" ]] || die "could not find this host's IPv4 address (set TEST_CLUSTER_REAL_NODE_IP)"
  rn_record_host_state
  mkdir -p "${RN_DIR}/build"
  rn_build_pause >"${RN_DIR}/build/pause.ref"
  rn_build_busybox >"${RN_DIR}/build/busybox.ref"
  rn_build_test_images
  rn_build_coredns_image >"${RN_DIR}/build/coredns.ref"
  rn_build_traefik_image >"${RN_DIR}/build/traefik.ref"
  pause_ref="$(< "${RN_DIR}/build/pause.ref")"
  rn_write_configs "$node_ip" "$pause_ref"
  for i in "${RN_COMPONENTS[@]}"; do : >"${LOGS}/${i}.log"; done

  start_proc containerd containerd --config "${RN_CTRD}/config.toml"
  wait_for containerd 30 "containerd" rn_ctr version
  rn_import_images
  rn_import_test_images
  rn_storage_class | kc apply --server-side --force-conflicts -f - >>"${LOGS}/bootstrap.log" 2>&1 ||
    fail_with_log bootstrap "could not create the StorageClass ${RN_STORAGE_CLASS}"
  start_proc local-volumes "${D_DIR}/local-volumes.sh" "${BIN_DIR}/kubectl" "${KUBECONFIG_ADMIN}" \
    "${RN_VOLUMES}" "${RN_NAME}" "${RN_STORAGE_CLASS}"

  start_proc kubelet "${BIN_DIR}/kubelet" \
    --config="${RN_DIR}/kubelet.yaml" --kubeconfig="${RN_DIR}/kubelet.kubeconfig" \
    --root-dir="${RN_KUBELET_ROOT}" --cert-dir="${RN_DIR}/kubelet-pki" \
    --hostname-override="${RN_NAME}" --node-ip="${node_ip}" \
    --node-labels="store-platform.io/real-node=true" --v=1
  start_proc kube-proxy "${BIN_DIR}/kube-proxy" --config="${RN_DIR}/kube-proxy.yaml" --v=1

  wait_for kubelet "$UP_TIMEOUT" "node ${RN_NAME} to be Ready" \
    kc wait --for=condition=Ready "node/${RN_NAME}" --timeout=2s
  wait_for kube-proxy 60 "kube-proxy /healthz" curl -fsS --max-time 2 "http://127.0.0.1:${RN_PROXY_HEALTHZ_PORT}/healthz"
  np_up
  for ((i = 0; i < NODES; i++)); do
    kc taint node "kwok-node-${i}" "${RN_KWOK_TAINT}" --overwrite >>"${LOGS}/bootstrap.log" 2>&1 ||
      fail_with_log bootstrap "could not taint kwok-node-${i}"
  done
  rn_cluster_dns_up
  rn_ingress_up
  log "real node ${RN_NAME} Ready (${node_ip}, pods ${RN_POD_CIDR}, cluster DNS ${RN_DNS_SERVICE_IP}, StorageClass ${RN_STORAGE_CLASS}); kwok nodes tainted ${RN_KWOK_TAINT}"
}

rn_kill_pid() { # <pid> <what>: TERM, then KILL after 5 s
  local i
  kill -TERM "$1" 2>/dev/null || return 0
  for ((i = 0; i < 25; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  log "killing ${2} (pid ${1})"
  kill -KILL "$1" 2>/dev/null || true
}

# The containerd shims of this node: started with our socket as -address.
rn_shim_pids() {
  ps -e -o pid=,args= | awk -v s="${RN_SOCK}" '$2 ~ /containerd-shim/ { for (i = 3; i < NF; i++) if ($i == "-address" && $(i + 1) == s) { print $1; next } }'
}

# Stops the node's processes and containers, unmounts, restores the host.
real_node_stop() {
  local c p pid
  for c in kube-router kube-proxy kubelet local-volumes coredns; do
    p="$(pid_of "$c" || true)"
    if [[ -n "$p" ]] && pgid_alive "$p"; then stop_group "$c" "$p"; fi
    rm -f "${PIDS}/${c}.pid"
  done
  # The kubelet does not stop pods when it exits: kill every container
  # (killing a pid namespace's init ends the namespace), then the shims.
  if alive containerd; then
    while read -r c pid _; do
      [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null
      rn_ctr tasks delete --force "$c" >/dev/null 2>&1 || true
    done < <(rn_ctr tasks ls 2>/dev/null | tail -n +2)
  fi
  for pid in $(rn_shim_pids); do rn_kill_pid "$pid" containerd-shim; done
  p="$(pid_of containerd || true)"
  if [[ -n "$p" ]] && pgid_alive "$p"; then stop_group containerd "$p"; fi
  rm -f "${PIDS}/containerd.pid"
  for pid in $(rn_shim_pids); do rn_kill_pid "$pid" containerd-shim; done
  rn_unmount_under "${RN_DIR}"
  rn_restore_host_state
}

# `down`: also wipes the node's containers, images and kubelet state.
real_node_wipe() {
  [[ -e "${RN_RECORD}/.complete" ]] && { log "host state not restored: keeping ${RN_DIR}"; return 0; }
  rm -rf "${RN_DIR}"
}

real_node_status() {
  local c rc=0
  for c in "${RN_COMPONENTS[@]}"; do
    if alive "$c"; then
      printf '%-24s running  pid %-8s log %s\n' "$c" "$(pid_of "$c")" "${LOGS}/${c}.log"
    else
      printf '%-24s stopped\n' "$c"
      rc=1
    fi
  done
  rn_ingress_status || rc=1
  [[ -s "${RN_IMAGES_FILE}" ]] && sed 's/^/image /' "${RN_IMAGES_FILE}"
  return $rc
}

# shellcheck source=cluster-dns.sh
source "${D_DIR}/cluster-dns.sh"
# shellcheck source=app-config.sh
source "${D_DIR}/app-config.sh"
# shellcheck source=images/lib.sh
source "${D_DIR}/images/lib.sh"
# shellcheck source=network-policy.sh
source "${D_DIR}/network-policy.sh"
# shellcheck source=ingress.sh
source "${D_DIR}/ingress.sh"
