// `npm run build -w @candor/web`: vite build -> packages/web/dist
import { buildWebApp } from '../src/build.ts';

const result = await buildWebApp({ verbose: true });
console.log(JSON.stringify({ outDir: result.outDir, files: result.files.length }));
