// Every command of `candor`, one line each, loaded lazily.
import { register } from './registry.ts';

register('version', () => import('./version.ts'));
register('eval face', () => import('../../eval/src/face/eval-face.ts'));
register('eval face-ident', () => import('../../eval/src/face/eval-face-ident.ts'));
register('bench face-extract', () => import('../../eval/src/face/bench-face-extract.ts'));
register('eval finger', () => import('../../eval/src/finger/eval-finger.ts'),
  '--dataset DIR [--dpi N] [--json] [--contactless] [--det FILE.svg]\n  FVC-protocol verification accuracy (EER, FMR100, FMR1000, ZeroFMR; FVC and extended impostor sets) on a folder of <finger>_<impression>.<ext> images.');
register('eval finger-ident', () => import('../../eval/src/finger/eval-finger-ident.ts'),
  '--dataset DIR[,DIR...] [--shortlist N] [--revote N] [--json]\n  1:N identification: gallery = impression 1, probes = the others; rank-1 of exhaustive and two-stage search, prefilter hit rate.');
register('eval finger-calibrate', () => import('../../eval/src/finger/eval-finger-calibrate.ts'),
  '--datasets DIR[,DIR...] [--out FILE]\n  Measures impostor scores and writes the score -> false-match-rate table the engine ships.');
register('eval finger-robustness', () => import('../../eval/src/finger/eval-finger-robustness.ts'),
  '[--datasets DIR,...] [--conditions NAME,...] [--json]\n  FVC-protocol accuracy with the probes captured under another condition (rotated, rescaled, misdeclared resolution, tone, noise, blur) than the gallery.');
register('eval finger-fusion', () => import('../../eval/src/finger/eval-finger-fusion.ts'),
  '[--datasets DIR,...] [--groupings N] [--json]\n  Multi-finger fusion: FVC fingers grouped into persons of 1, 2 and 4 fingers; observed impostor rate and FNMR at target fused FMRs, for the product rule, one-to-one pairing with unknown positions, and known positions.');
register('eval finger-quality', () => import('../../eval/src/finger/eval-finger-quality.ts'),
  '[--datasets DIR,...] [--fmr F] [--json]\n  Error-versus-discard: FNMR at the calibrated threshold after discarding the lowest-quality genuine pairs, for the quality score and each of its measures; what each quality reason flags.');
register('eval contactless-sample', () => import('../../eval/src/contactless/eval-contactless-sample.ts'));
register('eval contactless-calibrate', () => import('../../eval/src/contactless/eval-contactless-calibrate.ts'));
register('bench finger', () => import('../../eval/src/finger/bench-finger.ts'),
  '[--datasets DIR,...] [--gallery N] [--workers N] [--probes N] [--shortlist N] [--revote N] [--exhaustive none|misses|all] [--extract-only]\n  Extraction time per image, 1:1 comparisons per CPU-second, 1:N search time over a synthetic gallery (default 1,000,000 templates) with the prefilter hit rate; one JSON object.');
register('audit verify', () => import('../../store/src/cli/audit-verify.ts'));
register('retention run', () => import('../../store/src/cli/retention-run.ts'));
register('keys rotate', () => import('../../store/src/cli/keys-rotate.ts'));
register('bench store', () => import('../../store/src/cli/bench-store.ts'));
register('serve', () => import('../../server/src/cli/serve.ts'));
register('finger upgrade-templates', () => import('../../server/src/cli/finger-upgrade.ts'));
register('users', () => import('../../server/src/cli/users.ts'));
register('registries', () => import('../../server/src/cli/registries.ts'));
register('enroll', () => import('../../server/src/cli/enroll.ts'));
register('search', () => import('../../server/src/cli/search.ts'));
register('demo seed', () => import('../../server/src/cli/demo-seed.ts'));
register('bench search', () => import('../../server/src/cli/bench-search.ts'));
register('bench face-index', () => import('../../server/src/cli/bench-face-index.ts'));
register('bench face-spectrum', () => import('../../server/src/cli/face-spectrum.ts'));
register('eval face-liveness', () => import('../../eval/src/face/eval-face-liveness.ts'));
register('bench web', () => import('../../web/src/cli/bench-web.ts'));
register('bench field', () => import('../../web/src/cli/bench-field.ts'));
register('eval face-tune', () => import('../../eval/src/face/eval-face-tune.ts'));
