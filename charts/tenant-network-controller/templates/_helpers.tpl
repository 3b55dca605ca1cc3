{{/*
Names, labels and the controller's configuration, shared by every template. Later parts (webhook,
ValidatingAdmissionPolicy, dashboard) build on these helpers.
*/}}

{{- define "tnc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the prefix of every object name (63 characters at most). */}}
{{- define "tnc.fullname" -}}
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

{{- define "tnc.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable across upgrades (a Deployment's selector is immutable). */}}
{{- define "tnc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tnc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tnc.labels" -}}
helm.sh/chart: {{ include "tnc.chart" . }}
{{ include "tnc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: tenant-network-controller
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "tnc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tnc.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "tnc.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "tnc.leaseName" -}}
{{- default (include "tnc.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
Where the controller writes Events about cluster-scoped objects (all of its objects are
cluster-scoped): src/kube/events.ts uses "default", as client-go does. The events Role lives there.
*/}}
{{- define "tnc.eventsNamespace" -}}
default
{{- end }}

{{/* The CRDs the controller checks for at start-up (src/cmd/crd-check.ts requiredCrds). */}}
{{- define "tnc.requiredCrds" -}}
- workspacenetworks.sdn.kubesphere.io
- projectnetworks.sdn.kubesphere.io
- projectconnections.sdn.kubesphere.io
- workspaces.tenant.kubesphere.io
{{- if eq .Values.provider "calico" }}
- ippools.crd.projectcalico.org
{{- end }}
{{- end }}

{{- define "tnc.configDir" -}}
/etc/tenant-network-controller
{{- end }}

{{/* The controller's JSON config file (src/cmd/config.ts ControllerConfigFile). */}}
{{- define "tnc.config" -}}
{{- $c := .Values.config }}
{{- $config := dict
  "provider" .Values.provider
  "namespace" .Release.Namespace
  "systemNamespaces" $c.systemNamespaces
  "allowedIngressCIDRs" $c.allowedIngressCIDRs
  "allowedIngressNamespaces" $c.allowedIngressNamespaces
  "egressIsolation" $c.egressIsolation
  "extraPodCidrs" $c.extraPodCidrs
  "vpcPool" $c.vpcPool
  "vpcPrefixLength" $c.vpcPrefixLength
  "probePort" $c.probePort
  "logLevel" $c.logLevel
  "concurrency" $c.concurrency
  "leaderElection" .Values.leaderElection.enabled
  "leaseName" (include "tnc.leaseName" .)
}}
{{- if eq .Values.provider "calico" }}
{{- $_ := set $config "calico" .Values.calico }}
{{- end }}
{{- if eq .Values.provider "qingcloud" }}
{{- $q := .Values.qingcloud }}
{{- $_ := set $config "qingcloud" (dict
  "credentialsSecret" (required "qingcloud.credentialsSecret: name the Secret that holds the QingCloud API keys" $q.credentialsSecret)
  "zone" $q.zone
  "endpoint" $q.endpoint
  "callsPerHour" $q.callsPerHour
  "callBurst" $q.callBurst
  "routerType" $q.routerType
  "tagName" $q.tagName
  "jobPollIntervalMs" $q.jobPollIntervalMs
) }}
{{- end }}
{{- toPrettyJson $config }}
{{- end }}
