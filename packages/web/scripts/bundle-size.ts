// `npm run size -w @candor/web` (same as `candor bench web`).
import benchWeb from '../src/cli/bench-web.ts';

process.exitCode = await benchWeb(process.argv.slice(2));
