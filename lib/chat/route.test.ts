import { describe, expect, it } from 'vitest';
import { standInModel } from '../../test/fixtures';
import { routeByKeywords, routeQuestion } from './route';

describe('chat routing', () => {
  it.each([
    ['who needs a follow-up today?', 'scout'],
    ['why is Dana scored 82?', 'scout'],
    ['draft a re-engagement for Acme', 'herald'],
    ['write a follow-up to Dana', 'herald'],
    ['send the pricing email now', 'herald'],
    ['clean up duplicates at Initech', 'cipher'],
    ['how does the pipeline look?', 'cipher'],
    ['sync Dana to the CRM', 'cipher'],
    ['delete the old contact', 'cipher'],
    ['any health alerts?', 'sentinel'],
    ['why are bounces up this week?', 'sentinel'],
  ] as const)('"%s" goes to %s by keywords', (text, agent) => {
    expect(routeByKeywords(text)).toBe(agent);
  });

  it('asks the model (a closed enum) only when no keyword matches, and never for a keyword match', async () => {
    const model = standInModel({ agent: 'cipher' });
    await expect(routeQuestion('hmm, what about Globex?', model)).resolves.toEqual({ agent: 'cipher', by: 'model' });
    await expect(routeQuestion('draft something', model)).resolves.toEqual({ agent: 'herald', by: 'keywords' });
    expect(model.calls).toHaveLength(1);
    await expect(routeQuestion('hmm', standInModel({ agent: 'email.send' }))).rejects.toThrow();
  });
});
