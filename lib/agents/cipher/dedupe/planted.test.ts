import { describe, expect, it } from 'vitest';
import { findDuplicates } from './find-duplicates';
import { PLANTED_KINDS, pairMetrics, plantedDataset } from './planted.test-helper';

describe('findDuplicates on 20,000 contacts with planted duplicates and near-misses', () => {
  it('finds the planted duplicates (recall ≥ 0.95) and little else (precision ≥ 0.95)', () => {
    const data = plantedDataset(20_000, 7);
    expect(data.contacts).toHaveLength(20_000);
    const kinds = new Set(data.plantedKind.values());
    for (const kind of PLANTED_KINDS) expect(kinds.has(kind), kind).toBe(true);
    expect(data.nearMisses).toBeGreaterThan(1000);
    const t0 = performance.now();
    const clusters = findDuplicates(data.contacts);
    const ms = performance.now() - t0;
    const m = pairMetrics(data, clusters);
    const byKind = PLANTED_KINDS.map((k) => `${k} ${m.recallByKind[k].toFixed(3)}`).join(', ');
    console.log(
      `dedupe planted 20,000: ${data.plantedKind.size} planted groups, ${data.nearMisses} near-miss records, ${clusters.length} clusters in ${ms.toFixed(0)} ms; ` +
        `precision ${m.precision.toFixed(4)} (${m.correctPairs}/${m.foundPairs} pairs), recall ${m.recall.toFixed(4)} (${m.correctPairs}/${m.truePairs}); recall by kind: ${byKind}`,
    );
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    for (const kind of PLANTED_KINDS) expect(m.recallByKind[kind], kind).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it('the generator is deterministic per seed', () => {
    expect(plantedDataset(500, 3).contacts).toEqual(plantedDataset(500, 3).contacts);
    expect(plantedDataset(500, 3).contacts).not.toEqual(plantedDataset(500, 4).contacts);
  });
});
