/** Kubernetes MicroTime (RFC 3339 with microseconds), which Lease and Event times require. */
export function toMicroTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
