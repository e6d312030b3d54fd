/** runKubectl end to end over the in-process transport: get (tables, formats, watch), config, help, errors. */
import { describe, expect, it } from 'vitest';
import { complete } from '../../src/kubectl/index';
import { coreWorld } from './core-helpers';

describe('runKubectl in process', () => {
  const world = coreWorld();

  it('prints server-side tables with kubectl alignment', async () => {
    const r = await world.kubectl(['get', 'deploy']);
    expect(r).toEqual({
      stdout: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           60s\n',
      stderr: '',
      code: 0,
    });
    const pods = await world.kubectl(['get', 'pods', '-l', 'app=web', '--no-headers', '-o', 'name']);
    expect(pods.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(pods.stdout.startsWith('pod/web-')).toBe(true);
  });

  it('says so when nothing is found, on stderr', async () => {
    const r = await world.kubectl(['get', 'pods', '-n', 'kube-public']);
    expect(r).toEqual({ stdout: '', stderr: 'No resources found in kube-public namespace.\n', code: 0 });
  });

  it('prints one block per type with kind prefixes for several types', async () => {
    const r = await world.kubectl(['get', 'deploy,svc']);
    expect(r.stdout).toBe(
      [
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   3/3     3            3           60s',
        '',
        'NAME                 TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1        <none>        443/TCP   90s',
        'service/web          ClusterIP   10.104.162.181   <none>        80/TCP    60s',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toContain('service/kubernetes');
    expect(r.stdout).toContain('service/web ');
  });

  it('prints one object bare and several as a List', async () => {
    const one = await world.kubectl(['get', 'svc', 'web', '-o', 'jsonpath={.kind}/{.metadata.name}']);
    expect(one.stdout).toBe('Service/web');
    const list = await world.kubectl(['get', 'svc', '-o', 'jsonpath={.kind} {.items[*].metadata.name}']);
    expect(list.stdout).toBe('List kubernetes web');
  });

  it('reports NotFound after the objects it found, with exit code 1', async () => {
    const r = await world.kubectl(['get', 'deploy', 'web', 'nope']);
    expect(r.stdout).toContain('web ');
    expect(r.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(r.code).toBe(1);
  });

  it('streams watch events as rows until the signal aborts', async () => {
    const abort = new AbortController();
    let stdout = '';
    const env = world.env({
      signal: abort.signal,
      out: (c) => {
        stdout += c;
      },
    });
    const done = (async () => {
      const { runKubectl } = await import('../../src/kubectl/index');
      return runKubectl(['get', 'deploy', '-w'], env);
    })();
    await new Promise((r) => setTimeout(r, 20));
    expect(stdout).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           60s\n',
    );
    world.cluster.client.patch('deployments', 'default', 'web', 'merge', { spec: { replicas: 4 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(stdout.split('\n').length).toBeGreaterThan(3);
    expect(stdout.split('\n')[2]).toMatch(/^web {4}3\/4 {5}3 {12}3 {11}60s$/);
    abort.abort();
    expect(await done).toBe(0);
  });

  it('changes the kubeconfig with config commands and saves it', async () => {
    const r = await world.kubectl(['config', 'set-context', '--current', '--namespace=kube-system']);
    expect(r.stdout).toBe('Context "cadet" modified.\n');
    expect(world.saved.at(-1)?.contexts?.[0]?.context.namespace).toBe('kube-system');
    const pods = await world.kubectl(['get', 'pods', '-o', 'name']);
    expect(pods.stdout).toContain('pod/etcd-cp-1');
    await world.kubectl(['config', 'set-context', '--current', '--namespace=default']);
    expect((await world.kubectl(['config', 'current-context'])).stdout).toBe('cadet\n');
  });

  it('suggests commands and prints help naming the real flags', async () => {
    expect(await world.kubectl(['gte', 'pods'])).toEqual({
      stdout: '',
      stderr: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n',
      code: 1,
    });
    const help = await world.kubectl(['get', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '-A, --all-namespaces=false:',
      "-o, --output='':",
      "-l, --selector='':",
      '-w, --watch=false:',
      '--show-labels=false:',
    ])
      expect(help.stdout).toContain(flag);
    const root = await world.kubectl([]);
    expect(root.stdout).toContain(
      'Basic Commands (Intermediate):\n  explain         Get documentation for a resource\n  get             Display one or many resources\n',
    );
  });

  it('reports the client and server versions', async () => {
    const r = await world.kubectl(['version']);
    expect(r.stdout).toMatch(
      /^Client Version: v1\.32\.5\nKustomize Version: v5\.5\.0\nServer Version: v1\.32\.\d+(-\w+)?\n$/,
    );
  });

  it('completes commands, flags, flag values, resource types and names', async () => {
    const env = world.env();
    expect(await complete(['ge'], env)).toEqual(['get']);
    expect(await complete(['config', 'use'], env)).toEqual(['use-context']);
    expect(await complete(['get', '--all-n'], env)).toEqual(['--all-namespaces']);
    expect(await complete(['get', 'pods', '-o', 'j'], env)).toEqual([
      'json',
      'jsonpath-as-json=',
      'jsonpath=',
    ]);
    expect(await complete(['get', 'pods', '-n', 'kube-'], env)).toEqual([
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    expect(await complete(['get', 'dep'], env)).toEqual(['deployments']);
    expect(await complete(['get', 'deploy', 'w'], env)).toEqual(['web']);
    expect(await complete(['get', 'deploy/'], env)).toEqual(['deploy/web']);
    expect(await complete(['logs', 'web-'], env)).toHaveLength(3);
    expect(await complete(['get', 'nosuchtype', ''], env)).toEqual([]);
    expect(await complete(['explain', 'pods.sp'], env)).toEqual(['pods.spec']);
    expect(await complete(['explain', 'deploy.spec.str'], env)).toEqual(['deploy.spec.strategy']);
    expect(await complete(['explain', 'po.spec.containers.ima'], env)).toEqual([
      'po.spec.containers.image',
      'po.spec.containers.imagePullPolicy',
    ]);
    expect(await complete(['explain', 'pods.nope.x'], env)).toEqual([]);
  });

  it('prints completion candidates for shells', async () => {
    const r = await world.kubectl(['__complete', 'config', 'cu']);
    expect(r.stdout).toBe('current-context\n:4\n');
    const script = await world.kubectl(['completion', 'bash']);
    expect(script.stdout).toContain('complete -o default -F __cadet_kubectl_complete kubectl');
    expect(await world.kubectl(['completion', 'tcsh'])).toEqual({
      stdout: '',
      stderr: 'error: Unsupported shell type "tcsh".\n',
      code: 1,
    });
  });
});
