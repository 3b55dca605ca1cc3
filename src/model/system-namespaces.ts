// Namespaces that are never projects unless configured otherwise: the platform's own, and the
// controller's. The controller's configuration starts from these; the CLI, which cannot read that
// configuration, assumes them.

export const DEFAULT_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kubesphere-system', 'kubesphere-controls-system', 'kubesphere-monitoring-system', 'kubesphere-logging-system'];

/** Where the chart installs the controller; its own namespace is always a system namespace. */
export const DEFAULT_CONTROLLER_NAMESPACE = 'tenant-network-system';
