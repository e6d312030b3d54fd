/**
 * RBAC judged by real kubectl 1.32: `create role|rolebinding|clusterrole|clusterrolebinding`
 * (protobuf bodies), `auth can-i` (SelfSubjectAccessReview, `--list` a SelfSubjectRulesReview),
 * `auth whoami`, and requests made `--as` another user or service account, which get only what
 * their bindings grant and the real API server's Forbidden messages otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHarness } from './support/serve';
import { ok, startFastServe } from './support/fast';

let h: ServeHarness;

beforeAll(async () => {
  h = await startFastServe(9);
  ok(await h.kubectl(['create', 'namespace', 'dev']));
  ok(await h.kubectl(['create', 'serviceaccount', 'bot', '-n', 'dev']));
});

afterAll(async () => {
  await h?.stop();
});

describe('RBAC objects from the create generators', () => {
  it('role and rolebinding', async () => {
    expect(
      await h.kubectl([
        'create',
        'role',
        'pod-reader',
        '--verb=get,list,watch',
        '--resource=pods',
        '-n',
        'dev',
      ]),
    ).toEqual({ code: 0, stdout: 'role.rbac.authorization.k8s.io/pod-reader created\n', stderr: '' });
    expect(h.cluster.client.get('roles.rbac.authorization.k8s.io', 'dev', 'pod-reader')!.rules).toEqual([
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(
      await h.kubectl([
        'create',
        'rolebinding',
        'jane-reads',
        '--role=pod-reader',
        '--user=jane',
        '-n',
        'dev',
      ]),
    ).toEqual({ code: 0, stdout: 'rolebinding.rbac.authorization.k8s.io/jane-reads created\n', stderr: '' });
    const rb = h.cluster.client.get('rolebindings.rbac.authorization.k8s.io', 'dev', 'jane-reads')!;
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' });
    expect(rb.subjects).toEqual([{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }]);
  });

  it('clusterrole and clusterrolebinding to a group; a service account binding', async () => {
    expect(
      await h.kubectl(['create', 'clusterrole', 'node-reader', '--verb=get,list', '--resource=nodes']),
    ).toEqual({
      code: 0,
      stdout: 'clusterrole.rbac.authorization.k8s.io/node-reader created\n',
      stderr: '',
    });
    expect(
      await h.kubectl([
        'create',
        'clusterrolebinding',
        'ops-read-nodes',
        '--clusterrole=node-reader',
        '--group=ops',
      ]),
    ).toEqual({
      code: 0,
      stdout: 'clusterrolebinding.rbac.authorization.k8s.io/ops-read-nodes created\n',
      stderr: '',
    });
    ok(
      await h.kubectl([
        'create',
        'rolebinding',
        'bot-reads',
        '--role=pod-reader',
        '--serviceaccount=dev:bot',
        '-n',
        'dev',
      ]),
    );
  });
});

describe('kubectl auth', () => {
  it('can-i as the admin: yes', async () => {
    // kubectl warns about a namespace for a cluster-scoped resource, on a real cluster too
    expect(await h.kubectl(['auth', 'can-i', 'delete', 'nodes'])).toEqual({
      code: 0,
      stdout: 'yes\n',
      stderr: "Warning: resource 'nodes' is not namespace scoped\n\n",
    });
    expect(await h.kubectl(['auth', 'can-i', 'create', 'deployments'])).toEqual({
      code: 0,
      stdout: 'yes\n',
      stderr: '',
    });
  });

  it('can-i --as a user: what the RoleBinding grants, in its namespace only', async () => {
    const canI = (...args: string[]) => h.kubectl(['auth', 'can-i', ...args, '--as=jane']);
    expect(await canI('list', 'pods', '-n', 'dev')).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    expect(await canI('watch', 'pods', '-n', 'dev')).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    expect(await canI('delete', 'pods', '-n', 'dev')).toEqual({ code: 1, stdout: 'no\n', stderr: '' });
    expect(await canI('list', 'pods', '-n', 'default')).toEqual({ code: 1, stdout: 'no\n', stderr: '' });
    expect(await canI('list', 'deployments', '-n', 'dev')).toEqual({ code: 1, stdout: 'no\n', stderr: '' });
  });

  it('can-i --as a service account and --as-group', async () => {
    expect(
      await h.kubectl(['auth', 'can-i', 'get', 'pods', '-n', 'dev', '--as=system:serviceaccount:dev:bot']),
    ).toEqual({
      code: 0,
      stdout: 'yes\n',
      stderr: '',
    });
    const notNamespaced = "Warning: resource 'nodes' is not namespace scoped\n\n";
    expect(await h.kubectl(['auth', 'can-i', 'list', 'nodes', '--as=bob', '--as-group=ops'])).toEqual({
      code: 0,
      stdout: 'yes\n',
      stderr: notNamespaced,
    });
    expect(await h.kubectl(['auth', 'can-i', 'list', 'nodes', '--as=bob'])).toEqual({
      code: 1,
      stdout: 'no\n',
      stderr: notNamespaced,
    });
  });

  it('can-i --list prints the rules that apply', async () => {
    expect(await h.kubectl(['auth', 'can-i', '--list', '--as=jane', '-n', 'dev'])).toEqual({
      code: 0,
      stdout:
        'Resources   Non-Resource URLs   Resource Names   Verbs\n' +
        'pods        []                  []               [get list watch]\n',
      stderr: '',
    });
  });

  it('whoami names the user and its groups', async () => {
    expect(await h.kubectl(['auth', 'whoami', '--as=system:serviceaccount:dev:bot'])).toEqual({
      code: 0,
      stdout:
        'ATTRIBUTE   VALUE\n' +
        'Username    system:serviceaccount:dev:bot\n' +
        'Groups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]\n',
      stderr: '',
    });
  });
});

describe('requests made --as someone else', () => {
  it('are allowed what the bindings grant', async () => {
    ok(await h.kubectl(['run', 'p', '--image=nginx:1.27', '-n', 'dev']));
    expect(ok(await h.kubectl(['get', 'pods', '-n', 'dev', '-o', 'name', '--as=jane']))).toBe('pod/p\n');
    expect(ok(await h.kubectl(['get', 'nodes', '-o', 'name', '--as=bob', '--as-group=ops']))).toBe(
      'node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n',
    );
  });

  it('and Forbidden otherwise, worded as the real API server words it', async () => {
    expect(await h.kubectl(['get', 'pods', '--as=jane'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    });
    expect(await h.kubectl(['delete', 'pod', 'p', '-n', 'dev', '--as=jane'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods "p" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "dev"\n',
    });
    expect(await h.kubectl(['get', 'nodes', '--as=jane'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope\n',
    });
    expect(
      await h.kubectl(['get', 'deployments', '-n', 'dev', '--as=system:serviceaccount:dev:bot']),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): deployments.apps is forbidden: User "system:serviceaccount:dev:bot" cannot list resource "deployments" in API group "apps" in the namespace "dev"\n',
    });
    expect(h.cluster.client.get('pods', 'dev', 'p')).toBeDefined();
  });
});
