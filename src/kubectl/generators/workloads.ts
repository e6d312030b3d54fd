/**
 * The objects kubectl's workload generators build (`create deployment|job|cronjob`, `run`), in the
 * field order of Kubernetes' Go structs, with Go's `omitempty` rules: `creationTimestamp: null`,
 * `resources: {}`, `strategy: {}` and `status: {}` are there because Go prints empty structs.
 */
import { UsageError } from '../errors.js';

type Obj = Record<string, unknown>;

/** A map with its keys sorted, as Go's encoding/json prints a `map[string]string`. */
export function sortedMap(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key]!;
  return out;
}

/** ObjectMeta of a generated object: name, creationTimestamp null, then labels and annotations. */
export function meta(
  name: string,
  labels?: Record<string, string>,
  annotations?: Record<string, string>,
): Obj {
  const m: Obj = { name, creationTimestamp: null };
  if (labels && Object.keys(labels).length > 0) m.labels = sortedMap(labels);
  if (annotations && Object.keys(annotations).length > 0) m.annotations = sortedMap(annotations);
  return m;
}

/** A container in Go field order (name, image, command, args, ports, env, resources). */
export function container(c: {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  port?: number;
  env?: { name: string; value: string }[];
  imagePullPolicy?: string;
}): Obj {
  const out: Obj = { name: c.name, image: c.image };
  if (c.command && c.command.length > 0) out.command = [...c.command];
  if (c.args && c.args.length > 0) out.args = [...c.args];
  if (c.port !== undefined && c.port >= 0) out.ports = [{ containerPort: c.port }];
  if (c.env && c.env.length > 0) out.env = c.env.map((e) => ({ name: e.name, value: e.value }));
  out.resources = {};
  if (c.imagePullPolicy) out.imagePullPolicy = c.imagePullPolicy;
  return out;
}

/** The container name kubectl derives from an image: the last path part without tag or digest. */
export function containerNameFromImage(image: string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  return name;
}

/** Options of `kubectl create deployment`. */
export interface DeploymentOptions {
  name: string;
  images: string[];
  replicas?: number;
  /** `--port`; -1 or absent for none. */
  port?: number;
  /** Arguments after `--`. */
  command?: string[];
}

/** `kubectl create deployment NAME --image=... [--replicas] [--port] [-- command]`. */
export function deploymentObject(o: DeploymentOptions): Obj {
  if (o.images.length === 0) throw new UsageError('required flag(s) "image" not set');
  if (o.images.length > 1 && o.command && o.command.length > 0)
    throw new UsageError('cannot specify multiple --image options and command');
  const labels = { app: o.name };
  const containers = o.images.map((image, i) =>
    container({
      name: containerNameFromImage(image),
      image,
      command: o.command,
      port: i === 0 ? o.port : undefined,
    }),
  );
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: meta(o.name, labels),
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: sortedMap(labels) },
      template: { metadata: { creationTimestamp: null, labels: sortedMap(labels) }, spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

/** `kubectl create namespace NAME`. */
export function namespaceObject(name: string): Obj {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: meta(name), spec: {}, status: {} };
}

/** Options of `kubectl create job`. */
export interface JobOptions {
  name: string;
  image: string;
  command?: string[];
}

function jobSpec(name: string, image: string, command: string[] | undefined, restartPolicy: string): Obj {
  return {
    template: {
      metadata: { creationTimestamp: null },
      spec: { containers: [container({ name, image, command })], restartPolicy },
    },
  };
}

/** `kubectl create job NAME --image=... [-- command]`. */
export function jobObject(o: JobOptions): Obj {
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: meta(o.name),
    spec: jobSpec(o.name, o.image, o.command, 'Never'),
    status: {},
  };
}

/** `kubectl create job NAME --from=cronjob/CJ`: the CronJob's job template, owned by the CronJob. */
export function jobFromCronJob(name: string, cronJob: Obj): Obj {
  const m = (cronJob.metadata ?? {}) as Obj;
  const spec = (cronJob.spec ?? {}) as Obj;
  const template = (spec.jobTemplate ?? {}) as Obj;
  const tmeta = (template.metadata ?? {}) as Obj;
  const annotations: Record<string, string> = { 'cronjob.kubernetes.io/instantiate': 'manual' };
  for (const [k, v] of Object.entries((tmeta.annotations ?? {}) as Record<string, string>))
    annotations[k] = v;
  const metadata: Obj = { name, creationTimestamp: null };
  const labels = tmeta.labels as Record<string, string> | undefined;
  if (labels && Object.keys(labels).length > 0) metadata.labels = sortedMap(labels);
  metadata.annotations = sortedMap(annotations);
  metadata.ownerReferences = [
    { apiVersion: 'batch/v1', kind: 'CronJob', name: m.name, uid: m.uid, controller: true },
  ];
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata,
    spec: structuredClone(template.spec ?? {}),
    status: {},
  };
}

/** Options of `kubectl create cronjob`. */
export interface CronJobOptions extends JobOptions {
  schedule: string;
  restartPolicy?: string;
}

/** `kubectl create cronjob NAME --image=... --schedule=... [-- command]`. */
export function cronJobObject(o: CronJobOptions): Obj {
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: meta(o.name),
    spec: {
      schedule: o.schedule,
      jobTemplate: {
        metadata: { name: o.name, creationTimestamp: null },
        spec: jobSpec(o.name, o.image, o.command, o.restartPolicy ?? 'OnFailure'),
      },
    },
    status: {},
  };
}

/** Options of `kubectl run`. */
export interface RunOptions {
  name: string;
  image: string;
  /** `--port`; absent or -1 for none. */
  port?: number;
  /** `--labels` as given (`a=b,c=d`). */
  labels?: string;
  /** `--env` values (`KEY=VALUE`). */
  env?: string[];
  restart?: string;
  /** `--command`: the arguments after `--` are the command, else they are args. */
  command?: boolean;
  dashArgs?: string[];
  imagePullPolicy?: string;
  annotations?: string[];
}

/** Parses `a=b,c=d` as kubectl's `--labels` does. */
export function parseLabels(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid label spec: ${part}`);
    labels[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return labels;
}

/** `kubectl run NAME --image=...`: a Pod. */
export function podObject(o: RunOptions): Obj {
  const labels = o.labels ? parseLabels(o.labels) : { run: o.name };
  const env = (o.env ?? []).map((e) => {
    const eq = e.indexOf('=');
    if (eq < 0) throw new UsageError(`invalid env: ${e}`);
    return { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  const args = o.dashArgs ?? [];
  const annotations: Record<string, string> = {};
  for (const a of o.annotations ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid annotation spec: ${a}`);
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const restart = o.restart ?? 'Always';
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: meta(o.name, labels, annotations),
    spec: {
      containers: [
        container({
          name: o.name,
          image: o.image,
          command: o.command ? args : undefined,
          args: o.command ? undefined : args,
          port: o.port,
          env,
          imagePullPolicy: o.imagePullPolicy,
        }),
      ],
      restartPolicy: restart,
      dnsPolicy: 'ClusterFirst',
    },
    status: {},
  };
}
