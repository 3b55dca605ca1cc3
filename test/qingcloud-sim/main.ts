// Entry point: `node_modules/.bin/node test/qingcloud-sim/main.ts [--port N] [--seed N] …`.
// Node 24 strips TypeScript types itself but does not map this project's `./x.js` imports to the
// `.ts` files, so a resolve hook does that before the real CLI is loaded.

import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts') === true) {
      try {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      } catch {
        // Not a TypeScript sibling: resolve as written.
      }
    }
    return nextResolve(specifier, context);
  },
});

await import('./cli.js');
