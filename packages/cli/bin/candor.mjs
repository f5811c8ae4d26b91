#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so a fresh clone
// needs no build step: `npm ci` then `npx candor ...`.
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
