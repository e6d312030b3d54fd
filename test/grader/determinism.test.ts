import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/content/validate';
import { gradeFiles, loadLab } from '../../src/grader/index';

const dir = join(import.meta.dirname, '../../labs/03-expose-it-with-a-service');

describe('determinism', () => {
  it('grades the same files to the same report, byte for byte, 100 times', async () => {
    const { lab } = loadLab(readTree(dir), { slug: 'expose-it-with-a-service' });
    // Traffic (kube-proxy's random endpoint choice), chaos and eventually are all in this lab.
    const files = lab!.variants.find((v) => v.name === 'wrong-target-port')!.files;
    const first = JSON.stringify(await gradeFiles(lab!, lab!.solution));
    const wrong = JSON.stringify(await gradeFiles(lab!, files));
    expect(first).toContain('"passed":true');
    for (let i = 0; i < 99; i++) {
      expect(JSON.stringify(await gradeFiles(lab!, i % 2 ? files : lab!.solution))).toBe(
        i % 2 ? wrong : first,
      );
    }
  }, 240_000);
});
