{{/*
Expand the name of the chart.
*/}}
{{- define "fairweather.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name. Kubernetes names are limited to 63
characters; if the release name contains the chart name it is used as is.
*/}}
{{- define "fairweather.fullname" -}}
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

{{/*
Chart name and version, as used by the chart label.
*/}}
{{- define "fairweather.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "fairweather.labels" -}}
helm.sh/chart: {{ include "fairweather.chart" . }}
{{ include "fairweather.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: monitor
app.kubernetes.io/part-of: fairweather
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "fairweather.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fairweather.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The name of the ServiceAccount to use.
*/}}
{{- define "fairweather.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fairweather.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: repository@digest, else repository:tag (tag defaulting to
the chart's appVersion).
*/}}
{{- define "fairweather.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Whether the monitor gets a GitHub token at all (from an existing Secret or
from github.token).
*/}}
{{- define "fairweather.hasGithubToken" -}}
{{- if or .Values.github.existingSecret .Values.github.token }}true{{ end }}
{{- end }}

{{/*
Where $GITHUB_TOKEN comes from: the existing Secret and its key, or the
chart's Secret under github-token.
*/}}
{{- define "fairweather.githubSecretName" -}}
{{- default (include "fairweather.fullname" .) .Values.github.existingSecret }}
{{- end }}

{{- define "fairweather.githubSecretKey" -}}
{{- if .Values.github.existingSecret }}
{{- .Values.github.existingSecretKey }}
{{- else }}
{{- print "github-token" }}
{{- end }}
{{- end }}

{{/*
Where $FAIRWEATHER_API_TOKEN comes from: the existing Secret and its key, or
the chart's Secret under api-token.
*/}}
{{- define "fairweather.apiSecretName" -}}
{{- default (include "fairweather.fullname" .) .Values.api.existingSecret }}
{{- end }}

{{- define "fairweather.apiSecretKey" -}}
{{- if .Values.api.existingSecret }}
{{- .Values.api.existingSecretKey }}
{{- else }}
{{- print "api-token" }}
{{- end }}
{{- end }}

{{/*
The API token the chart's Secret holds: api.token if given; else the one
already in the release's Secret (lookup), so that an upgrade keeps it; else a
new random one. The monitor refuses to listen beyond loopback without an API
token (exit 78), so there is always one. lookup finds nothing under
`helm template` and `--dry-run`: those print a fresh random token each time.
*/}}
{{- define "fairweather.apiToken" -}}
{{- if .Values.api.token }}
{{- .Values.api.token }}
{{- else }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "fairweather.fullname" .) }}
{{- $kept := dig "data" "api-token" "" $existing }}
{{- if $kept }}
{{- $kept | b64dec }}
{{- else }}
{{- randAlphaNum 32 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Whether the state is in a shared PostgreSQL database (state.postgres.url, or
the URL in state.postgres.existingSecret) rather than in SQLite on the state
volume: "true" or empty.
*/}}
{{- define "fairweather.postgres" -}}
{{- if or .Values.state.postgres.url .Values.state.postgres.existingSecret }}true{{ end }}
{{- end }}
