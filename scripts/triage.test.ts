import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMAILS_DIR, readEml } from '../lib/agents/scout/triage/corpus.test-helper';
import { triageRaw } from '../lib/agents/scout/triage/triage';
import { runScript } from '../test/cli';

const triageCli = (...args: string[]) => runScript('triage', ...args);

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
