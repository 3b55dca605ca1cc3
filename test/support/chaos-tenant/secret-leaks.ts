// Finds a secret in captured text in the forms it could leak in: as is, base64 (standard and URL
// alphabet, at each of the three byte alignments it can have inside a longer encoded value),
// URL-encoded, hex, and JSON-escaped. Pure.

export interface Haystack {
  /** Where the text came from (stdout, event, status of pjn/x, /metrics). */
  readonly source: string;
  readonly text: string;
}

export interface Leak {
  readonly source: string;
  readonly form: string;
}

/** Base64 of `secret` as it appears inside the encoding of any longer string: one needle per alignment. */
function base64Needles(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const needles: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    // With `offset` bytes before it, the secret starts mid-group; the characters that depend only on
    // its own bytes begin at the next group boundary and end before the last partial group.
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64');
    const firstFull = Math.ceil(offset / 3) * 4;
    const lastFull = Math.floor(padded.length / 3) * 4;
    const core = encoded.slice(firstFull, lastFull);
    if (core.length >= 8) needles.push(core);
  }
  return needles;
}

/** The forms a secret could take in logs, Events, status or metrics; each at least 8 characters. */
export function secretForms(secret: string): readonly { readonly form: string; readonly needle: string }[] {
  if (secret.length < 8) throw new Error('a secret shorter than 8 characters cannot be searched for without false alarms');
  const forms: { form: string; needle: string }[] = [
    { form: 'plain', needle: secret },
    { form: 'url-encoded', needle: encodeURIComponent(secret) },
    { form: 'json-escaped', needle: JSON.stringify(secret).slice(1, -1) },
    { form: 'hex', needle: Buffer.from(secret, 'utf8').toString('hex') },
  ];
  for (const needle of base64Needles(secret)) {
    forms.push({ form: 'base64', needle });
    forms.push({ form: 'base64url', needle: needle.replace(/\+/g, '-').replace(/\//g, '_') });
  }
  const seen = new Set<string>();
  return forms.filter((f) => (seen.has(f.needle) ? false : (seen.add(f.needle), true)));
}

/** Every (source, form) in which the secret occurs; hex is matched case-insensitively. */
export function findSecretLeaks(haystacks: readonly Haystack[], secret: string): Leak[] {
  const forms = secretForms(secret);
  const leaks: Leak[] = [];
  for (const { source, text } of haystacks) {
    const lower = text.toLowerCase();
    for (const { form, needle } of forms) {
      const found = form === 'hex' ? lower.includes(needle.toLowerCase()) : text.includes(needle);
      if (found) leaks.push({ source, form });
    }
  }
  return leaks;
}
