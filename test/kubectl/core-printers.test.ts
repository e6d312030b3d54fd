/** kubectl's output machinery: Go's tabwriter, YAML and JSON as kubectl writes them, JSONPath, custom columns, Tables. */
import { describe, expect, it } from 'vitest';
import { TabWriter, tabwrite } from '../../src/kubectl/printers/tabwriter';
import { toYaml } from '../../src/kubectl/printers/yaml';
import { goJson, toJson } from '../../src/kubectl/printers/json';
import { executeJsonPath } from '../../src/kubectl/printers/jsonpath';
import { TablePrinter } from '../../src/kubectl/printers/table';
import {
  executeGoTemplate,
  goValue,
  parseOutput,
  printCustomColumns,
  printObjects,
} from '../../src/kubectl/printers/index';
import type { Table } from '../../src/kubectl/client';
import type { KubeObject } from '../../src/cluster/index';

describe('tabwriter', () => {
  it('pads columns to the widest cell plus 3, at least 6, and leaves the last column alone', () => {
    expect(tabwrite('NAME\tREADY\tAGE\nweb-1\t1/1\t5s\n')).toBe('NAME    READY   AGE\nweb-1   1/1     5s\n');
    expect(tabwrite('A\tB\n1\t2\n')).toBe('A     B\n1     2\n');
  });

  it('aligns blocks separated by a line without tabs independently', () => {
    expect(tabwrite('LONGNAME\tX\na\tb\n\nN\tY\nc\td\n')).toBe(
      'LONGNAME   X\na          b\n\nN     Y\nc     d\n',
    );
  });

  it('pads an empty last-but-one cell (trailing spaces, as kubectl prints)', () => {
    expect(tabwrite('NAME\tVERBS\tCATEGORIES\nns\tget\t\n')).toBe(
      'NAME   VERBS   CATEGORIES\nns     get     \n',
    );
  });

  it('remembers widths across flushes when asked (watch output only widens)', () => {
    const w = new TabWriter({ minWidth: 6, padding: 3, rememberWidths: true });
    w.write('NAME\tSTATUS\nweb-123456\tRunning\n');
    expect(w.flush()).toBe('NAME         STATUS\nweb-123456   Running\n');
    w.write('a\tPending\n');
    expect(w.flush()).toBe('a            Pending\n');
  });
});

describe('YAML as kubectl prints it', () => {
  it('sorts keys, does not indent sequences under their key, and quotes like go-yaml', () => {
    const text = toYaml({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', app: 'web' }, annotations: {} },
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }], args: ['-c', 'echo hi'] }] },
      status: {
        phase: '',
        started: 'true',
        port: '80',
        time: '2026-01-01T00:00:00Z',
        msg: 'a: b',
        empty: [],
      },
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  annotations: {}',
        '  labels:',
        '    app: web',
        '    app.kubernetes.io/name: web',
        '  name: web',
        'spec:',
        '  containers:',
        '  - args:',
        '    - -c',
        '    - echo hi',
        '    name: c',
        '    ports:',
        '    - containerPort: 80',
        'status:',
        '  empty: []',
        "  msg: 'a: b'",
        '  phase: ""',
        '  port: "80"',
        '  started: "true"',
        '  time: "2026-01-01T00:00:00Z"',
        '',
      ].join('\n'),
    );
  });

  it('writes multi-line strings as literal blocks with the right chomping', () => {
    expect(toYaml({ a: 'x\ny\n', b: 'x\ny', c: null })).toBe('a: |\n  x\n  y\nb: |-\n  x\n  y\nc: null\n');
  });

  it('folds long plain strings after column 80', () => {
    const long = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    const lines = toYaml({ message: long }).split('\n');
    expect(lines[0]!.length).toBeGreaterThan(80);
    expect(lines[1]!.startsWith('  word')).toBe(true);
  });
});

describe('JSON as kubectl prints it', () => {
  it('sorts keys, indents four spaces and escapes HTML characters', () => {
    expect(toJson({ b: 1, a: ['<x>', { d: true, c: null }], e: {} })).toBe(
      '{\n    "a": [\n        "\\u003cx\\u003e",\n        {\n            "c": null,\n            "d": true\n        }\n    ],\n    "b": 1,\n    "e": {}\n}\n',
    );
    expect(goJson({ z: 1, a: 2 }, '  ', 0, false)).toBe('{\n  "z": 1,\n  "a": 2\n}');
  });
});

describe('JSONPath', () => {
  const data = {
    items: [
      {
        metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
      { metadata: { name: 'b', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
    ],
  };
  it('selects fields, wildcards, indexes, filters and escaped dots', () => {
    expect(executeJsonPath('{.items[*].metadata.name}', data)).toBe('a b');
    expect(executeJsonPath('{.items[-1].metadata.name}', data)).toBe('b');
    expect(executeJsonPath('{.items[?(@.metadata.name=="b")].status.conditions[0].status}', data)).toBe(
      'False',
    );
    expect(executeJsonPath('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', data)).toBe('x');
    expect(executeJsonPath('{..type}', data)).toBe('Ready Ready');
  });
  it('runs range blocks and literals, and prints maps as JSON', () => {
    expect(
      executeJsonPath(
        '{range .items[*]}{.metadata.name}{"\\t"}{.status.conditions[0].type}{"\\n"}{end}',
        data,
      ),
    ).toBe('a\tReady\nb\tReady\n');
    expect(executeJsonPath('names: {.items[1].metadata}', data)).toBe('names: {"labels":{},"name":"b"}');
  });
});

describe('output formats', () => {
  const pod = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, managedFields: [{ manager: 'kubectl' }] },
    spec: {
      containers: [
        { name: 'c', image: 'nginx' },
        { name: 'd', image: 'busybox' },
      ],
    },
  });
  it('wraps several objects in a List and hides managedFields', () => {
    const text = printObjects({ format: 'yaml' }, [pod('a'), pod('b')], { single: false });
    expect(
      text.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n'),
    ).toBe(true);
    expect(text.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(text).not.toContain('managedFields');
    expect(printObjects({ format: 'name' }, [pod('a')], { single: true })).toBe('pod/a\n');
  });
  it('prints custom columns with <none> for missing fields', () => {
    expect(
      printCustomColumns(
        'NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName',
        [pod('a')],
        false,
      ),
    ).toBe('NAME      IMAGES          NODE\na         nginx,busybox   <none>\n');
  });
  it("refuses unknown formats with kubectl's message", () => {
    expect(() => parseOutput('bogus')).toThrow(
      'unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    );
    expect(parseOutput('jsonpath={.a}')).toEqual({ format: 'jsonpath', template: '{.a}' });
  });
});

describe('server-side Table printing', () => {
  const table: Table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Status', type: 'string', format: '', description: '', priority: 0 },
      { name: 'Node', type: 'string', format: '', description: '', priority: 1 },
    ],
    rows: [
      {
        cells: ['web-1', 'Running', 'worker-1'],
        object: { metadata: { name: 'web-1', namespace: 'default', labels: { b: '2', a: '1' } } },
      },
    ],
  };
  it('upper-cases headers, hides wide columns, adds NAMESPACE, LABELS and kind prefixes', () => {
    const p = new TablePrinter({});
    p.print(table);
    expect(p.flush()).toBe('NAME    STATUS\nweb-1   Running\n');
    const wide = new TablePrinter({ wide: true, withNamespace: true, showLabels: true, kind: 'pod' });
    wide.print(table);
    expect(wide.flush()).toBe(
      'NAMESPACE   NAME        STATUS    NODE       LABELS\ndefault     pod/web-1   Running   worker-1   a=1,b=2\n',
    );
  });
  it('prints the header once for tables with the same columns, and none for an empty table', () => {
    const p = new TablePrinter({});
    p.print({ ...table, rows: [] });
    p.print(table);
    p.print(table);
    expect(p.flush()).toBe('NAME    STATUS\nweb-1   Running\nweb-1   Running\n');
  });
});

describe('Go values and templates', () => {
  it("prints values as Go's %v", () => {
    expect(goValue({ b: [1, 'x'], a: { c: true } })).toBe('map[a:map[c:true] b:[1 x]]');
    expect(goValue(null)).toBe('<nil>');
    expect(goValue(0.5)).toBe('0.5');
  });
  it('runs fields, range, if/else if/else, variables, pipelines and functions', () => {
    const data = {
      items: [
        { n: 'a', p: 'Running' },
        { n: 'b', p: 'Pending' },
        { n: 'c', p: 'Failed' },
      ],
      s: 'aGk=',
    };
    expect(
      executeGoTemplate(
        '{{range $i, $e := .items}}{{$i}}:{{if eq .p "Running"}}R{{else if eq .p "Pending"}}P{{else}}-{{end}} {{end}}',
        data,
      ),
    ).toBe('0:R 1:P 2:- ');
    expect(
      executeGoTemplate('{{.s | base64decode}} {{len .items}} {{printf "%s=%d" "x" 3}} {{.nope}}', data),
    ).toBe('hi 3 x=3 <no value>');
    expect(executeGoTemplate('{{- range .items -}}\n  {{ .n -}}\n{{ end }}', data)).toBe('abc');
    expect(executeGoTemplate('{{with .items}}{{len .}}{{end}}{{with .none}}x{{else}}y{{end}}', data)).toBe(
      '3y',
    );
  });
  it("fails on a broken template with kubectl's message", () => {
    expect(() => executeGoTemplate('{{.a', {})).toThrow(
      'error parsing template {{.a, template: output:1: unclosed action',
    );
  });
});
