{{- /*
What the cluster's Kubernetes version decides (docs/compatibility.md).

The minimum version lives in Chart.yaml's annotations, not in `kubeVersion`: Helm checks
`kubeVersion` before any template, and `helm template` assumes Kubernetes v1.20.0 unless told, so
every offline render would fail with a message that does not say what to pass. This check says it.
*/}}
{{- define "tnc.minKubeVersion" -}}
{{- index .Chart.Annotations "tenant-network-controller/minimum-kubernetes" -}}
{{- end }}

{{- /* True (non-empty) when Helm talks to a cluster: discovery names resources, not only groups. */}}
{{- define "tnc.discovered" -}}
{{- if .Capabilities.APIVersions.Has "v1/Namespace" }}true{{ end -}}
{{- end }}

{{- define "tnc.checkKubeVersion" -}}
{{- $min := include "tnc.minKubeVersion" . }}
{{- $have := .Capabilities.KubeVersion.Version }}
{{- if not (semverCompare (printf ">=%s.0-0" $min) $have) }}
{{- if include "tnc.discovered" . }}
{{- fail (printf "tenant-network-controller needs Kubernetes %s or later; this cluster runs %s (docs/compatibility.md)" $min $have) }}
{{- else }}
{{- fail (printf "tenant-network-controller needs Kubernetes %s or later, and this render assumes %s: pass your cluster's version, e.g. `helm template ... --kube-version 1.31.0` (any of %s to 1.36)" $min $have $min) }}
{{- end }}
{{- end }}
{{- end }}

{{- /*
How the protection rules are enforced (docs/security.md, docs/compatibility.md):
  "v1"        ValidatingAdmissionPolicies, admissionregistration.k8s.io/v1 (from 1.30);
  "v1beta1"   the v1beta1 policies (1.28, 1.29 with the API enabled) and, because Helm cannot see
              whether the ValidatingAdmissionPolicy feature gate that enforces them is on too, the
              controller's validating webhook;
  "webhook"   the controller's validating webhook alone (no policy API, e.g. 1.27);
  "off"       admissionPolicies.enabled=false.
Detected from discovery when Helm talks to a cluster; from --kube-version on an offline render.
*/}}
{{- define "tnc.protectionMode" -}}
{{- $p := .Values.admissionPolicies }}
{{- $v1 := .Capabilities.APIVersions.Has "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy" }}
{{- $v1beta1 := .Capabilities.APIVersions.Has "admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicy" }}
{{- $offlineV1 := and (not (include "tnc.discovered" .)) (semverCompare ">=1.30.0-0" .Capabilities.KubeVersion.Version) }}
{{- if not $p.enabled }}off
{{- else if eq $p.enforcement "webhook" }}webhook
{{- else if or $v1 $offlineV1 }}v1
{{- else if $v1beta1 }}v1beta1
{{- else if eq $p.enforcement "policies" }}
{{- fail (printf "admissionPolicies.enforcement=policies, but Kubernetes %s serves no ValidatingAdmissionPolicy API (v1 from 1.30; v1beta1 on 1.28-1.29 with --runtime-config=admissionregistration.k8s.io/v1beta1=true and the ValidatingAdmissionPolicy feature gate): use enforcement=auto or webhook" .Capabilities.KubeVersion.Version) }}
{{- else }}webhook
{{- end }}
{{- end }}

{{- /* Non-empty when the controller's validating webhook runs the protection rules. */}}
{{- define "tnc.protectionWebhook" -}}
{{- $mode := include "tnc.protectionMode" . }}
{{- if or (eq $mode "webhook") (eq $mode "v1beta1") }}
{{- if not .Values.webhook.enabled }}
{{- fail (printf "admissionPolicies: on Kubernetes %s the protection rules run in the controller's webhook (docs/compatibility.md); set webhook.enabled=true, or admissionPolicies.enabled=false to go without them" .Capabilities.KubeVersion.Version) }}
{{- end }}true
{{- end }}
{{- end }}

{{- define "tnc.protectionConfigurationName" -}}
{{ include "tnc.fullname" . }}-protection
{{- end }}
