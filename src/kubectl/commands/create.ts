/**
 * `kubectl create -f FILE` and the generators: `create deployment|namespace|configmap|secret
 * generic|tls|docker-registry|service clusterip|nodeport|loadbalancer|externalname|job|cronjob`.
 * Objects are built by ../generators (as real kubectl builds them) and POSTed with
 * `fieldManager=kubectl-create`; `--dry-run=client -o yaml|json` prints them unsent.
 */
import type { KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';
import {
  ALLOW_MISSING_TEMPLATE_KEYS,
  DRY_RUN,
  FIELD_MANAGER,
  FILENAME,
  KUSTOMIZE,
  OUTPUT,
  RECURSIVE,
  SELECTOR,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
  VALIDATE,
} from '../flags.js';
import { collectionUrl, kindPrefix, type ApiResource } from '../resources.js';
import type { CommandContext, CommandSpec, FlagSpec } from '../types.js';
import {
  configMapObject,
  createServiceObject,
  cronJobObject,
  deploymentObject,
  dockerRegistrySecretObject,
  genericSecretObject,
  jobFromCronJob,
  jobObject,
  namespaceObject,
  tlsSecretObject,
  type CreateServiceOptions,
} from '../generators/index.js';
import { withLastApplied } from '../apply/last-applied.js';
import {
  dryRunOf,
  manifestTargets,
  printChanged,
  targetName,
  withQuery,
  type DryRun,
} from '../apply/targets.js';
import { fieldValidation, reportErrors, withSource } from './apply.js';
import { ApiError } from '../../cluster/types.js';

type Obj = Record<string, unknown>;

/** Go's json.MarshalIndent of a typed object: fields in struct order (as built), four spaces. */
export function orderedJson(value: unknown): string {
  const text = JSON.stringify(value, null, 4).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}

const OUTPUT_FLAGS: FlagSpec[] = [
  OUTPUT(),
  DRY_RUN,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
  ALLOW_MISSING_TEMPLATE_KEYS,
  VALIDATE,
  FIELD_MANAGER('kubectl-create'),
  {
    name: 'save-config',
    type: 'bool',
    usage: 'If true, the configuration of current object will be saved in its annotation.',
  },
];

function oneName(ctx: CommandContext): string {
  if (ctx.args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${ctx.args.length}`);
  return ctx.args[0]!;
}

function requireFlag(ctx: CommandContext, name: string): void {
  if (!ctx.flags.has(name)) throw new KubectlError(`required flag(s) "${name}" not set`);
}

/** POSTs (or, with --dry-run=client, only prints) a generated object. */
async function sendGenerated(
  ctx: CommandContext,
  obj: Obj,
  resourceName: string,
  failure?: (message: string) => string,
): Promise<number> {
  const dryRun = dryRunOf(ctx);
  const resolver = await ctx.client.resources();
  const resource = resolver.resolve(resourceName);
  if (resource.namespaced && ctx.namespaceExplicit) (obj.metadata as Obj).namespace = ctx.namespace;
  let body: Obj = obj;
  if (ctx.flags.bool('save-config')) body = withLastApplied(obj).object;
  const name = String((obj.metadata as Obj).name);
  const label = `${kindPrefix(resource)}/${name}`;
  if (dryRun === 'client') {
    printGenerated(ctx, body as unknown as KubeObject, label, dryRun);
    return 0;
  }
  let created: KubeObject;
  try {
    created = await ctx.client.request<KubeObject>(
      'POST',
      withQuery(collectionUrl(resource, resource.namespaced ? ctx.namespace : undefined), {
        fieldManager: ctx.flags.string('field-manager') || 'kubectl-create',
        fieldValidation: fieldValidation(ctx),
        dryRun: dryRun === 'server' ? 'All' : undefined,
      }),
      { body },
    );
  } catch (e) {
    if (e instanceof ApiError && failure) throw new KubectlError(failure(e.status.message));
    throw e;
  }
  printChanged(ctx, created, label, 'created', dryRun);
  return 0;
}

function printGenerated(ctx: CommandContext, obj: KubeObject, label: string, dryRun: DryRun): void {
  if (ctx.flags.has('output') && ctx.flags.string('output') === 'json') ctx.out(orderedJson(obj));
  else printChanged(ctx, obj, label, 'created', dryRun);
}

const sub = (spec: Omit<CommandSpec, 'flags'> & { flags?: FlagSpec[] }): CommandSpec => ({
  ...spec,
  flags: [...(spec.flags ?? []), ...OUTPUT_FLAGS],
});

const deployment = sub({
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  usage: 'create deployment NAME --image=image -- [COMMAND] [args...] [options]',
  flags: [
    {
      name: 'image',
      type: 'stringSlice',
      usage: 'Image names to run. A deployment can have multiple images set for multi-container pod.',
    },
    {
      name: 'replicas',
      short: 'r',
      type: 'int',
      default: '1',
      usage: 'Number of replicas to create. Default is 1.',
    },
    { name: 'port', type: 'int', default: '-1', usage: 'The containerPort that this deployment exposes.' },
  ],
  async run(ctx) {
    requireFlag(ctx, 'image');
    const name = oneName(ctx);
    const obj = deploymentObject({
      name,
      images: ctx.flags.list('image'),
      replicas: ctx.flags.int('replicas'),
      port: ctx.flags.int('port'),
      command: ctx.dashArgs,
    });
    return sendGenerated(ctx, obj, 'deployments.apps', (m) => `failed to create deployment: ${m}`);
  },
});

const namespace = sub({
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  usage: 'create namespace NAME [--dry-run=server|client|none] [options]',
  async run(ctx) {
    const name = oneName(ctx);
    return sendGenerated(ctx, namespaceObject(name), 'namespaces');
  },
});

const SOURCE_FLAGS: FlagSpec[] = [
  {
    name: 'from-literal',
    type: 'stringArray',
    usage: 'Specify a key and literal value to insert (i.e. mykey=somevalue)',
  },
  {
    name: 'from-file',
    type: 'stringSlice',
    usage:
      'Key file can be specified using its file path, in which case file basename will be used as key, or optionally with a key and file path, in which case the given key will be used.',
  },
  {
    name: 'from-env-file',
    type: 'stringArray',
    usage: 'Specify the path to a file to read lines of key=val pairs to create a configmap.',
  },
  { name: 'append-hash', type: 'bool', usage: 'Append a hash of the configmap to its name.' },
];

function sources(ctx: CommandContext) {
  return {
    literals: ctx.flags.list('from-literal'),
    files: ctx.flags.list('from-file'),
    envFiles: ctx.flags.list('from-env-file'),
  };
}

const configmap = sub({
  name: 'configmap',
  aliases: ['cm'],
  short: 'Create a config map from a local file, directory or literal value',
  usage:
    'create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]',
  flags: SOURCE_FLAGS,
  async run(ctx) {
    const name = oneName(ctx);
    const obj = await configMapObject(name, sources(ctx), ctx.env.fs);
    return sendGenerated(ctx, obj, 'configmaps', (m) => `failed to create configmap: ${m}`);
  },
});

const secretGeneric = sub({
  name: 'generic',
  short: 'Create a secret from a local file, directory, or literal value',
  usage:
    'create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]',
  flags: [...SOURCE_FLAGS, { name: 'type', type: 'string', usage: 'The type of secret to create' }],
  async run(ctx) {
    const name = oneName(ctx);
    const obj = await genericSecretObject(
      name,
      sources(ctx),
      ctx.flags.string('type') || undefined,
      ctx.env.fs,
    );
    return sendGenerated(ctx, obj, 'secrets', (m) => `failed to create secret ${m}`);
  },
});

async function readRequired(ctx: CommandContext, path: string): Promise<string> {
  const text = ctx.env.fs ? await ctx.env.fs.readFile(path) : undefined;
  if (text === undefined)
    throw new KubectlError(`Cannot read file ${path}, open ${path}: no such file or directory`);
  return text;
}

const secretTls = sub({
  name: 'tls',
  short: 'Create a TLS secret',
  usage:
    'create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] [options]',
  flags: [
    { name: 'cert', type: 'string', usage: 'Path to PEM encoded public key certificate.' },
    { name: 'key', type: 'string', usage: 'Path to private key associated with given certificate.' },
  ],
  async run(ctx) {
    const name = oneName(ctx);
    const cert = await readRequired(ctx, ctx.flags.string('cert'));
    const key = await readRequired(ctx, ctx.flags.string('key'));
    return sendGenerated(
      ctx,
      tlsSecretObject(name, cert, key),
      'secrets',
      (m) => `failed to create secret ${m}`,
    );
  },
});

const secretDocker = sub({
  name: 'docker-registry',
  short: 'Create a secret for use with a Docker registry',
  usage:
    'create secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]',
  flags: [
    {
      name: 'docker-server',
      type: 'string',
      default: 'https://index.docker.io/v1/',
      usage: 'Server location for Docker registry',
    },
    { name: 'docker-username', type: 'string', usage: 'Username for Docker registry authentication' },
    { name: 'docker-password', type: 'string', usage: 'Password for Docker registry authentication' },
    { name: 'docker-email', type: 'string', usage: 'Email for Docker registry' },
  ],
  async run(ctx) {
    const name = oneName(ctx);
    requireFlag(ctx, 'docker-username');
    requireFlag(ctx, 'docker-password');
    const obj = dockerRegistrySecretObject(name, {
      server: ctx.flags.string('docker-server'),
      username: ctx.flags.string('docker-username'),
      password: ctx.flags.string('docker-password'),
      email: ctx.flags.string('docker-email'),
    });
    return sendGenerated(ctx, obj, 'secrets', (m) => `failed to create secret ${m}`);
  },
});

const secret: CommandSpec = {
  name: 'secret',
  short: 'Create a secret using a specified subcommand',
  usage: 'create secret (docker-registry | generic | tls) [options]',
  subcommands: [secretDocker, secretGeneric, secretTls],
};

function serviceSub(type: CreateServiceOptions['type'], name: string): CommandSpec {
  const flags: FlagSpec[] = [
    { name: 'tcp', type: 'stringSlice', usage: "Port pairs can be specified as '<port>:<targetPort>'." },
  ];
  if (type === 'ClusterIP')
    flags.push({
      name: 'clusterip',
      type: 'string',
      usage: "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
    });
  if (type === 'NodePort')
    flags.push({
      name: 'node-port',
      type: 'int',
      default: '0',
      usage: 'Port used to expose the service on each node in a cluster.',
    });
  if (type === 'ExternalName')
    flags.push({ name: 'external-name', type: 'string', usage: 'External name of service' });
  return sub({
    name,
    short: `Create a ${type} service`,
    usage: `create service ${name} NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]`,
    flags,
    async run(ctx) {
      const svcName = oneName(ctx);
      const obj = createServiceObject({
        type,
        name: svcName,
        tcp: ctx.flags.list('tcp'),
        ...(type === 'ClusterIP' && ctx.flags.string('clusterip')
          ? { clusterIP: ctx.flags.string('clusterip') }
          : {}),
        ...(type === 'NodePort' ? { nodePort: ctx.flags.int('node-port') } : {}),
        ...(type === 'ExternalName' ? { externalName: ctx.flags.string('external-name') } : {}),
      });
      return sendGenerated(ctx, obj, 'services', (m) => `failed to create ${type} service: ${m}`);
    },
  });
}

const service: CommandSpec = {
  name: 'service',
  aliases: ['svc'],
  short: 'Create a service using a specified subcommand',
  usage: 'create service [flags] [options]',
  subcommands: [
    serviceSub('ClusterIP', 'clusterip'),
    serviceSub('ExternalName', 'externalname'),
    serviceSub('LoadBalancer', 'loadbalancer'),
    serviceSub('NodePort', 'nodeport'),
  ],
};

const job = sub({
  name: 'job',
  short: 'Create a job with the specified name',
  usage: 'create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]',
  flags: [
    { name: 'image', type: 'string', usage: 'Image name to run.' },
    {
      name: 'from',
      type: 'string',
      usage: 'The name of the resource to create a Job from (only cronjob is supported).',
    },
  ],
  async run(ctx) {
    const name = oneName(ctx);
    const from = ctx.flags.string('from');
    const image = ctx.flags.string('image');
    if (!from && !image) throw new UsageError('either --image or --from must be specified');
    if (from && image) throw new UsageError('--image and --from are mutually exclusive');
    if (from && ctx.dashArgs.length > 0) throw new UsageError('cannot specify --from and command');
    let obj: Obj;
    if (from) {
      const slash = from.indexOf('/');
      const resolver = await ctx.client.resources();
      const r: ApiResource = resolver.resolve(from.slice(0, slash));
      if (r.resource !== 'cronjobs') throw new KubectlError(`unknown object type ${r.kind}`);
      const cronJob = await ctx.client.get<Obj>(
        `${collectionUrl(r, ctx.namespace)}/${encodeURIComponent(from.slice(slash + 1))}`,
      );
      obj = jobFromCronJob(name, cronJob);
    } else obj = jobObject({ name, image, command: ctx.dashArgs });
    return sendGenerated(ctx, obj, 'jobs.batch', (m) => `failed to create job: ${m}`);
  },
});

const cronjob = sub({
  name: 'cronjob',
  aliases: ['cj'],
  short: 'Create a cron job with the specified name',
  usage:
    "create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
  flags: [
    { name: 'image', type: 'string', usage: 'Image name to run.' },
    { name: 'schedule', type: 'string', usage: 'A schedule in the Cron format the job should be run with.' },
    { name: 'restart', type: 'string', usage: "job's restart policy. supported values: OnFailure, Never" },
  ],
  async run(ctx) {
    requireFlag(ctx, 'image');
    requireFlag(ctx, 'schedule');
    const name = oneName(ctx);
    const obj = cronJobObject({
      name,
      image: ctx.flags.string('image'),
      schedule: ctx.flags.string('schedule'),
      command: ctx.dashArgs,
      ...(ctx.flags.string('restart') ? { restartPolicy: ctx.flags.string('restart') } : {}),
    });
    return sendGenerated(ctx, obj, 'cronjobs.batch', (m) => `failed to create cronjob: ${m}`);
  },
});

register({
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  group: 'Basic Commands (Beginner)',
  usage: 'create -f FILENAME [options]',
  long: 'Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.',
  flags: [
    FILENAME('Filename, directory, or URL to files to use to create the resource'),
    RECURSIVE,
    KUSTOMIZE,
    SELECTOR,
    { name: 'edit', type: 'bool', usage: 'Edit the API resource before creating' },
    { name: 'raw', type: 'string', usage: 'Raw URI to POST to the server.' },
    { name: 'windows-line-endings', type: 'bool', usage: 'Only relevant if --edit=true.' },
    ...OUTPUT_FLAGS,
  ],
  subcommands: [configmap, cronjob, deployment, job, namespace, secret, service],
  async run(ctx) {
    if (ctx.flags.list('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
    if (ctx.args.length > 0) throw new UsageError(`Unexpected args: [${ctx.args.join(' ')}]`);
    const dryRun = dryRunOf(ctx);
    const validation = fieldValidation(ctx);
    const targets = await manifestTargets(ctx, { validate: validation !== 'Ignore' });
    const errors: unknown[] = [];
    for (const t of targets) {
      try {
        let body = t.manifest!.object;
        if (ctx.flags.bool('save-config')) body = withLastApplied(body).object;
        let created = body as unknown as KubeObject;
        if (dryRun !== 'client')
          created = await ctx.client.request<KubeObject>(
            'POST',
            withQuery(collectionUrl(t.resource, t.namespace), {
              fieldManager: ctx.flags.string('field-manager') || 'kubectl-create',
              fieldValidation: validation,
              dryRun: dryRun === 'server' ? 'All' : undefined,
            }),
            { body },
          );
        printChanged(ctx, created, targetName(t), 'created', dryRun);
      } catch (e) {
        errors.push(withSource(e, 'creating', t.manifest!.source));
      }
    }
    return reportErrors(ctx, errors);
  },
});
