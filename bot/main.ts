// The process entry (`npm start`). Node compiles every module (and strips the TypeScript of ours) at each
// start; with the compile cache on, a restart reuses the previous start's output from disk (os.tmpdir(),
// or NODE_COMPILE_CACHE), which is most of the start-up time. The service is imported only afterwards,
// because static imports would load before the cache is on.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('./service.ts');
await main();
