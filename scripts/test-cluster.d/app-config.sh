# shellcheck shell=bash
# scripts/test-cluster.d/app-config.sh — `scripts/test-cluster app-config` of the real node.
#
# Sourced by real-node.sh. Writes the app-config that makes a Store Platform backend provision
# real stores on this cluster: its kubeconfig, the test images imported here, the ingress
# class of the ingress controller, the StorageClass whose volumes non-root pods can write,
# and where the ingress controller and the cluster DNS run (the stores' NetworkPolicies admit
# them by namespace). Printed as a path, for `--config` or a test's extra config file.

RN_APP_CONFIG="${RN_DIR}/app-config.yaml"
# RN_INGRESS_CLASS and RN_INGRESS_NAMESPACE come from ingress.sh.

rn_image_ref() { # <name>: the imported reference of a test image, or a clear error
  local ref
  ref="$(sed -n "s/^$1=//p" "${RN_IMAGES_FILE}" 2>/dev/null)"
  [[ -n "$ref" ]] || die "no test image '$1' on the real node: run TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up"
  echo "$ref"
}

rn_write_app_config() {
  local mariadb wordpress bootstrap busybox
  mariadb="$(rn_image_ref mariadb)"
  wordpress="$(rn_image_ref wordpress)"
  bootstrap="$(rn_image_ref bootstrap)"
  busybox="$(rn_image_ref busybox)"
  cat >"${RN_APP_CONFIG}.tmp" <<YAML
# Written by scripts/test-cluster (real node mode): stores provisioned on this cluster's real node.
storePlatform:
  kubernetes:
    mode: kubeconfig
    kubeconfigPath: ${KUBECONFIG_ADMIN}
  provisioning:
    ingressClassName: ${RN_INGRESS_CLASS}
    ingressControllerNamespace: ${RN_INGRESS_NAMESPACE}
    dnsNamespace: kube-system
    storageClassName: ${RN_STORAGE_CLASS}
    egress:
      # The node's address is outside the default cluster ranges: without this, a storefront's
      # internet rule would reach the API server and the kubelet on it.
      deniedCidrs: [169.254.0.0/16, fe80::/10, $(rn_node_ip)/32]
    images:
      mariadb: ${mariadb}
      wordpress: ${wordpress}
      # The bootstrap image stands for wordpress:cli; its wp is a test double (docs/test-cluster.md).
      wpCli: ${bootstrap}
      busybox: ${busybox}
YAML
  mv -f "${RN_APP_CONFIG}.tmp" "${RN_APP_CONFIG}"
  echo "${RN_APP_CONFIG}"
}
