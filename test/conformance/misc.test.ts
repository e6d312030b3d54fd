/**
 * Cluster-level commands and the remaining `get` forms judged by real kubectl 1.32: api-versions,
 * api-resources (from aggregated discovery), cluster-info, version, diff (server-side dry-run,
 * exit 1 with a diff, 0 without), and get with several kinds at once, custom-columns, jsonpath,
 * --sort-by and -w ended by --request-timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHarness } from './support/serve';
import { ok, startFastServe, table, until } from './support/fast';

let h: ServeHarness;

beforeAll(async () => {
  h = await startFastServe(7);
  ok(await h.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']));
  ok(await h.kubectl(['expose', 'deployment', 'web', '--port=80']));
  await until(
    () => h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.availableReplicas === 2,
    'web available',
  );
});

afterAll(async () => {
  await h?.stop();
});

/** Replaces the temporary paths and file times in `diff -u` headers. */
function diffText(stdout: string): string {
  return stdout
    .replace(/\/tmp\/(LIVE|MERGED)-\d+\//g, '/tmp/$1-N/')
    .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [+-]\d{4}$/gm, '\t<time>');
}

describe('discovery commands', () => {
  it('api-versions lists every served group version, sorted', async () => {
    expect(await h.kubectl(['api-versions'])).toEqual({
      code: 0,
      stdout: [
        'apps/v1',
        'authentication.k8s.io/v1',
        'authorization.k8s.io/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'batch/v1',
        'coordination.k8s.io/v1',
        'discovery.k8s.io/v1',
        'metrics.k8s.io/v1beta1',
        'networking.k8s.io/v1',
        'rbac.authorization.k8s.io/v1',
        'storage.k8s.io/v1',
        'v1',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('api-resources: the course’s resources with the short names, scope and kind a real cluster has', async () => {
    const rows = table(ok(await h.kubectl(['api-resources'])));
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const byName = new Map(rows.slice(1).map((r) => [`${r[0]} ${r[r.length - 3]}`, r]));
    const expected: string[][] = [
      ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
      ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
      ['nodes', 'no', 'v1', 'false', 'Node'],
      ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim'],
      ['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume'],
      ['pods', 'po', 'v1', 'true', 'Pod'],
      ['secrets', 'v1', 'true', 'Secret'],
      ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
      ['services', 'svc', 'v1', 'true', 'Service'],
      ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet'],
      ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
      ['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet'],
      ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet'],
      ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', 'true', 'HorizontalPodAutoscaler'],
      ['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob'],
      ['jobs', 'batch/v1', 'true', 'Job'],
      ['ingresses', 'ing', 'networking.k8s.io/v1', 'true', 'Ingress'],
      ['networkpolicies', 'netpol', 'networking.k8s.io/v1', 'true', 'NetworkPolicy'],
      ['clusterroles', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
      ['roles', 'rbac.authorization.k8s.io/v1', 'true', 'Role'],
      ['storageclasses', 'sc', 'storage.k8s.io/v1', 'false', 'StorageClass'],
    ];
    for (const row of expected) expect(byName.get(`${row[0]} ${row[row.length - 3]}`)).toEqual(row);
  });

  it('api-resources -o wide adds VERBS and CATEGORIES; --api-group filters', async () => {
    const wide = table(ok(await h.kubectl(['api-resources', '-o', 'wide'])));
    expect(wide[0]).toEqual([
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      'VERBS',
      'CATEGORIES',
    ]);
    expect(wide.find((r) => r[0] === 'pods')).toEqual([
      'pods',
      'po',
      'v1',
      'true',
      'Pod',
      'create,delete,deletecollection,get,list,patch,update,watch',
      'all',
    ]);
    expect(wide.find((r) => r[0] === 'namespaces')).toEqual([
      'namespaces',
      'ns',
      'v1',
      'false',
      'Namespace',
      'create,delete,get,list,patch,update,watch',
    ]);
    expect(wide.find((r) => r[0] === 'bindings')).toEqual(['bindings', 'v1', 'true', 'Binding', 'create']);
    expect(ok(await h.kubectl(['api-resources', '--api-group=apps', '-o', 'name']))).toBe(
      'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n',
    );
  });

  it('cluster-info names the control plane and CoreDNS through the kube-dns service proxy', async () => {
    expect(await h.kubectl(['cluster-info'])).toEqual({
      code: 0,
      stdout:
        `Kubernetes control plane is running at ${h.url}\n` +
        `CoreDNS is running at ${h.url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n` +
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
      stderr: '',
    });
  });

  it('version: a 1.32 server, the same release the kubelets run', async () => {
    const r = await h.kubectl(['version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Client Version: v1\.32\.\d+/);
    expect(lines[1]).toMatch(/^Kustomize Version: v\d+\.\d+\.\d+$/);
    const kubelet = h.cluster.client.get('nodes', '', 'worker-1')!.status.nodeInfo.kubeletVersion;
    expect(lines[2]).toBe(`Server Version: ${kubelet}`);
    expect(lines).toHaveLength(3);
    const json = JSON.parse(ok(await h.kubectl(['version', '-o', 'json'])));
    expect(json.serverVersion).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: kubelet,
      platform: 'linux/amd64',
    });
  });
});

describe('kubectl diff', () => {
  it('exit 0 and no output when the file matches the cluster', async () => {
    ok(await h.kubectl(['create', 'configmap', 'cfg', '--from-literal=a=1']));
    const path = h.file(
      'cfg.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n',
    );
    expect(await h.kubectl(['diff', '-f', path])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exit 1 with a unified diff of live and merged (dry-run) objects', async () => {
    const path = h.file(
      'cfg.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n  b: "2"\n',
    );
    const cm = h.cluster.client.get('configmaps', 'default', 'cfg')!;
    const r = await h.kubectl(['diff', '-f', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(diffText(r.stdout))
      .toBe(`diff -u -N /tmp/LIVE-N/v1.ConfigMap.default.cfg /tmp/MERGED-N/v1.ConfigMap.default.cfg
--- /tmp/LIVE-N/v1.ConfigMap.default.cfg\t<time>
+++ /tmp/MERGED-N/v1.ConfigMap.default.cfg\t<time>
@@ -1,6 +1,7 @@
 apiVersion: v1
 data:
   a: "1"
+  b: "2"
 kind: ConfigMap
 metadata:
   creationTimestamp: "${cm.metadata.creationTimestamp}"
`);
    // the dry run changed nothing
    expect(h.cluster.client.get('configmaps', 'default', 'cfg')!.data).toEqual({ a: '1' });
  });

  it('a spec change shows the generation the real write would get', async () => {
    const path = h.file(
      'web.yaml',
      ok(
        await h.kubectl([
          'create',
          'deployment',
          'web',
          '--image=nginx:1.28',
          '--replicas=2',
          '--dry-run=client',
          '-o',
          'yaml',
        ]),
      ),
    );
    const r = await h.kubectl(['diff', '-f', path]);
    expect(r.code).toBe(1);
    const hunks = diffText(r.stdout)
      .split('\n')
      .filter((l) => /^[-+] /.test(l));
    expect(hunks).toEqual([
      '-  generation: 1',
      '+  generation: 2',
      '-      - image: nginx:1.27',
      '+      - image: nginx:1.28',
    ]);
  });

  it('a new object is all additions; --server-side diffs through server-side apply', async () => {
    const path = h.file(
      'new.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  x: "y"\n',
    );
    const r = await h.kubectl(['diff', '-f', path]);
    expect(r.code).toBe(1);
    const body = diffText(r.stdout)
      .replace(/creationTimestamp: "[^"]+"/, 'creationTimestamp: "<t>"')
      .replace(/uid: [0-9a-f-]{36}/, 'uid: <uid>');
    expect(body.split('\n').slice(3).join('\n')).toBe(`@@ -0,0 +1,9 @@
+apiVersion: v1
+data:
+  x: "y"
+kind: ConfigMap
+metadata:
+  creationTimestamp: "<t>"
+  name: fresh
+  namespace: default
+  uid: <uid>
`);
    expect(h.cluster.client.get('configmaps', 'default', 'fresh')).toBeUndefined();
    const cfg = h.file(
      'cfg.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "3"\n',
    );
    const ssa = await h.kubectl(['diff', '--server-side', '--force-conflicts', '-f', cfg]);
    expect(ssa.code).toBe(1);
    expect(
      diffText(ssa.stdout)
        .split('\n')
        .filter((l) => /^[-+] /.test(l)),
    ).toEqual(['-  a: "1"', '+  a: "3"']);
  });

  it('an invalid file: the server’s validation error, exit 2 (diff’s code for an error)', async () => {
    const path = h.file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n');
    const r = await h.kubectl(['diff', '-f', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    );
  });
});

describe('kubectl get, more forms', () => {
  it('several kinds at once with a selector: one table per kind, names prefixed', async () => {
    const r = ok(await h.kubectl(['get', 'deploy,svc,pods', '-l', 'app=web']));
    const sections = r.trimEnd().split('\n\n').map(table);
    expect(sections.map((s) => s[0]![0])).toEqual(['NAME', 'NAME', 'NAME']);
    expect(sections[0]!.slice(1).map((row) => row.slice(0, 4))).toEqual([
      ['deployment.apps/web', '2/2', '2', '2'],
    ]);
    expect(sections[1]!.slice(1).map((row) => row[0])).toEqual(['service/web']);
    const pods = h.cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.map((p) => `pod/${p.metadata.name}`)
      .sort();
    expect(sections[2]!.slice(1).map((row) => row[0])).toEqual(pods);
  });

  it('custom-columns', async () => {
    expect(
      ok(
        await h.kubectl([
          'get',
          'deploy',
          'web',
          '-o',
          'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[*].image',
        ]),
      ),
    ).toBe('NAME   REPLICAS   IMAGE\nweb    2          nginx:1.27\n');
  });

  it('jsonpath with range and a filter', async () => {
    const pods = h.cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    expect(
      ok(
        await h.kubectl([
          'get',
          'pods',
          '-l',
          'app=web',
          '-o',
          'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}',
        ]),
      ),
    ).toBe(pods.map((p) => `${p.metadata.name}\t${p.status.podIP}\n`).join(''));
    expect(
      ok(
        await h.kubectl([
          'get',
          'nodes',
          '-o',
          'jsonpath={.items[?(@.metadata.labels.node-role\\.kubernetes\\.io/control-plane)].metadata.name}',
        ]),
      ),
    ).toBe('cp-1');
  });

  it('--sort-by and -o name', async () => {
    const r = ok(await h.kubectl(['get', 'nodes', '--sort-by=.metadata.name', '-o', 'name']));
    expect(r).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
  });

  it('-w ends cleanly when --request-timeout runs out, after printing the list and the changes', async () => {
    const pending = h.kubectl(['get', 'configmaps', '-w', '--request-timeout=3s']);
    await new Promise((r) => setTimeout(r, 1000));
    ok(await h.kubectl(['create', 'configmap', 'during-watch']));
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = table(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'DATA', 'AGE']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['cfg', 'kube-root-ca.crt', 'during-watch']);
  });
});
