import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// `npm run demo`: the product on the bundled sandbox, driven by the same harness as the e2e tests.
export default defineConfig({ ...base, testDir: '.', testMatch: 'demo.spec.ts', timeout: 0, reporter: [['line']], globalSetup: '../e2e/support/global-setup.ts' });
