// Lets Node 24 run the TypeScript sources directly (`node --import ./scripts/ts-hooks.js x.ts`):
// Node strips the types itself; this hook maps the `./y.js` specifiers that NodeNext-style sources use
// to `./y.ts` when only the TypeScript file exists. Production runs the tsc output instead.
import { registerHooks } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if ((specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const tsUrl = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
      if (existsSync(fileURLToPath(tsUrl))) return nextResolve(tsUrl.href, context);
    }
    return nextResolve(specifier, context);
  },
});
