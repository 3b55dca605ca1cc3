// The SDN providers the controller knows (DESIGN §6); `WorkspaceNetwork.spec.provider` is one of these.

export const PROVIDER_NAMES = ['calico', 'qingcloud'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}
