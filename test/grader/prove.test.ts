import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proveLab } from '../../src/content/labs';
import { readTree } from '../../src/content/validate';
import { formatDiagnostic } from '../../src/content/diagnostics';

const lab02 = readTree(join(import.meta.dirname, '../../labs/02-deploy-scale-heal'));

describe('proveLab (cadet check)', () => {
  it('proves the repository lab', async () => {
    expect(await proveLab('labs/02-deploy-scale-heal', lab02)).toEqual([]);
  });

  it('catches a solution that fails, a starter that passes and variants that disagree', async () => {
    const files: Record<string, string> = {};
    for (const [path, text] of Object.entries(lab02)) {
      if (path.startsWith('variants/wrong-bare-pods') || path.startsWith('variants/wrong-image-tag'))
        continue;
      files[path] = text;
    }
    files['solution/deployment.yaml'] = lab02['solution/deployment.yaml']!.replace(
      'replicas: 3',
      'replicas: 2',
    );
    files['starter/deployment.yaml'] = lab02['solution/deployment.yaml']!;
    files['variants/correct-json/web.json'] = lab02['variants/correct-json/web.json']!.replace(
      '"replicas": 3',
      '"replicas": 1',
    );
    files['variants/wrong-not-scaled/EXPECT'] = 'deploy-exists\n';
    const lines = (await proveLab('labs/02-deploy-scale-heal', files)).map(formatDiagnostic);
    expect(lines).toEqual([
      'labs/02-deploy-scale-heal/lab.yaml:36:9 lab-starter-passes error the starter already passes every check of task "create"',
      'labs/02-deploy-scale-heal/lab.yaml:69:9 lab-starter-passes error the starter already passes every check of task "scale"',
      'labs/02-deploy-scale-heal/lab.yaml:75:13 lab-solution-fails error the solution fails check "deploy-scaled": Deployment default/web: spec.replicas is 2, expected >= 3',
      'labs/02-deploy-scale-heal/lab.yaml:84:13 lab-solution-fails error the solution fails check "replicas-ready": not within 2m: found 2 Pods in namespace "default" matching, expected at least 3',
      'labs/02-deploy-scale-heal/lab.yaml:114:9 lab-starter-passes error the starter already passes every check of task "heal"',
      'labs/02-deploy-scale-heal/lab.yaml:119:13 lab-solution-fails error the solution fails check "heals-after-pod-deleted": The deleted Pod was not replaced: 2 ready Pods owned by a ReplicaSet, expected at least 3. Only Pods that a controller owns come back.',
      'labs/02-deploy-scale-heal/variants/correct-json:1:1 lab-variant-fails error correct variant correct-json fails check "deploy-scaled": Deployment default/site: spec.replicas is 1, expected >= 3',
      'labs/02-deploy-scale-heal/variants/correct-json:1:1 lab-variant-fails error correct variant correct-json fails check "replicas-ready": not within 2m: found 1 Pod in namespace "default" matching, expected at least 3',
      'labs/02-deploy-scale-heal/variants/correct-json:1:1 lab-variant-fails error correct variant correct-json fails check "heals-after-pod-deleted": The deleted Pod was not replaced: 1 ready Pods owned by a ReplicaSet, expected at least 3. Only Pods that a controller owns come back.',
      'labs/02-deploy-scale-heal/variants/wrong-not-scaled/EXPECT:1:1 lab-variant-passes error wrong variant wrong-not-scaled passes check "deploy-exists", which it should fail',
    ]);
  });
});
