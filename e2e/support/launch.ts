import { chromium, type BrowserContext } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath } from './paths';

/** Flags every Countersign Chromium gets, with or without the extension (e2e, bench, demo). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface LaunchOptions {
  /** Unpacked extension to load; none when omitted (the bench's baseline). */
  extensionPath?: string;
  /** Profile directory; a fresh temporary one (removed when the context closes) when omitted. */
  userDataDir?: string;
  /** Appended after the common flags (e.g. the OAuth stand-in's host-resolver rules). */
  extraArgs?: string[];
  /** Default: headless unless COUNTERSIGN_HEADED is set. */
  headless?: boolean;
}

/**
 * The one Chromium launch recipe: Debian's Chromium (or CHROMIUM_PATH), a persistent context (MV3
 * extensions need one), the common flags, and the extension flags when an extension is given.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserContext> {
  const { extensionPath, extraArgs = [] } = options;
  if (extensionPath && !fs.existsSync(path.join(extensionPath, 'manifest.json'))) throw new Error(`no built extension at ${extensionPath}: run npm run build:chrome`);
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-chromium-'));
  const extensionArgs = extensionPath ? [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`] : [];
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: options.headless ?? !process.env.COUNTERSIGN_HEADED,
      args: [...extensionArgs, ...CHROMIUM_ARGS, ...extraArgs],
    });
    if (ownProfile) context.once('close', () => removeProfile(userDataDir));
    return context;
  } catch (error) {
    if (ownProfile) removeProfile(userDataDir);
    throw error;
  }
}

/** Chromium may still be flushing its profile as the context closes: retry, and never throw from cleanup. */
function removeProfile(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (e) {
    console.warn(`could not remove the temporary Chromium profile ${dir}: ${String(e)}`);
  }
}
