/**
 * Client-side apply, the pure parts: the three-way strategic merge patch (pinned to the body real
 * kubectl 1.32 sent for the same inputs), the last-applied annotation and manifest reading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { threeWayMergePatch, threeWayJsonMergePatch } from '../../src/kubectl/apply/three-way';
import { goJson, lastAppliedOf, withLastApplied } from '../../src/kubectl/apply/last-applied';
import { checkTypeFields, parseManifests, splitYamlDocuments } from '../../src/kubectl/apply/manifests';

const fixtures = join(import.meta.dirname, 'fixtures', 'apply-three-way');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe('three-way strategic merge patch', () => {
  it('is the patch real kubectl sent: deletions, $setElementOrder, $retainKeys, list item deletes', () => {
    // current.json: the live Deployment after `apply -f` of a first config and `scale --replicas=4`;
    // config.yaml: the second config; patch.json: the PATCH body real kubectl 1.32 sent.
    const current = JSON.parse(read('current.json')) as Record<string, unknown>;
    const [m] = parseManifests(read('config.yaml'), 'config.yaml');
    (m!.object.metadata as Record<string, unknown>).namespace = 'default';
    const { object } = withLastApplied(m!.object);
    const patch = threeWayMergePatch(lastAppliedOf(current), object, current);
    // goJson sorts keys as kubectl's json.Marshal does, so equal texts mean the same bytes on the wire
    expect(goJson(patch)).toBe(goJson(JSON.parse(read('patch.json'))));
  });

  it('is {} when the config is what was applied, even if the live object has more', () => {
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'default' },
      data: { k: 'v' },
    };
    const { object, annotation } = withLastApplied(config);
    const live = {
      ...structuredClone(object),
      metadata: { ...(object.metadata as object), uid: 'u', resourceVersion: '5' },
    };
    expect(annotation).toBe(
      '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default"}}\n',
    );
    expect(threeWayMergePatch(lastAppliedOf(live), object, live)).toEqual({});
  });

  it('sends a changed value and nulls a removed key; primitive merge lists use $deleteFromPrimitiveList', () => {
    const original = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', finalizers: ['a', 'b'], labels: { x: '1', y: '2' } },
    };
    const modified = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', finalizers: ['a'], labels: { x: '3' } },
    };
    const patch = threeWayMergePatch(original, modified, structuredClone(original));
    expect(patch).toEqual({
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['b'],
        '$setElementOrder/finalizers': ['a'],
        labels: { x: '3', y: null },
      },
    });
  });

  it('JSON merge patch for kinds without a schema', () => {
    expect(threeWayJsonMergePatch({ a: 1, b: 2 }, { a: 1, c: 3 }, { a: 5, b: 2, d: 4 })).toEqual({
      a: 1,
      b: null,
      c: 3,
    });
  });
});

describe('last-applied encoding', () => {
  it('escapes as Go does and ends with a newline', () => {
    expect(goJson({ b: 'x<y>&z', a: [1, 2.5, true, null] })).toBe(
      '{"a":[1,2.5,true,null],"b":"x\\u003cy\\u003e\\u0026z"}',
    );
  });
});

describe('manifests', () => {
  it('splits on --- lines only', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n--- \nc: "---"\n')).toEqual([
      'a: 1\n',
      'b: 2\n',
      'c: "---"\n',
    ]);
  });

  it('reads YAML 1.1 like go-yaml, skips empty documents and expands kind: List', () => {
    const text =
      '---\n# nothing\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {on: yes}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n';
    const ms = parseManifests(text, 'x.yaml');
    expect(ms.map((m) => (m.object.metadata as { name: string }).name)).toEqual(['a', 'b']);
    expect(ms[0]!.object.data).toEqual({ true: true });
  });

  it('reads a JSON stream', () => {
    const ms = parseManifests('{"kind":"A","apiVersion":"v1"}\n{"kind":"B","apiVersion":"v1"}', 'x.json');
    expect(ms.map((m) => m.object.kind)).toEqual(['A', 'B']);
  });

  it.each([
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: 1\n',
      'yaml: line 4: did not find expected key',
    ],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n   x: [\n',
      'yaml: line 5: mapping values are not allowed in this context',
    ],
    ['a: b\n\tc: d\n', 'yaml: line 2: found a tab character that violates indentation'],
    ['a: [1, 2\n', "yaml: line 1: did not find expected ',' or ']'"],
    ['a: "x\n', 'yaml: line 2: found unexpected end of stream'],
    ['a:\n  - b\n  c: d\n', "yaml: line 2: did not find expected '-' indicator"],
    ['a: b: c\n', 'yaml: mapping values are not allowed in this context'],
  ])('reports YAML errors as kubectl does (%j)', (text, message) => {
    // the messages real kubectl 1.32 printed for the same files
    expect(() => parseManifests(text, 't.yaml')).toThrow(
      `error parsing t.yaml: error converting YAML to JSON: ${message}`,
    );
  });

  it.each([
    ['{"a":1,}', "json: offset 8: invalid character '}' looking for beginning of object key string"],
    ['{"a" 1}', "json: offset 6: invalid character '1' after object key"],
    ['{"a":1 "b":2}', "json: offset 8: invalid character '\"' after object key:value pair"],
    ['{"a":[1 2]}', "json: offset 9: invalid character '2' after array element"],
    ['{"a":tru}', "json: offset 9: invalid character '}' in literal true (expecting 'e')"],
    ['{"a":1', 'unexpected EOF'],
    ['{"a":"x\n"}', "json: offset 8: invalid character '\\n' in string literal"],
    ['{"a":x}', "json: offset 6: invalid character 'x' looking for beginning of value"],
  ])('reports JSON errors as kubectl does (%j)', (text, message) => {
    // the messages real kubectl 1.32 printed for the same files
    expect(() => parseManifests(text, 'j.json')).toThrow(`error parsing j.json: ${message}`);
  });

  it('names missing apiVersion and kind', () => {
    expect(() => checkTypeFields({ source: 't.yaml', object: { a: 1 } })).toThrow(
      'error validating "t.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    );
  });
});
