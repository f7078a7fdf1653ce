{{/*
Sign-in (values `signIn`). `oidc`: the OpenID Connect provider of app-config.production.yaml,
its URL and client from env, its client secret from your Secret. `guest`: local clusters only,
the API in the development auth environment, the OIDC provider switched off.
*/}}

{{- define "store-platform.oidcMetadataUrl" -}}
{{- with .Values.signIn.oidc }}
{{- if .metadataUrl }}{{ .metadataUrl }}{{ else if .issuer }}{{ printf "%s/.well-known/openid-configuration" (trimSuffix "/" .issuer) }}{{ end }}
{{- end }}
{{- end }}

{{/* Secret and key signing the session cookie of sign-ins in progress (auth.session.secret). */}}
{{- define "store-platform.sessionSecretName" -}}
{{- default (printf "%s-auth-session" (include "store-platform.fullname" .)) .Values.signIn.oidc.sessionSecret.existingSecret }}
{{- end }}

{{/*
"true" when the OIDC provider is fully configured; "" when none of it is (the API then refuses
to start, saying which value is missing; NOTES.txt says so too). Half a configuration fails
the render, naming what is missing.
*/}}
{{- define "store-platform.oidcConfigured" -}}
{{- if eq .Values.signIn.provider "oidc" }}
{{- $oidc := .Values.signIn.oidc }}
{{- $given := dict "signIn.oidc.issuer (or metadataUrl)" (include "store-platform.oidcMetadataUrl" .) "signIn.oidc.clientId" $oidc.clientId "signIn.oidc.existingSecret" $oidc.existingSecret }}
{{- $missing := list }}
{{- range $name, $value := $given }}
{{- if not $value }}{{ $missing = append $missing $name }}{{ end }}
{{- end }}
{{- if and $missing (lt (len $missing) (len $given)) }}
{{- fail (printf "signIn.provider is oidc but %s %s empty: set %s, or signIn.provider=guest on a local cluster" (join " and " $missing) (ternary "is" "are" (eq (len $missing) 1)) (ternary "it" "them" (eq (len $missing) 1))) }}
{{- end }}
{{- if not $missing }}true{{ end }}
{{- end }}
{{- end }}

{{/* The sign-in config the app reads (dashboard runtime config and API alike), as YAML. */}}
{{- define "store-platform.signInFrontendConfig" -}}
{{- if eq .Values.signIn.provider "guest" }}
app:
  signIn:
    providers: [guest]
auth:
  environment: development
{{- else }}
app:
  signIn:
    providers: [oidc]
    oidc:
      title: {{ .Values.signIn.oidc.title | quote }}
auth:
  environment: production
{{- end }}
{{- end }}

{{/* The sign-in config of the API: the app's, plus the OIDC provider's settings, as YAML. */}}
{{- define "store-platform.signInApiConfig" -}}
{{- $config := include "store-platform.signInFrontendConfig" . | fromYaml }}
{{- if eq .Values.signIn.provider "guest" }}
{{- /* null removes the OIDC provider of app-config.production.yaml. The API runs with
NODE_ENV=production, where Backstage's guest provider refuses every sign-in unless told
otherwise: signIn.provider=guest is that telling (local clusters only, as values.yaml says). */}}
{{- $_ := set $config.auth "providers" (dict "oidc" nil "guest" (dict "dangerouslyAllowOutsideDevelopment" true)) }}
{{- else }}
{{- $oidc := .Values.signIn.oidc }}
{{- $production := dict "prompt" $oidc.prompt "signIn" (dict "resolvers" (list (dict "resolver" $oidc.resolver))) }}
{{- with $oidc.additionalScopes }}
{{- $_ := set $production "additionalScopes" . }}
{{- end }}
{{- $_ := set $config.auth "providers" (dict "oidc" (dict "production" $production)) }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/* Environment of the API container for sign-in: what app-config.production.yaml reads. */}}
{{- define "store-platform.signInEnv" -}}
{{- if eq .Values.signIn.provider "oidc" }}
{{- $oidc := .Values.signIn.oidc }}
{{- if include "store-platform.oidcConfigured" . }}
- name: AUTH_OIDC_METADATA_URL
  value: {{ include "store-platform.oidcMetadataUrl" . | quote }}
- name: AUTH_OIDC_CLIENT_ID
  value: {{ $oidc.clientId | quote }}
- name: AUTH_OIDC_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $oidc.existingSecret }}
      key: {{ $oidc.existingSecretKey }}
{{- end }}
- name: AUTH_SESSION_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "store-platform.sessionSecretName" . }}
      key: {{ $oidc.sessionSecret.existingSecretKey }}
{{- end }}
{{- end }}
