{{/* Names and labels. */}}
{{- define "pitcrew.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pitcrew.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "pitcrew.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "pitcrew.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "pitcrew.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "pitcrew.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pitcrew
{{- end }}

{{/* Selector labels of one component (api or workers): pass (list $ "api"). */}}
{{- define "pitcrew.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "pitcrew.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "pitcrew.apiServiceAccount" -}}
{{- if .Values.workers.enabled }}{{ include "pitcrew.fullname" . }}-api{{ else }}{{ include "pitcrew.fullname" . }}-workers{{ end }}
{{- end }}

{{/* repository:tag[@digest]; the tag defaults to the chart's appVersion, never "latest". */}}
{{- define "pitcrew.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- $tag := default $root.Chart.AppVersion $root.Values.image.tag -}}
{{- if eq $tag "latest" }}{{ fail "image.tag: pin a version, not latest" }}{{ end -}}
{{- $image.repository }}:{{ $tag }}{{ with $image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/* Environment of both Deployments: settings from the ConfigMap, secrets from the user's Secrets. */}}
{{- define "pitcrew.env" -}}
{{- $root := index . 0 -}}
{{- $jvm := index . 1 -}}
envFrom:
  - configMapRef:
      name: {{ include "pitcrew.fullname" $root }}
  {{- with $root.Values.existingSecret }}
  - secretRef:
      name: {{ . }}
  {{- end }}
env:
  {{- with $root.Values.database.existingSecret }}
  {{- if $root.Values.database.usernameKey }}
  - name: SPRING_DATASOURCE_USERNAME
    valueFrom:
      secretKeyRef:
        name: {{ . }}
        key: {{ $root.Values.database.usernameKey }}
  {{- end }}
  - name: SPRING_DATASOURCE_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ . }}
        key: {{ $root.Values.database.passwordKey }}
  {{- end }}
  {{- with $root.Values.temporal.apiKey.existingSecret }}
  - name: PITCREW_TEMPORAL_APIKEY
    valueFrom:
      secretKeyRef:
        name: {{ . }}
        key: {{ $root.Values.temporal.apiKey.key }}
  {{- end }}
  {{- with $jvm }}
  - name: JAVA_TOOL_OPTIONS
    value: {{ . | quote }}
  {{- end }}
{{- end }}

{{- define "pitcrew.volumeMounts" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  {{- if .Values.temporal.tls.enabled }}
  - name: temporal-tls
    mountPath: /etc/pitcrew/temporal-tls
    readOnly: true
  {{- end }}
{{- end }}

{{- define "pitcrew.volumes" -}}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
  {{- if .Values.temporal.tls.enabled }}
  - name: temporal-tls
    secret:
      secretName: {{ required "temporal.tls.existingSecret is required when temporal.tls.enabled" .Values.temporal.tls.existingSecret }}
      defaultMode: 0440
  {{- end }}
{{- end }}

{{- define "pitcrew.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
{{- end }}

{{/* Scheduling knobs of one component's values. */}}
{{- define "pitcrew.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
