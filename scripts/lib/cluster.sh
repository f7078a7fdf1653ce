# shellcheck shell=bash
# Sourced by scripts/start: chooses the Kubernetes cluster the product provisions stores in.
#
# A cluster you configured (KUBECONFIG, or ~/.kube/config, whose current context answers) is
# always used as it is. Only when none answers does the product start the local control plane of
# scripts/test-cluster (a real API server whose nodes and pods kwok simulates), so that trying the
# product needs nothing installed.
#
# The stock Kubernetes plugin (the Kubernetes tab of store entities) needs an identity in that
# cluster, and every user of this Backstage reaches it through /api/kubernetes/proxy. On the local
# control plane a read-only ServiceAccount is made for it. In any other cluster nothing is written
# without consent: the script asks on the terminal (default no); unanswered or refused, the tab
# stays off and the script says how to turn it on.

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

# Server and CA of the current context: what identifies a cluster across kubeconfig files.
_current_cluster() {
  _kubectl config view --minify --raw \
    -o jsonpath='{.clusters[0].cluster.server} {.clusters[0].cluster.certificate-authority-data}'
}

# Whether the current context is the local control plane of scripts/test-cluster (same server,
# same CA), whichever kubeconfig file names it.
_is_local_control_plane() {
  local local_kubeconfig current
  local_kubeconfig="$("$REPO_ROOT/scripts/test-cluster" kubeconfig)"
  [ -f "$local_kubeconfig" ] || return 1
  current="$(_current_cluster 2>/dev/null)" || return 1
  [ "$current" = "$(KUBECONFIG="$local_kubeconfig" _current_cluster 2>/dev/null)" ]
}

KUBERNETES_TAB_ACCOUNT=store-platform-kubernetes-tab

# Whether the Kubernetes tab may have its read-only ServiceAccount in the current cluster (a
# cluster the script did not start): already made (an earlier consent), consented through
# STORE_PLATFORM_KUBERNETES_TAB=view, or answered y on the terminal. Default: no.
_kubernetes_tab_consented() {
  local context="$1" answer
  [ "${STORE_PLATFORM_KUBERNETES_TAB:-}" = off ] && return 1
  [ "${STORE_PLATFORM_KUBERNETES_TAB:-}" = view ] && return 0
  if _kubectl get clusterrolebinding "$KUBERNETES_TAB_ACCOUNT" >/dev/null 2>&1; then
    log "Kubernetes tab: reusing ClusterRoleBinding ${KUBERNETES_TAB_ACCOUNT} (view) found in context ${context};"
    log "  remove it with: kubectl delete clusterrolebinding ${KUBERNETES_TAB_ACCOUNT} && kubectl -n kube-system delete serviceaccount ${KUBERNETES_TAB_ACCOUNT}"
    return 0
  fi
  [ -t 0 ] && [ -t 2 ] || return 1
  {
    printf '\nThe Kubernetes tab of store pages needs a read-only identity in context %s.\n' "$context"
    printf 'Create ServiceAccount kube-system/%s bound cluster-wide to the built-in "view" role?\n' "$KUBERNETES_TAB_ACCOUNT"
    printf 'Everyone who signs in to this Backstage could then read (not Secrets) through it.\n'
    printf 'Create it? [y/N] '
  } >&2
  read -r answer || answer=''
  [[ "$answer" =~ ^[Yy]([Ee][Ss])?$ ]]
}

# The Kubernetes plugin without clusters (app-config.yaml's default): the tab shows nothing.
_kubernetes_tab_off() {
  local context="$1"
  log "Kubernetes tab: OFF. Nothing was written to context ${context}: the tab would need a"
  log "  ServiceAccount with the cluster-wide 'view' role there. To make it, run again and answer y,"
  log "  or set STORE_PLATFORM_KUBERNETES_TAB=view (STORE_PLATFORM_KUBERNETES_TAB=off stops the question)."
  CLUSTER_APP_CONFIG="$REPO_ROOT/.data/app-config.cluster.yaml"
  mkdir -p "$(dirname "$CLUSTER_APP_CONFIG")"
  cat >"$CLUSTER_APP_CONFIG" <<YAML
# Written by scripts/start; regenerated at every start. No identity in context ${context} for the
# Kubernetes tab (not consented): the plugin has no cluster.
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters: []
YAML
}

# Writes an app-config overlay for the Kubernetes plugin into CLUSTER_APP_CONFIG. The token stays
# in the environment (STORE_PLATFORM_K8S_TOKEN), not in the file.
_kubernetes_plugin_config() {
  local name="$1" out="$REPO_ROOT/.data/app-config.cluster.yaml"
  local server ca
  server="$(_kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')"
  ca="$(_kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
  # A read-only identity for the Kubernetes tab: the built-in `view` role, nothing more.
  _kubectl -n kube-system create serviceaccount "$KUBERNETES_TAB_ACCOUNT" \
    --dry-run=client -o yaml | _kubectl apply -f - >/dev/null
  _kubectl create clusterrolebinding "$KUBERNETES_TAB_ACCOUNT" --clusterrole=view \
    --serviceaccount="kube-system:$KUBERNETES_TAB_ACCOUNT" \
    --dry-run=client -o yaml | _kubectl apply -f - >/dev/null
  STORE_PLATFORM_K8S_TOKEN="$(_kubectl -n kube-system create token \
    "$KUBERNETES_TAB_ACCOUNT" --duration=24h)"
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
    if _is_local_control_plane || _kubernetes_tab_consented "$context"; then
      # Named as the store platform names its one cluster (storePlatform.clusters absent): stores
      # carry backstage.io/kubernetes-cluster: default, and the tab asks the cluster of that name.
      _kubernetes_plugin_config default
    else
      _kubernetes_tab_off "$context"
    fi
    return 0
  fi
  log "no reachable Kubernetes cluster (KUBECONFIG or ~/.kube/config): starting the local control plane"
  log "NOTE: its nodes and pods are SIMULATED by kwok: stores are provisioned for real in the API"
  log "      server, but no container runs and http://<store>.localhost will not answer."
  log "      Point KUBECONFIG at kind, k3d or minikube to run real stores."
  "$REPO_ROOT/scripts/test-cluster" up >&2
  KUBECONFIG="$("$REPO_ROOT/scripts/test-cluster" kubeconfig)"
  export KUBECONFIG
  _kubernetes_plugin_config default
}
