/**
 * Regenerates ../describe-golden/: runs real kubectl 1.32 against the describe world served by
 * `cadet serve` and writes what it printed (stdout per case, plus stderr, exit code and the wall
 * time of each run in cases.json). Run with `npx tsx test/kubectl/support/capture-golden.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServe } from '../../conformance/support/serve';
import { describeWorld } from './describe-world';

const DIR = join(import.meta.dirname, '..', 'describe-golden');
const { cluster } = describeWorld();
const h = await startServe({ cluster });
const cases: [string, string[]][] = [
  ['pod-multi', ['describe', 'pod', 'multi']],
  ['pod-bad', ['describe', 'pod', 'bad']],
  ['pod-user', ['describe', 'pod', 'user']],
  ['pod-prefix-web', ['describe', 'pod', 'web']],
  ['pods-db', ['describe', 'pods', '-l', 'app=db']],
  ['deployment', ['describe', 'deploy', 'web']],
  ['replicaset', ['describe', 'rs']],
  ['statefulset', ['describe', 'sts', 'db']],
  ['daemonset', ['describe', 'ds', 'agent']],
  ['job', ['describe', 'job', 'once']],
  ['cronjob', ['describe', 'cronjob', 'tick']],
  ['hpa', ['describe', 'hpa', 'web']],
  ['service', ['describe', 'svc', 'web', 'np']],
  ['service-kubernetes', ['describe', 'svc/kubernetes']],
  ['endpoints', ['describe', 'endpoints', 'web']],
  ['ingress', ['describe', 'ing', 'web']],
  ['node', ['describe', 'node', 'worker-1']],
  ['node-control-plane', ['describe', 'node', 'cp-1']],
  ['namespace', ['describe', 'ns', 'team', 'default']],
  ['configmap', ['describe', 'cm', 'cfg']],
  ['secret', ['describe', 'secret', 'sec']],
  ['serviceaccount', ['describe', 'sa', 'robot']],
  ['pvc', ['describe', 'pvc']],
  ['pv', ['describe', 'pv', 'pv1']],
  ['storageclass', ['describe', 'sc']],
  ['quota', ['describe', 'quota', '-n', 'team']],
  ['limitrange', ['describe', 'limits', '-n', 'team']],
  ['lease', ['describe', 'lease', '-n', 'kube-node-lease', 'worker-1']],
  ['networkpolicy', ['describe', 'netpol']],
  ['role', ['describe', 'role', 'reader']],
  ['rolebinding', ['describe', 'rolebinding', 'read']],
  ['clusterrole', ['describe', 'clusterrole', 'monitor']],
  ['clusterrolebinding', ['describe', 'clusterrolebinding', 'monitor']],
  ['not-found', ['describe', 'pod', 'nope']],
  ['not-found-slash', ['describe', 'pod/nope', 'svc/web']],
  ['no-resources', ['describe', 'pods', '-l', 'app=none']],
  ['no-type', ['describe']],
  ['unknown-type', ['describe', 'foo']],
  ['logs-multi', ['logs', 'multi']],
  ['logs-deploy', ['logs', 'deploy/web']],
  ['logs-all-prefix', ['logs', 'multi', '--all-containers', '--prefix']],
  ['logs-tail', ['logs', 'multi', '-c', 'a', '--tail=1']],
  ['logs-timestamps', ['logs', 'multi', '-c', 'b', '--timestamps']],
  ['logs-bad-container', ['logs', 'multi', '-c', 'nope']],
  ['logs-no-pod', ['logs', 'nope']],
  ['logs-no-args', ['logs']],
  ['logs-selector', ['logs', '-l', 'app=db']],
  ['logs-since-both', ['logs', 'multi', '--since=1h', '--since-time=2026-01-01T00:00:00Z']],
  ['top-nodes', ['top', 'nodes']],
  ['top-pods', ['top', 'pods']],
  ['top-pods-all', ['top', 'pods', '-A', '--sort-by=memory']],
  ['top-containers', ['top', 'pods', '--containers', '--sum']],
  ['top-bad-sort', ['top', 'pods', '--sort-by=foo']],
  ['top-pod-missing', ['top', 'pod', 'nope']],
  ['top-empty', ['top', 'pods', '-n', 'kube-public']],
  ['wait-met', ['wait', '--for=condition=Available', 'deploy/web']],
  ['wait-not-met', ['wait', '--for=condition=Ready', 'pods', '--all', '--timeout=0']],
  ['wait-jsonpath', ['wait', '--for=jsonpath={.status.readyReplicas}=2', 'deploy/web']],
  ['wait-no-for', ['wait', 'deploy/web']],
  ['wait-missing', ['wait', '--for=condition=Ready', 'pod/nope']],
  ['wait-delete-missing', ['wait', '--for=delete', 'pod/nope']],
  ['wait-selector', ['wait', '--for=condition=Ready', 'pods', '-l', 'app=web']],
  ['wait-none', ['wait', '--for=condition=Ready', 'pods', '-l', 'app=none']],
];
// kubectl computes ages just before it prints (`at` is the end of each run); the world's events
// happen at second 30-33 of a minute, so start at second 40 to keep every case clear of a boundary.
while (new Date().getUTCSeconds() !== 40) await new Promise((r) => setTimeout(r, 200));
const start = Date.now();
const out: Record<string, unknown>[] = [];
for (const [name, args] of cases) {
  const r = await h.kubectl(args);
  const after = Date.now();
  writeFileSync(`${DIR}/${name}.txt`, r.stdout);
  out.push({ name, args, code: r.code, stderr: r.stderr, at: after });
}
const end = Date.now();
writeFileSync(
  `${DIR}/cases.json`,
  JSON.stringify({ capturedAt: Math.round((start + end) / 2), spreadMs: end - start, cases: out }, null, 2) +
    '\n',
);
console.log('spread', end - start, new Date(start).toISOString());
await h.stop();
