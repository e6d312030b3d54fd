/**
 * `cadet serve` judged by real kubectl 1.32: the server starts, writes a kubeconfig, answers the
 * commands of the course's first labs, and keeps its state across a restart.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseServeArgs, serve, type Served } from '../../src/hosts/serve';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const dir = mkdtempSync(join(tmpdir(), 'cadet-serve-'));
const kubeconfigPath = join(dir, 'kubeconfig');
const statePath = join(dir, 'state.json');
let served: Served | undefined;

/** Runs real kubectl (asynchronously: the server answers from this same process). */
function kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    // A private HOME keeps kubectl's discovery cache out of the user's.
    const child = spawn(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfigPath, HOME: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
  });
}

async function start(): Promise<Served> {
  const options = parseServeArgs(['--port', '0', '--kubeconfig', kubeconfigPath, '--state', statePath], dir);
  return serve(options, () => {});
}

beforeAll(async () => {
  served = await start();
});
afterAll(async () => {
  await served?.stop();
});

describe.runIf(existsSync(KUBECTL))('cadet serve with real kubectl', () => {
  it('writes a kubeconfig with the context cadet pointing at the server', () => {
    const config = parse(readFileSync(kubeconfigPath, 'utf8'));
    expect(config['current-context']).toBe('cadet');
    expect(config.clusters[0].cluster.server).toBe(served!.server.url);
  });

  it('reports Kubernetes v1.32 to kubectl version', async () => {
    const r = await kubectl('version', '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).serverVersion.gitVersion).toMatch(/^v1\.32\./);
  });

  it('lists the default topology: a control plane and three workers', async () => {
    const r = await kubectl('get', 'nodes', '-o', 'name');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('creates a Deployment with kubectl create (a protobuf body) and rolls it out', async () => {
    const created = await kubectl('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3');
    expect(created).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    const rollout = await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
    expect(rollout.code).toBe(0);
    expect(rollout.stdout.trim().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    const pods = JSON.parse((await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).stdout) as {
      items: { status: { phase: string } }[];
    };
    expect(pods.items.map((p) => p.status.phase)).toEqual(['Running', 'Running', 'Running']);
  });

  it('answers errors as kubectl expects them', async () => {
    expect(await kubectl('get', 'pod', 'nope')).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
    const again = await kubectl('create', 'deployment', 'web', '--image=nginx:1.27');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
  });

  it('scales through the scale subresource', async () => {
    expect(await kubectl('scale', 'deployment', 'web', '--replicas=5')).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web scaled\n',
    });
    expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).code).toBe(0);
    expect((await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}')).stdout).toBe(
      '5',
    );
  });

  it('keeps the cluster across a restart with --state', async () => {
    await served!.stop();
    served = await start();
    const r = await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}');
    expect(r).toMatchObject({ code: 0, stdout: '5' });
  });
});

describe('cadet serve arguments', () => {
  it('has the documented defaults', () => {
    expect(parseServeArgs([], '/w')).toEqual({
      port: 6443,
      host: '127.0.0.1',
      kubeconfig: '/w/.cadet/kubeconfig',
      topology: 'default',
      speed: 1,
      seed: 1,
    });
  });
  it('says what is wrong with a bad flag', () => {
    expect(() => parseServeArgs(['--port', 'x'], '/w')).toThrow(
      'invalid value "x" for --port: expected a number from 0 to 65535',
    );
    expect(() => parseServeArgs(['--prot', '1'], '/w')).toThrow('unknown flag: --prot');
    expect(() => parseServeArgs(['--state'], '/w')).toThrow('flag needs an argument: --state');
  });
});
