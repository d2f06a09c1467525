// Worker entry when the blocked passes run from TypeScript sources (vitest, tsx): register tsx's loader
// in this thread, then load the real worker. From the compiled package, pool.ts starts worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
