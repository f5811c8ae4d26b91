// Node-side facade of the field app: where the built app lives and how to build it.
// The browser code starts at src/main.tsx and is never imported from here.
export { buildWebApp, webDistDir, webAppIsBuilt } from './build.ts';
export type { BuildWebAppOptions, BuildWebAppResult } from './build.ts';
