import { describe, expect, it } from 'vitest';
import { evaluate, formatPath, match, readPath, splitPath } from '../../src/grader/match';
import { expectedOf } from '../../src/grader/match';

const pod = {
  metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/name': 'shop' } },
  spec: {
    replicas: 3,
    containers: [
      { name: 'side', image: 'busybox:1.36' },
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80 }, { containerPort: 8090, name: 'alt' }],
      },
    ],
  },
};

describe('match: partial bodies', () => {
  it('matches maps as subsets and arrays by any item', () => {
    expect(match(pod, { metadata: { name: 'web' } })).toBeUndefined();
    expect(match(pod, { spec: { containers: [{ ports: [{ containerPort: 8090 }] }] } })).toBeUndefined();
    expect(match(pod, { spec: { containers: [{ name: 'web' }, { name: 'side' }] } })).toBeUndefined();
  });

  it('reports the closest item of an array and the path to the difference', () => {
    const miss = match(pod, { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } });
    expect(miss).toEqual({
      path: ['spec', 'containers', 1, 'image'],
      found: 'nginx:1.27',
      expected: 'nginx:1.26',
    });
    expect(formatPath(miss!.path)).toBe('spec.containers[1].image');
  });

  it('null expects absence; scalars compare strictly', () => {
    expect(match(pod, { metadata: { deletionTimestamp: null } })).toBeUndefined();
    expect(match(pod, { metadata: { name: null } })).toEqual({
      path: ['metadata', 'name'],
      found: 'web',
      expected: null,
    });
    expect(match(pod, { spec: { replicas: '3' } })).toEqual({
      path: ['spec', 'replicas'],
      found: 3,
      expected: '3',
    });
    expect(match(pod, { spec: { missing: { deep: 1 } } })).toEqual({
      path: ['spec', 'missing'],
      found: undefined,
      expected: { deep: 1 },
    });
  });

  it('evaluates expressions in keys, and says comparisons in words', () => {
    expect(match(pod, { spec: { '(replicas >= 3)': true } })).toBeUndefined();
    expect(match(pod, { spec: { '(length(containers))': 2 } })).toBeUndefined();
    expect(match(pod, { '(metadata.labels["app.kubernetes.io/name"])': 'shop' })).toBeUndefined();
    const miss = match(pod, { spec: { '(replicas >= 5)': true } })!;
    expect(miss.path).toEqual(['spec', 'replicas']);
    expect(miss.found).toBe(3);
    expect(expectedOf(miss)).toBe('>= 5');
    const re = match(pod, { spec: { containers: [{ "(image =~ '^httpd')": true }] } })!;
    expect(formatPath(re.path)).toBe('spec.containers[0].image');
    expect(expectedOf(re)).toBe('matching /^httpd/');
    expect(expectedOf(match(pod, { spec: { '(replicas == 3)': false } })!)).toBe('not == 3');
  });

  it('turns a malformed expression into a mismatch, not an exception', () => {
    const miss = match(pod, { '(replicas >=)': true })!;
    expect(miss.found).toBe('error: cannot read expression "replicas >="');
  });
});

describe('expressions and paths', () => {
  it('compares numbers, strings and regular expressions', () => {
    expect(evaluate('spec.replicas > 2', pod)).toBe(true);
    expect(evaluate('spec.replicas < 2', pod)).toBe(false);
    expect(evaluate("metadata.name == 'web'", pod)).toBe(true);
    expect(evaluate('metadata.name != web2', pod)).toBe(true);
    expect(evaluate("spec.containers[1].image =~ '^nginx:'", pod)).toBe(true);
    expect(evaluate('length(spec.containers[1].ports)', pod)).toBe(2);
    expect(evaluate('spec.nothing >= 1', pod)).toBe(false);
    expect(() => evaluate('a b c d', pod)).toThrow('cannot read expression "a b c d"');
  });

  it('reads and splits dotted paths', () => {
    expect(splitPath('a.b[0].c["x.y/z"]')).toEqual(['a', 'b', 0, 'c', 'x.y/z']);
    expect(readPath(pod, 'spec.containers[1].ports[1].name')).toBe('alt');
    expect(readPath(pod, 'spec.containers[7].name')).toBeUndefined();
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
  });
});
