#!/usr/bin/env bash
# scripts/test-cluster.d/local-volumes.sh — the volume provisioner of the real node mode.
#
# Started by real-node.sh as a host process (never by hand):
#   local-volumes.sh <kubectl> <kubeconfig> <volumes dir> <node name> <storage class>
# Every second: each unbound claim of <storage class> gets a folder under <volumes dir>
# (mode 0777, so non-root pods can write: hostPath ignores fsGroup) and a hostPath PV
# pre-bound to it, pinned to <node name>; each Released PV it made loses its folder and
# goes away (reclaimPolicy Delete). The PV binder in kube-controller-manager does the binding.
set -uo pipefail

KUBECTL="$1" KCFG="$2" VOLUMES="$3" NODE="$4" CLASS="$5"
PROVISIONER="store-platform.io/real-node-local"

kc() { "$KUBECTL" --kubeconfig "$KCFG" --request-timeout=10s "$@"; }
log() { printf '%s %s\n' "$(date -u +%FT%TZ)" "$*"; }

provision() { # <namespace> <claim> <uid> <size> <access modes as a JSON array>
  local ns="$1" claim="$2" uid="$3" size="$4" modes="$5" dir="${VOLUMES}/$1_$2_$3"
  mkdir -p "$dir" && chmod 0777 "$dir" || { log "could not create ${dir}"; return; }
  kc create -f - >/dev/null <<JSON && log "provisioned pvc-${uid} for ${ns}/${claim} at ${dir}"
{
  "apiVersion": "v1", "kind": "PersistentVolume",
  "metadata": { "name": "pvc-${uid}", "annotations": { "pv.kubernetes.io/provisioned-by": "${PROVISIONER}" } },
  "spec": {
    "capacity": { "storage": "${size}" }, "accessModes": ${modes:-[\"ReadWriteOnce\"]},
    "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "${CLASS}",
    "claimRef": { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": "${ns}", "name": "${claim}", "uid": "${uid}" },
    "hostPath": { "path": "${dir}", "type": "Directory" },
    "nodeAffinity": { "required": { "nodeSelectorTerms": [ { "matchExpressions": [
      { "key": "kubernetes.io/hostname", "operator": "In", "values": ["${NODE}"] } ] } ] } }
  }
}
JSON
}

release() { # <pv name> <folder>
  case "$2" in "${VOLUMES}"/*) rm -rf -- "$2" ;; esac
  kc delete pv "$1" --wait=false >/dev/null && log "deleted $1 and $2"
}

log "watching claims of StorageClass ${CLASS} (volumes in ${VOLUMES}, node ${NODE})"
mkdir -p "$VOLUMES"
declare -A pvs
while sleep 1; do
  listing="$(kc get pvc,pv -A -o jsonpath='{range .items[*]}{.kind}|{.metadata.namespace}|{.metadata.name}|{.metadata.uid}|{.spec.storageClassName}|{.spec.volumeName}|{.status.phase}|{.spec.resources.requests.storage}|{.spec.hostPath.path}|{.metadata.annotations.pv\.kubernetes\.io/provisioned-by}|{.spec.accessModes}{"\n"}{end}')" || continue
  pvs=()
  while IFS='|' read -r kind ns name uid class vol phase size path by modes; do
    [[ "$kind" == PersistentVolume ]] && pvs[$name]=1
    [[ "$kind" == PersistentVolume && "$by" == "$PROVISIONER" && "$phase" == Released ]] && release "$name" "$path"
  done <<<"$listing"
  while IFS='|' read -r kind ns name uid class vol phase size path by modes; do
    [[ "$kind" == PersistentVolumeClaim && "$class" == "$CLASS" && -z "$vol" && -z "${pvs[pvc-$uid]:-}" ]] || continue
    provision "$ns" "$name" "$uid" "${size:-1Gi}" "$modes"
  done <<<"$listing"
done
