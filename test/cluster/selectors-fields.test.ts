import { describe, expect, it } from 'vitest';
import {
  fieldValue,
  formatFieldSelector,
  matchesFields,
  parseFieldSelector,
} from '../../src/cluster/machinery/selectors.js';

const pod = {
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'worker-1', replicas: 3, hostNetwork: false },
  status: { phase: 'Running' },
};

describe('field selectors', () => {
  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=default,status.phase=Running', true],
    ['status.phase!=Running', false],
    ['spec.nodeName=worker-1', true],
    ['spec.nodeName=', false],
    ['spec.missing=', true],
    ['spec.replicas=3', true],
    ['spec.hostNetwork=false', true],
    ['a.b.c=', true],
  ])('%s -> %s', (sel, expected) => {
    expect(matchesFields(parseFieldSelector(sel), pod)).toBe(expected);
  });

  it('matches involvedObject fields of events', () => {
    const ev = { involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' } };
    expect(
      matchesFields(
        parseFieldSelector(
          'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1',
        ),
        ev,
      ),
    ).toBe(true);
    expect(matchesFields(parseFieldSelector('involvedObject.kind=Deployment'), ev)).toBe(false);
  });

  it('honours backslash escapes and formats them back', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b');
    expect(sel.requirements).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b' }]);
    expect(formatFieldSelector(sel)).toBe('metadata.name=a\\,b');
  });

  it('reports terms it cannot understand in Kubernetes words', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
    );
    expect(() => parseFieldSelector('a=b,=c')).toThrow("invalid selector: 'a=b,=c'; can't understand '=c'");
  });

  it('reads nested values as strings', () => {
    expect(fieldValue(pod, 'spec.replicas')).toBe('3');
    expect(fieldValue(pod, 'metadata')).toBe('');
  });
});
