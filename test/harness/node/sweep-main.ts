// `make node-down`'s last step: removes what killed runs left behind (their processes, namespaces,
// cgroups and files) and reports anything of a test node still on the host.
import { findLeftovers } from './leftovers.js';
import { sweepStaleSlots } from './node-host.js';

const cleaned = await sweepStaleSlots();
if (cleaned.length > 0) process.stdout.write(`removed what earlier runs left in node slot(s) ${cleaned.join(', ')}\n`);
const left = findLeftovers();
if (left.length > 0) {
  process.stdout.write(`still on the host (a node that is running, or something to remove by hand):\n${left.map((l) => `  ${l}`).join('\n')}\n`);
  process.exitCode = 1;
}
