// Kubernetes label selector semantics: matchLabels AND matchExpressions; an empty selector selects all.
import type { V1LabelSelector } from '@kubernetes/client-node';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

export function selectorMatches(selector: V1LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        // A missing key satisfies NotIn.
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return false; // rejected by selectorProblems before any evaluation
    }
  }
  return true;
}

/** What the API server would reject, or the evaluator cannot interpret. */
export function selectorProblems(selector: V1LabelSelector, where: string): string[] {
  const problems: string[] = [];
  for (const [i, requirement] of (selector.matchExpressions ?? []).entries()) {
    const at = `${where}.matchExpressions[${i}]`;
    const count = requirement.values?.length ?? 0;
    if (!OPERATORS.has(requirement.operator)) problems.push(`${at}: unsupported operator ${requirement.operator}`);
    else if ((requirement.operator === 'In' || requirement.operator === 'NotIn') && count === 0) problems.push(`${at}: ${requirement.operator} needs values`);
    else if ((requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') && count > 0) problems.push(`${at}: ${requirement.operator} takes no values`);
  }
  return problems;
}
