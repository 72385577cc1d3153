{{/* The image of every container. */}}
{{- define "lantern.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "lantern.labels" -}}
app.kubernetes.io/name: lantern
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The gateway's selector labels: the Service, its pods and the ServiceMonitor all use these. */}}
{{- define "lantern.gatewaySelector" -}}
app.kubernetes.io/name: lantern
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end }}

{{- define "lantern.assistantSelector" -}}
app.kubernetes.io/name: lantern
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: assistant
{{- end }}

{{- define "lantern.sreSelector" -}}
app.kubernetes.io/name: lantern
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: sre
{{- end }}

{{- define "lantern.gatewaySecret" -}}
{{ .Values.gateway.secret.existingSecret | default (printf "%s-gateway" .Release.Name) }}
{{- end }}

{{- define "lantern.telegramSecret" -}}
{{ .Values.assistant.telegram.existingSecret | default (printf "%s-telegram" .Release.Name) }}
{{- end }}

{{/* Container security and resources, the same for every container. */}}
{{- define "lantern.container" -}}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
resources:
  {{- toYaml .Values.resources | nindent 2 }}
{{- end }}
