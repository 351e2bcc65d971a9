{{/* Labels every object carries; "component" tells the pods apart for Services and policies. */}}
{{- define "deepalpha.labels" -}}
app.kubernetes.io/name: deepalpha
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: deepalpha
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .root.Values.global.version | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
deepalpha.io/environment: {{ .root.Values.global.environment }}
{{- end }}

{{/* The subset of the labels that selects the pods of one component. */}}
{{- define "deepalpha.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* <registry>/<repository>:<version> */}}
{{- define "deepalpha.image" -}}
{{ .root.Values.global.imageRegistry }}/{{ .repository }}:{{ .root.Values.global.version }}
{{- end }}

{{/* Pod security: non-root with a fixed UID, RuntimeDefault seccomp. */}}
{{- define "deepalpha.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: {{ .root.Values.security.seccompProfile }}
{{- end }}

{{/* Container security: no privilege escalation, no capability, read-only root file system. */}}
{{- define "deepalpha.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end }}

{{- define "deepalpha.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}
