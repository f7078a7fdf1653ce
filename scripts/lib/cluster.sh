# shellcheck shell=bash
# Sourced by scripts/start: chooses the Kubernetes cluster the product provisions stores in.
#
# A cluster you configured (KUBECONFIG, or ~/.kube/config, whose current context answers) is
# always used as it is. Only when none answers does the product start the local control plane of
# scripts/test-cluster (a real API server whose nodes and pods kwok simulates), so that trying the
# product needs nothing installed. Either way the stock Kubernetes plugin is pointed at the same
# cluster, so store entities get a working Kubernetes tab.

# Runs kubectl: the machine's if it has one, else the one test-cluster builds.
_kubectl() {
  if command -v kubectl >/dev/null 2>&1; then
    kubectl "$@"
  else
    "$("$REPO_ROOT/scripts/test-cluster" build)/kubectl" "$@"
  fi
}

_configured_cluster_answers() {
  local config="${KUBECONFIG:-$HOME/.kube/config}"
  [ -f "${config%%:*}" ] || return 1
  _kubectl --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

# Writes an app-config overlay for the Kubernetes plugin into CLUSTER_APP_CONFIG. The token stays
# in the environment (STORE_PLATFORM_K8S_TOKEN), not in the file.
_kubernetes_plugin_config() {
  local name="$1" out="$REPO_ROOT/.data/app-config.cluster.yaml"
  local server ca
  server="$(_kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')"
  ca="$(_kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
  # A read-only identity for the Kubernetes tab: the built-in `view` role, nothing more.
  _kubectl -n kube-system create serviceaccount store-platform-kubernetes-tab \
    --dry-run=client -o yaml | _kubectl apply -f - >/dev/null
  _kubectl create clusterrolebinding store-platform-kubernetes-tab --clusterrole=view \
    --serviceaccount=kube-system:store-platform-kubernetes-tab \
    --dry-run=client -o yaml | _kubectl apply -f - >/dev/null
  STORE_PLATFORM_K8S_TOKEN="$(_kubectl -n kube-system create token \
    store-platform-kubernetes-tab --duration=24h)"
  export STORE_PLATFORM_K8S_TOKEN
  mkdir -p "$(dirname "$out")"
  cat >"$out" <<YAML
# Written by scripts/start for the cluster it chose; regenerated at every start.
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: ${name}
          url: ${server}
          authProvider: serviceAccount
          serviceAccountToken: \${STORE_PLATFORM_K8S_TOKEN}
          caData: ${ca}
          # No metrics-server is assumed; without this the tab shows a metrics error.
          skipMetricsLookup: true
YAML
  CLUSTER_APP_CONFIG="$out"
}

# Exports KUBECONFIG for the backend and sets CLUSTER_APP_CONFIG, the Kubernetes plugin's overlay.
# Call it directly, not in $(...): it exports variables.
choose_cluster() {
  if _configured_cluster_answers; then
    local context
    context="$(_kubectl config current-context 2>/dev/null || echo default)"
    log "using your Kubernetes cluster: context ${context} ($(_kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'))"
    _kubernetes_plugin_config "$context"
    return 0
  fi
  log "no reachable Kubernetes cluster (KUBECONFIG or ~/.kube/config): starting the local control plane"
  log "NOTE: its nodes and pods are SIMULATED by kwok: stores are provisioned for real in the API"
  log "      server, but no container runs and http://<store>.localhost will not answer."
  log "      Point KUBECONFIG at kind, k3d or minikube to run real stores."
  "$REPO_ROOT/scripts/test-cluster" up >&2
  KUBECONFIG="$("$REPO_ROOT/scripts/test-cluster" kubeconfig)"
  export KUBECONFIG
  _kubernetes_plugin_config local-simulated
}
