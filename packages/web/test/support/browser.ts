// Headless Debian Chromium driven by playwright-core, with a fake camera playing a Y4M file.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean { return existsSync(CHROMIUM); }

export interface PhoneBrowser { context: BrowserContext; close(): Promise<void> }

/** A phone-sized (390x844) browser context with a fresh profile and the fake camera. */
export async function launchPhone(videoFile: string, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<PhoneBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'candor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    colorScheme: opts.colorScheme ?? 'light',
    args: [
      '--no-sandbox',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${videoFile}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  context.setDefaultTimeout(60_000);
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
