// CEL for CRD rules that every supported kube-apiserver (1.27 on, docs/compatibility.md) can compile:
// only the base language, the string extension (split, substring) and `matches`. The IP/CIDR
// library (isCIDR, cidr(); 1.31) and the quantity library (isQuantity, quantity(); 1.29) would make
// an older apiserver refuse the whole CRD, so the same checks are spelled out in arithmetic here.
// Each expression is guarded by the field's pattern: a malformed value is reported by the pattern,
// and the arithmetic never runs on it (no evaluation errors in the message).
/** A CEL string literal. */
const celString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** 2^(32-p) for p = 0..32: the size of an IPv4 block of prefix length p. */
const BLOCK_SIZES = Array.from({ length: 33 }, (_, p) => 2 ** (32 - p));

/** `expr` (a string in the dotted-quad/prefix form) as its prefix length, an int. */
const cidrPrefixLength = (expr: string): string => `int(${expr}.split('/')[1])`;

/** True when `expr` (matching `pattern`) has a prefix length of at most `bound` (a CEL int). */
export function cidrPrefixAtMost(expr: string, pattern: string, bound: string): string {
  return `!${expr}.matches(${celString(pattern)}) || ${cidrPrefixLength(expr)} <= ${bound}`;
}

/** `expr`'s address as a 32-bit int. */
function cidrAddress(expr: string): string {
  const octet = (i: number): string => `int(${expr}.split('/')[0].split('.')[${i}])`;
  return `(${octet(0)} * 16777216 + ${octet(1)} * 65536 + ${octet(2)} * 256 + ${octet(3)})`;
}

/** True when `expr` (matching `pattern`) has no host bits set: 10.0.0.0/8 yes, 10.0.0.1/8 no. */
export function cidrWithoutHostBits(expr: string, pattern: string): string {
  return `!${expr}.matches(${celString(pattern)}) || ${cidrAddress(expr)} % [${BLOCK_SIZES.join(', ')}][${cidrPrefixLength(expr)}] == 0`;
}

/** Decimal SI and binary suffixes of Kubernetes quantities, as multipliers. */
const SUFFIXES: Readonly<Record<string, string>> = {
  k: '1e3', M: '1e6', G: '1e9', T: '1e12', P: '1e15', E: '1e18',
  Ki: '1024.0', Mi: '1048576.0', Gi: '1073741824.0', Ti: '1099511627776.0', Pi: '1125899906842624.0', Ei: '1152921504606846976.0',
};

/**
 * `expr` (a quantity matching `pattern`: digits, an optional fraction, an optional suffix) within
 * [min, max], compared as doubles: exact to 15 significant digits, which is every limit a person
 * writes (the controller parses the value exactly again and reports OutOfRange if a longer one
 * slips through at a bound).
 */
export function quantityWithin(expr: string, pattern: string, min: number, max: number): string {
  const map = (length: 1 | 2): string => `{${Object.entries(SUFFIXES).filter(([s]) => s.length === length).map(([s, m]) => `${celString(s)}: ${m}`).join(', ')}}`;
  const scaled = (length: 1 | 2): string => `double(${expr}.substring(0, size(${expr}) - ${length})) * ${map(length)}[${expr}.substring(size(${expr}) - ${length})]`;
  const value = `${expr}.endsWith('i') ? ${scaled(2)} : ${expr}.matches('[kMGTPE]$') ? ${scaled(1)} : double(${expr})`;
  return `!${expr}.matches(${celString(pattern)}) || [${value}].all(v, v >= ${min.toFixed(1)} && v <= ${max.toFixed(1)})`;
}
