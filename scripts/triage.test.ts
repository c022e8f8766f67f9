import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EMAILS_DIR, readEml } from '../lib/agents/scout/triage/corpus.test-helper';
import { triageRaw } from '../lib/agents/scout/triage/triage';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

/** `npm run -s triage -- FILE` is `tsx scripts/triage.ts FILE`; run it the same way. */
async function triageCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/triage.ts', ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run -s triage -- FILE.eml', () => {
  it.each(['rfc3464-03.eml', 'rfc3834-03.eml', 'arf-02.eml'])('prints for %s exactly what the extension computes, as JSON', async (name) => {
    const file = path.join(EMAILS_DIR, name);
    const { code, stdout } = await triageCli(file);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ file, ...(await triageRaw(readEml(name))) });
  }, 30_000);

  it('a missing file or no argument exits 1 with a clear message and no JSON', async () => {
    const missing = await triageCli(path.join(EMAILS_DIR, 'no-such.eml'));
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read .*no-such\.eml: no such file/);
    const usage = await triageCli();
    expect(usage).toMatchObject({ code: 1, stdout: '' });
    expect(usage.stderr).toMatch(/usage: npm run -s triage -- FILE\.eml/);
  }, 30_000);
});
