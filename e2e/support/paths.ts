import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, independent of the directory Playwright was started from. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `shared/` sits beside the repository (in CI too: a fresh clone with shared/ next to it). */
export const sharedDir = process.env.SHARED_DIR ? path.resolve(process.env.SHARED_DIR) : path.resolve(repoRoot, '../shared');

/** Vendor specs are read in place and never copied into the repository. */
export const specPath = (file: string): string => path.join(sharedDir, 'specs', file);

/** The Chrome build `npm run build:chrome` writes. */
export const builtExtension = path.resolve(repoRoot, '.output/chrome-mv3');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Run-scoped scratch (Prism logs, probe extension); gitignored, and not wiped by Playwright like test-results/. */
export const runDir = path.resolve(repoRoot, 'e2e/.tmp');
