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

{{/*
Labels of the helm test hook's objects: like tnc.labels, but another app.kubernetes.io/name, so the
test pod is never selected by the controller's Services, PodDisruptionBudget or Deployment.
*/}}
{{- define "tnc.testLabels" -}}
helm.sh/chart: {{ include "tnc.chart" . }}
app.kubernetes.io/name: {{ printf "%s-test" (include "tnc.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: test
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
cluster-scoped): "default", as client-go does. It cannot be the release namespace: the apiserver
rejects an Event about a cluster-scoped object in any namespace but "default" ("involvedObject.namespace
does not match event.namespace"). The events Role lives there.
*/}}
{{- define "tnc.eventsNamespace" -}}
default
{{- end }}

{{/* Webhook objects: the Service the certificate is issued for, its Secret, the configuration. */}}
{{- define "tnc.webhookServiceName" -}}
{{- printf "%s-webhook" (include "tnc.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tnc.webhookSecretName" -}}
{{- printf "%s-webhook-tls" (include "tnc.fullname" .) }}
{{- end }}

{{/* Cluster-scoped, so named after the release: two releases never fight over one object. */}}
{{- define "tnc.webhookConfigurationName" -}}
{{- include "tnc.fullname" . }}
{{- end }}

{{- define "tnc.webhookCertificateName" -}}
{{- printf "%s-webhook" (include "tnc.fullname" .) }}
{{- end }}

{{/* A list of strings as a CEL list literal (quotes and backslashes escaped). */}}
{{- define "tnc.celList" -}}
{{- $items := list }}
{{- range . }}
{{- $items = append $items (printf "'%s'" (. | toString | replace "\\" "\\\\" | replace "'" "\\'")) }}
{{- end }}
{{- printf "[%s]" (join ", " $items) }}
{{- end }}

{{/*
The admission policies' parameter variables (src/admission-manifests/params.ts), as CEL: compiled
into each policy rather than read from a paramKind ConfigMap, which an apiserver can stop reading
for good (kubernetes/kubernetes#130887).
*/}}
{{- define "tnc.admissionParamExpressions" -}}
{{- toJson (dict
  "controllerUsers" (include "tnc.celList" (list (printf "system:serviceaccount:%s:%s" .Release.Namespace (include "tnc.serviceAccountName" .))))
  "adminGroups" (include "tnc.celList" .Values.admissionPolicies.adminGroups)
  "adminUsers" (include "tnc.celList" .Values.admissionPolicies.adminUsers)
  "bandwidthAnnotationSets" (include "tnc.celList" .Values.webhook.annotationSets)
) }}
{{- end }}

{{/* A generated (cluster-scoped) admission object's name, prefixed with the release's full name. */}}
{{- define "tnc.admissionObjectName" -}}
{{- printf "%s-%s" (include "tnc.fullname" .root) (trimPrefix "tenant-network-" .name) }}
{{- end }}

{{/* A generated file from generated/ (scripts/generate-admission.ts) as an object. */}}
{{- define "tnc.generated" -}}
{{- $file := printf "generated/%s" .file }}
{{- $text := .root.Files.Get $file }}
{{- if not $text }}{{ fail (printf "missing chart file %s" $file) }}{{ end }}
{{- toJson ($text | fromYaml) }}
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
  "deniedEgressCIDRs" $c.deniedEgressCIDRs
  "podSecurity" $c.podSecurity
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
  "hostnicMode" $q.hostnicMode
  "hostnicAutoAssign" $q.hostnicAutoAssign
  "hostnicVxNetPool" $q.hostnicVxNetPool
  "hostnicConfigMap" $q.hostnicConfigMap
  "hostnicBatchWindowMs" $q.hostnicBatchWindowMs
) }}
{{- end }}
{{- $w := .Values.webhook }}
{{- $_ := set $config "webhook" (dict
  "enabled" $w.enabled
  "port" $w.port
  "annotationSets" $w.annotationSets
  "calicoBurst" $w.calicoBurst
  "certificates" (ternary "external" "self-signed" $w.certManager.enabled)
  "secretName" (include "tnc.webhookSecretName" .)
  "serviceName" (include "tnc.webhookServiceName" .)
  "configurationName" (include "tnc.webhookConfigurationName" .)
  "caValidityDays" $w.caValidityDays
  "certValidityDays" $w.certValidityDays
  "protection" (dict
    "enabled" (include "tnc.protectionWebhook" . | eq "true")
    "strict" .Values.admissionPolicies.strict
    "configurationName" (include "tnc.protectionConfigurationName" .)
    "controllerUsers" (list (printf "system:serviceaccount:%s:%s" .Release.Namespace (include "tnc.serviceAccountName" .)))
    "adminGroups" .Values.admissionPolicies.adminGroups
    "adminUsers" .Values.admissionPolicies.adminUsers
  )
) }}
{{- $t := .Values.traffic }}
{{- $traffic := dict "enabled" $t.enabled "periodSeconds" $t.periodSeconds "prometheusUrl" $t.prometheusUrl "namespaceLabel" $t.namespaceLabel }}
{{- /* Empty queries: the controller's defaults (src/metrics/traffic-prometheus.ts), kept in one place. */}}
{{- with $t.ingressQuery }}{{ $_ := set $traffic "ingressQuery" . }}{{ end }}
{{- with $t.egressQuery }}{{ $_ := set $traffic "egressQuery" . }}{{ end }}
{{- $_ := set $config "traffic" $traffic }}
{{- $o := .Values.orphans }}
{{- $_ := set $config "orphans" (dict "mode" $o.mode "periodSeconds" $o.periodSeconds "graceSeconds" $o.graceSeconds) }}
{{- toPrettyJson $config }}
{{- end }}
