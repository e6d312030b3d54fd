import { describe, expect, it } from 'vitest';
import { quoteWord, tokenize } from '../../src/workspace/shell/tokenize';
import { completeShell, HELP, listDir, normalizePath, runLine } from '../../src/workspace/shell/builtins';
import { LineEditor, commonPrefix } from '../../src/workspace/shell/line-editor';

const files = {
  'pod.yaml': 'kind: Pod\n',
  'manifests/web.yaml': 'kind: Deployment',
  'manifests/svc.yaml': '',
};

async function run(line: string, kubectl: (argv: string[]) => Promise<number> = async () => 0) {
  let out = '';
  let err = '';
  const code = await runLine(
    line,
    { files: () => files, kubectl },
    { out: (c) => (out += c), err: (c) => (err += c) },
    new AbortController().signal,
  );
  return { code, out, err };
}

describe('tokenize', () => {
  it('splits words with quotes and escapes as a shell does', () => {
    expect(
      tokenize(`kubectl get pods -l 'app in (a, b)' -o "jsonpath={.items[*].metadata.name}"`).words,
    ).toEqual(['kubectl', 'get', 'pods', '-l', 'app in (a, b)', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(tokenize(`echo a\\ b "c\\"d" ''`).words).toEqual(['echo', 'a b', 'c"d', '']);
    expect(tokenize('   ').words).toEqual([]);
  });
  it('refuses pipes and open quotes with a message', () => {
    expect(tokenize('kubectl get pods | grep web').error).toBe(
      'cadet shell: "|" is not supported here; run one command at a time',
    );
    expect(tokenize(`kubectl get 'pods`).error).toBe(
      "cadet shell: unexpected end of line: missing closing '",
    );
  });
  it('quotes words that need it', () => {
    expect(quoteWord('pod.yaml')).toBe('pod.yaml');
    expect(quoteWord("it's")).toBe(`'it'\\''s'`);
  });
});

describe('the small shell', () => {
  it('lists and prints files', async () => {
    expect(await run('ls')).toEqual({ code: 0, out: 'manifests/  pod.yaml\n', err: '' });
    expect((await run('ls manifests')).out).toBe('svc.yaml  web.yaml\n');
    expect(await run('ls nope')).toEqual({
      code: 2,
      out: '',
      err: "ls: cannot access 'nope': No such file or directory\n",
    });
    expect(await run('cat ./pod.yaml manifests/web.yaml')).toEqual({
      code: 0,
      out: 'kind: Pod\nkind: Deployment\n',
      err: '',
    });
    expect((await run('cat manifests')).err).toBe('cat: manifests: Is a directory\n');
    expect((await run('cat x.yaml')).err).toBe('cat: x.yaml: No such file or directory\n');
  });
  it('runs kubectl (and k) with the words after it', async () => {
    const seen: string[][] = [];
    const r = await run('k get pods -o wide', async (argv) => {
      seen.push(argv);
      return 3;
    });
    expect(r.code).toBe(3);
    expect(seen).toEqual([['get', 'pods', '-o', 'wide']]);
  });
  it('says what it cannot run', async () => {
    expect(await run('vim pod.yaml')).toEqual({
      code: 127,
      out: '',
      err: 'vim: command not found (type help for what this shell runs)\n',
    });
    expect((await run('help')).out).toBe(HELP);
    expect((await run('clear')).out).toBe('\x1b[2J\x1b[3J\x1b[H');
  });
  it('completes commands and file names', () => {
    expect(completeShell('c', files)).toEqual(['clear', 'cat']);
    expect(completeShell('cat ', files)).toEqual(['manifests/', 'pod.yaml']);
    expect(completeShell('kubectl apply -f man', files)).toEqual(['manifests/']);
    expect(completeShell('kubectl apply -f manifests/w', files)).toEqual(['manifests/web.yaml']);
    expect(completeShell('kubectl apply --filename=p', files)).toEqual(['--filename=pod.yaml']);
    expect(completeShell('kubectl get po', files)).toBeUndefined();
  });
  it('normalises paths and lists folders', () => {
    expect(normalizePath('./a/../manifests//web.yaml')).toBe('manifests/web.yaml');
    expect(listDir(files, '')).toEqual(['manifests/', 'pod.yaml']);
    expect(listDir(files, 'nope')).toBeUndefined();
  });
});

describe('line editor', () => {
  it('edits, submits and walks the history', () => {
    const ed = new LineEditor(['kubectl get nodes']);
    expect(ed.feed('kubectl get pods')).toEqual([{ type: 'edit' }]);
    ed.feed('\x1b[D\x1b[D\x1b[D\x1b[D\x7f'); // delete the space before "pods"
    expect(ed.buffer).toBe('kubectl getpods');
    ed.feed('\x05 ');
    expect(ed.feed('\r')).toEqual([{ type: 'submit', line: 'kubectl getpods ' }]);
    expect(ed.entries).toEqual(['kubectl get nodes', 'kubectl getpods ']);
    ed.feed('draft');
    ed.feed('\x1b[A');
    expect(ed.buffer).toBe('kubectl getpods ');
    ed.feed('\x1b[A');
    expect(ed.buffer).toBe('kubectl get nodes');
    ed.feed('\x1b[B\x1b[B');
    expect(ed.buffer).toBe('draft');
  });
  it('reports Tab with the text before the cursor, Ctrl-C and Ctrl-L', () => {
    const ed = new LineEditor();
    ed.feed('kubectl ge');
    expect(ed.feed('\t')).toEqual([{ type: 'tab', line: 'kubectl ge' }]);
    expect(ed.feed('\x03')).toEqual([{ type: 'interrupt' }]);
    expect(ed.buffer).toBe('');
    expect(ed.feed('\x0c')).toEqual([{ type: 'clear' }]);
  });
  it('takes a pasted multi-line text as several commands', () => {
    const ed = new LineEditor();
    expect(ed.feed('ls\r\ncat pod.yaml\r')).toEqual([
      { type: 'edit' },
      { type: 'submit', line: 'ls' },
      { type: 'edit' },
      { type: 'submit', line: 'cat pod.yaml' },
    ]);
  });
  it('renders the line with the cursor in place', () => {
    const ed = new LineEditor();
    ed.feed('abc\x1b[D');
    expect(ed.render('$ ')).toBe('\r$ abc\x1b[K\x1b[1D');
    expect(commonPrefix(['deployments', 'deployment', 'deploy'])).toBe('deploy');
  });
});
