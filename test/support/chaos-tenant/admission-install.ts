// Installs the admission objects as the chart ships them (the generated YAML), with the parameter
// variables set as the chart sets them: the controller's service account and the admin groups. For a
// private apiserver only: the policies bind cluster-wide.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { paramExpressions, serviceAccountUser } from '../../../src/admission-manifests/params.js';
import { ADMISSION_GENERATED_DIR, PLACEHOLDER_NAMESPACE, PLACEHOLDER_SERVICE_ACCOUNT } from '../../../src/admission-manifests/generated-files.js';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../../src/kube/resource.js';
import { repoRoot } from './repo-root.js';

export const VAP: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false };
export const VAP_BINDINGS: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false };

export interface AdmissionInstall {
  /** Names of the policies and bindings created. */
  readonly installed: readonly string[];
}

/** Whether the apiserver serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies (≥1.30). */
export async function servesAdmissionPolicies(admin: KubeClient): Promise<boolean> {
  const list = await admin.request<{ resources?: { name: string }[] }>('GET', '/apis/admissionregistration.k8s.io/v1');
  return (list.resources ?? []).some((r) => r.name === VAP.plural);
}

/** A generated policy with its parameter variables set (as the chart's template does); bindings as they are. */
function withParams(object: KubeObject, params: Readonly<Record<string, string>>): KubeObject {
  const spec = (object as KubeObject & { spec?: { variables?: { name: string; expression: string }[] } }).spec;
  for (const variable of spec?.variables ?? []) variable.expression = params[variable.name] ?? variable.expression;
  return object;
}

/**
 * Applies `generated/vap-*.yaml` with their parameters; nothing where the apiserver serves no policies
 * (there startPrivateEnv's webhook runs the same rules). `strict: false` (the chart's default) leaves the
 * strict-mode binding out, so tenants may still write their own NetworkPolicies.
 */
export async function installGeneratedAdmission(admin: KubeClient, options: { readonly adminGroups: readonly string[]; readonly strict: boolean }): Promise<AdmissionInstall> {
  if (!(await servesAdmissionPolicies(admin))) return { installed: [] };
  await admin.create(CORE.namespaces, { metadata: { name: PLACEHOLDER_NAMESPACE } }).catch(() => undefined);
  const params: Readonly<Record<string, string>> = paramExpressions({ controllerUsers: [serviceAccountUser(PLACEHOLDER_NAMESPACE, PLACEHOLDER_SERVICE_ACCOUNT)], adminGroups: options.adminGroups });
  const dir = join(repoRoot(), ADMISSION_GENERATED_DIR);
  const files = readdirSync(dir).filter((f) => f.startsWith('vap-') && f.endsWith('.yaml')).sort();
  // Policies before bindings, so no binding ever names a missing policy.
  const objects = files.map((f) => withParams(parse(readFileSync(join(dir, f), 'utf8')) as KubeObject, params))
    .filter((o) => options.strict || !(o.kind === 'ValidatingAdmissionPolicyBinding' && (o.metadata?.name ?? '').includes('strict')))
    .sort((a, b) => Number(a.kind === 'ValidatingAdmissionPolicyBinding') - Number(b.kind === 'ValidatingAdmissionPolicyBinding'));
  const installed: string[] = [];
  for (const object of objects) {
    await admin.create(object.kind === 'ValidatingAdmissionPolicy' ? VAP : VAP_BINDINGS, object);
    installed.push(`${object.kind ?? ''}/${object.metadata?.name ?? ''}`);
  }
  return { installed };
}
