{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "store-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: the release name unless it already contains the chart name. */}}
{{- define "store-platform.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "store-platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object of the release. */}}
{{- define "store-platform.labels" -}}
helm.sh/chart: {{ include "store-platform.chart" . }}
app.kubernetes.io/name: {{ include "store-platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: store-platform
{{- end }}

{{/* Selector of one component (api, dashboard, postgresql): stable across upgrades. */}}
{{- define "store-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "store-platform.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "store-platform.componentLabels" -}}
{{ include "store-platform.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "store-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "store-platform.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Prefix of the release's cluster-scoped objects (ClusterRoles, their binding, the admission
policies): the full name and the release namespace, so that releases of the same name in two
namespaces do not collide.
*/}}
{{- define "store-platform.clusterScopedName" -}}
{{- printf "%s-%s" (include "store-platform.fullname" .) .Release.Namespace }}
{{- end }}

{{/* The one ClusterRole granted inside store namespaces (through RoleBindings made by the provisioning). */}}
{{- define "store-platform.storeManagerRole" -}}
{{- printf "%s-store-manager" (include "store-platform.clusterScopedName" .) }}
{{- end }}

{{/*
The label naming the install that owns a store namespace, and this install's value:
provisioning.installation, else <release>.<release namespace>. A value longer than the 63
characters of a label value is cut and suffixed with a hash of the whole, so it stays unique.
The platform changes, deletes and binds itself in only the namespaces carrying this value.
*/}}
{{- define "store-platform.installationLabel" -}}store-platform.io/installation{{- end }}
{{- define "store-platform.installation" -}}
{{- $value := default (printf "%s.%s" .Release.Name .Release.Namespace) .Values.provisioning.installation }}
{{- if gt (len $value) 63 }}
{{- printf "%s-%s" (regexReplaceAll "[-._]+$" (trunc 54 $value) "") (sha256sum $value | trunc 8) }}
{{- else }}
{{- $value }}
{{- end }}
{{- end }}

{{/* <registry>/<repository>:<tag or appVersion> of the platform's own images. */}}
{{- define "store-platform.image" -}}
{{- $registry := .root.Values.global.imageRegistry }}
{{- $tag := default .root.Chart.AppVersion .image.tag }}
{{- if $registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{- define "store-platform.apiName" -}}
{{- printf "%s-api" (include "store-platform.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "store-platform.dashboardName" -}}
{{- printf "%s-dashboard" (include "store-platform.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "store-platform.postgresqlName" -}}
{{- printf "%s-postgresql" (include "store-platform.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Public URLs: explicit values, else derived from the Ingress host. */}}
{{- define "store-platform.appBaseUrl" -}}
{{- if .Values.app.baseUrl }}
{{- trimSuffix "/" .Values.app.baseUrl }}
{{- else }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- end }}
{{- end }}
{{- define "store-platform.backendBaseUrl" -}}
{{- default (include "store-platform.appBaseUrl" .) (trimSuffix "/" .Values.app.backendBaseUrl) }}
{{- end }}

{{/* Secret and key of the backend auth key. */}}
{{- define "store-platform.backendSecretName" -}}
{{- default (printf "%s-backend" (include "store-platform.fullname" .)) .Values.api.auth.existingSecret }}
{{- end }}

{{/* Database connection of the API: the in-chart PostgreSQL or the external one. */}}
{{- define "store-platform.databaseHost" -}}
{{- if .Values.postgresql.enabled }}{{ include "store-platform.postgresqlName" . }}{{ else }}{{ .Values.externalDatabase.host }}{{ end }}
{{- end }}
{{- define "store-platform.databasePort" -}}
{{- if .Values.postgresql.enabled }}5432{{ else }}{{ .Values.externalDatabase.port }}{{ end }}
{{- end }}
{{- define "store-platform.databaseUser" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.username }}{{ else }}{{ .Values.externalDatabase.username }}{{ end }}
{{- end }}
{{- define "store-platform.databaseSecretName" -}}
{{- if .Values.postgresql.enabled }}
{{- default (include "store-platform.postgresqlName" .) .Values.postgresql.auth.existingSecret }}
{{- else }}
{{- .Values.externalDatabase.existingSecret }}
{{- end }}
{{- end }}
{{- define "store-platform.databaseSecretKey" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.existingSecretKey }}{{ else }}{{ .Values.externalDatabase.existingSecretKey }}{{ end }}
{{- end }}

{{/*
A password kept across upgrades: the value already in the cluster's Secret, else a new random one.
Args: root, secret (name), key.
*/}}
{{- define "store-platform.keptSecret" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret }}
{{- if and $existing (index ($existing.data | default dict) .key) }}
{{- index $existing.data .key }}
{{- else }}
{{- randAlphaNum 40 | b64enc }}
{{- end }}
{{- end }}

{{/* Pod hardening shared by every pod of the chart (Pod Security `restricted`). */}}
{{- define "store-platform.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}
{{- define "store-platform.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
