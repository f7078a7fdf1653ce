# shellcheck shell=bash
# scripts/test-cluster.d/ingress.sh — the ingress controller of the real node.
#
# Sourced by real-node.sh (never run on its own). Traefik, built from its own wrapper
# module (go/traefik), runs as a pod in namespace ingress-traefik and serves the Ingresses
# of IngressClass `traefik` only. A pod, not a host process: the stores' NetworkPolicies
# admit the storefront's traffic from the ingress controller's namespace only, which means
# something only when the controller's connections come from a pod of that namespace.
# The host reaches it on a loopback port through a hostPort (the CNI portmap plugin's DNAT
# rules, in chains of its own that `down` removes with the node's other iptables chains).

RN_INGRESS_NAMESPACE="ingress-traefik"
RN_INGRESS_CLASS="traefik"
RN_INGRESS_CONTROLLER="traefik.io/ingress-controller"
RN_INGRESS_PORT="${TEST_CLUSTER_INGRESS_PORT:-18080}"
RN_INGRESS_URL_FILE="${RN_DIR}/ingress-url" # written once Traefik answers; `ingress-url` prints it
RN_TRAEFIK_VERSION="$(mod_version traefik github.com/traefik/traefik/v3)"
RN_TRAEFIK_BIN_DIR="${CACHE_ROOT}/traefik-${RN_TRAEFIK_VERSION}/bin"
RN_TRAEFIK_UID=65532
# Inside the pod: the entrypoint `web` (the one the host's port maps to) and the
# entrypoint `traefik`, which serves only /ping (readiness and liveness).
RN_TRAEFIK_WEB_PORT=8000
RN_TRAEFIK_PING_PORT=9000

# Built once per version, like CoreDNS (`build` and `up` of the real node mode only).
rn_build_traefik() {
  [[ -x "${RN_TRAEFIK_BIN_DIR}/traefik" ]] && return 0
  command -v go >/dev/null || die "go is required to build Traefik"
  mkdir -p "${RN_TRAEFIK_BIN_DIR}"
  (
    exec 8>"${RN_TRAEFIK_BIN_DIR}/../.build.lock"
    command -v flock >/dev/null && flock 8
    [[ -x "${RN_TRAEFIK_BIN_DIR}/traefik" ]] && exit 0
    go_env
    local v=github.com/traefik/traefik/v3/pkg/version date
    date="$(cd "${GO_DIR}/traefik" && go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' github.com/traefik/traefik/v3)"
    BIN_DIR="${RN_TRAEFIK_BIN_DIR}" go_build traefik traefik \
      "-s -w -X ${v}.Version=${RN_TRAEFIK_VERSION#v} -X ${v}.BuildDate=${date}" github.com/traefik/traefik/v3/cmd/traefik
  ) || exit 1
}

# The host port is a DNAT rule, not a socket: a listener already there would be shadowed.
rn_ingress_check_port() {
  port_in_use "$RN_INGRESS_PORT" &&
    die "127.0.0.1:${RN_INGRESS_PORT} is already in use (the ingress controller needs it; choose another with TEST_CLUSTER_INGRESS_PORT)"
  return 0
}

rn_build_traefik_image() {
  rn_pack_static_binary_image traefik "${RN_TRAEFIK_BIN_DIR}/traefik" "$RN_TRAEFIK_UID"
}

rn_ingress_manifest() { # <image reference>
  cat <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: ${RN_INGRESS_NAMESPACE}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: traefik, namespace: ${RN_INGRESS_NAMESPACE}}
---
# What the kubernetesingress provider of Traefik ${RN_TRAEFIK_VERSION} reads: its informers
# list and watch these in every namespace (pkg/provider/kubernetes/ingress/client.go; Secrets
# for the Ingresses' TLS, Nodes with the IngressClasses as its cluster-scope resources) and
# it only reads them from that cache. No ingresses/status: no ingressEndpoint is configured.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "store-platform-test:traefik"}
rules:
  - apiGroups: [""]
    resources: [services, secrets, nodes]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
  - apiGroups: [networking.k8s.io]
    resources: [ingresses, ingressclasses]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "store-platform-test:traefik"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "store-platform-test:traefik"}
subjects: [{kind: ServiceAccount, name: traefik, namespace: ${RN_INGRESS_NAMESPACE}}]
---
# Not the default class: an Ingress is served only when it names this class.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${RN_INGRESS_CLASS}}
spec: {controller: ${RN_INGRESS_CONTROLLER}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: traefik, namespace: ${RN_INGRESS_NAMESPACE}, labels: {app.kubernetes.io/name: traefik}}
spec:
  replicas: 1
  # The host port can be held by one pod only: the old pod goes before the new one starts.
  strategy: {type: Recreate}
  selector: {matchLabels: {app.kubernetes.io/name: traefik}}
  template:
    metadata: {labels: {app.kubernetes.io/name: traefik}}
    spec:
      serviceAccountName: traefik
      nodeSelector: {store-platform.io/real-node: "true"}
      terminationGracePeriodSeconds: 10
      securityContext:
        runAsNonRoot: true
        runAsUser: ${RN_TRAEFIK_UID}
        runAsGroup: ${RN_TRAEFIK_UID}
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: traefik
          image: $1
          imagePullPolicy: Never
          args:
            - --entryPoints.web.address=:${RN_TRAEFIK_WEB_PORT}
            # WordPress is PHP: headers that alias others (X_Forwarded_For for
            # X-Forwarded-For) would reach it as the ones Traefik sets.
            - --entryPoints.web.http.aliasHeadersStrategy=delete
            - --entryPoints.traefik.address=:${RN_TRAEFIK_PING_PORT}
            - --entryPoints.traefik.http.aliasHeadersStrategy=delete
            - --ping.entryPoint=traefik
            - --providers.kubernetesIngress.ingressClass=${RN_INGRESS_CLASS}
            # A suspended store's Service has no endpoints: answer 503, as
            # ingress-nginx does, not 404 (Traefik drops such routes by default).
            - --providers.kubernetesIngress.allowEmptyServices=true
            - --accessLog=true
            - --log.level=INFO
            - --log.noColor=true
            # These machines have no internet: no version check, no usage report.
            - --global.checkNewVersion=false
            - --global.sendAnonymousUsage=false
          ports:
            # Only 127.0.0.1 of the host maps to the pod (portmap DNAT, no socket on the host).
            - {name: web, containerPort: ${RN_TRAEFIK_WEB_PORT}, hostPort: ${RN_INGRESS_PORT}, hostIP: 127.0.0.1, protocol: TCP}
            - {name: ping, containerPort: ${RN_TRAEFIK_PING_PORT}, protocol: TCP}
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {memory: 256Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          readinessProbe: {httpGet: {path: /ping, port: ping}, periodSeconds: 2}
          livenessProbe: {httpGet: {path: /ping, port: ping}, periodSeconds: 10, failureThreshold: 5}
YAML
}

rn_ingress_answers() { # <base URL>: any HTTP answer (404 for a host no Ingress names) will do
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Host: ready.ingress.invalid' "$1/")"
  [[ "$code" =~ ^[1-5][0-9][0-9]$ ]]
}

# Called once the node is Ready.
rn_ingress_up() {
  local ref url="http://127.0.0.1:${RN_INGRESS_PORT}"
  ref="$(sed -n 's/^traefik=//p' "${RN_IMAGES_FILE}")"
  [[ -n "$ref" ]] || die "the traefik image was not imported"
  rm -f "${RN_INGRESS_URL_FILE}"
  rn_ingress_manifest "$ref" | kc apply --server-side --force-conflicts -f - >>"${LOGS}/bootstrap.log" 2>&1 ||
    fail_with_log bootstrap "could not create the ingress controller (Traefik in ${RN_INGRESS_NAMESPACE})"
  wait_for kubelet 120 "the ingress controller (deployment ${RN_INGRESS_NAMESPACE}/traefik) to be available" \
    kc -n "${RN_INGRESS_NAMESPACE}" wait --for=condition=Available deployment/traefik --timeout=2s
  wait_for kubelet 30 "the ingress controller to answer at ${url}" rn_ingress_answers "$url"
  echo "$url" >"${RN_INGRESS_URL_FILE}"
  log "ingress controller Traefik ${RN_TRAEFIK_VERSION} (IngressClass ${RN_INGRESS_CLASS}): ${url}"
}

rn_ingress_status() {
  [[ -s "${RN_INGRESS_URL_FILE}" ]] || { printf '%-24s not started\n' ingress; return 1; }
  local url; url="$(< "${RN_INGRESS_URL_FILE}")"
  if rn_ingress_answers "$url"; then
    printf '%-24s answers  %s (Traefik %s, IngressClass %s)\n' ingress "$url" "$RN_TRAEFIK_VERSION" "$RN_INGRESS_CLASS"
  else
    printf '%-24s no answer at %s\n' ingress "$url"
    return 1
  fi
}
