# shellcheck shell=bash
# scripts/test-cluster.d/cluster-dns.sh — the cluster DNS of the real node.
#
# Sourced by real-node.sh. CoreDNS runs as a pod in kube-system behind Service kube-dns
# (10.96.0.10), as on kubeadm, kind or k3s clusters: the stores' DNS egress NetworkPolicy
# admits the pods of `dnsNamespace`, so a DNS outside the cluster's pods would be blocked
# once a network enforces the policies. It answers cluster.local from the API server and
# NXDOMAIN for every other name at once (these machines have no internet to forward to).

RN_DNS_SERVICE_IP="10.96.0.10"
RN_DNS_UID=65532

rn_build_coredns_image() {
  rn_pack_static_binary_image coredns "${RN_COREDNS_BIN_DIR}/coredns" "$RN_DNS_UID" \
    '"Cmd":["-conf","/etc/coredns/Corefile"]'
}

rn_cluster_dns_manifest() { # <image reference>
  cat <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
# What the kubernetes plugin lists and watches, nothing more.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
  - apiGroups: [""]
    resources: [services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    cluster.local in-addr.arpa ip6.arpa {
      errors
      health :8080
      ready :8181
      kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
      }
      cache 5
    }
    . {
      errors
      template ANY ANY {
        rcode NXDOMAIN
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      priorityClassName: system-cluster-critical
      nodeSelector: {store-platform.io/real-node: "true"}
      # Port 53 as non-root: containerd's enable_unprivileged_ports opens every port in the pod.
      securityContext:
        runAsNonRoot: true
        runAsUser: ${RN_DNS_UID}
        runAsGroup: ${RN_DNS_UID}
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: coredns
          image: $1
          imagePullPolicy: Never
          ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {memory: 170Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 2}
          livenessProbe: {httpGet: {path: /health, port: 8080}, periodSeconds: 10, failureThreshold: 5}
          volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
      volumes: [{name: config, configMap: {name: coredns}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: ${RN_DNS_SERVICE_IP}
  selector: {k8s-app: kube-dns}
  ports:
    - {name: dns, port: 53, protocol: UDP, targetPort: dns}
    - {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp}
YAML
}

# Called once the node is Ready.
rn_cluster_dns_up() {
  local ref
  ref="$(sed -n 's/^coredns=//p' "${RN_IMAGES_FILE}")"
  [[ -n "$ref" ]] || die "the coredns image was not imported"
  rn_cluster_dns_manifest "$ref" | kc apply --server-side --force-conflicts -f - >>"${LOGS}/bootstrap.log" 2>&1 ||
    fail_with_log bootstrap "could not create the cluster DNS (CoreDNS in kube-system)"
  wait_for kubelet 90 "the cluster DNS (deployment kube-system/coredns) to be available" \
    kc -n kube-system wait --for=condition=Available deployment/coredns --timeout=2s
}
