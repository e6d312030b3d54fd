/** `kubectl run NAME --image=...`: a Pod as real kubectl builds it (generators/workloads.ts), optionally exposed. */
import type { KubeObject } from '../../cluster/types.js';
import { ApiError } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';
import {
  ALLOW_MISSING_TEMPLATE_KEYS,
  DRY_RUN,
  FIELD_MANAGER,
  OUTPUT,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
} from '../flags.js';
import { collectionUrl } from '../resources.js';
import { podObject } from '../generators/index.js';
import { dryRunOf, printChanged, withQuery } from '../apply/targets.js';
import { orderedJson } from './create.js';

const RESTART = ['Always', 'OnFailure', 'Never'];

register({
  name: 'run',
  short: 'Run a particular image on the cluster',
  group: 'Basic Commands (Beginner)',
  usage:
    'run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  flags: [
    { name: 'image', type: 'string', usage: 'The image for the container to run.' },
    { name: 'port', type: 'string', usage: 'The port that this container exposes.' },
    {
      name: 'labels',
      short: 'l',
      type: 'string',
      usage: 'Comma separated labels to apply to the pod. Will override previous values.',
    },
    { name: 'env', type: 'stringArray', usage: 'Environment variables to set in the container.' },
    { name: 'annotations', type: 'stringArray', usage: 'Annotations to apply to the pod.' },
    {
      name: 'restart',
      type: 'string',
      default: 'Always',
      usage: 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].',
    },
    {
      name: 'command',
      type: 'bool',
      usage:
        "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
    },
    { name: 'image-pull-policy', type: 'string', usage: 'The image pull policy for the container.' },
    {
      name: 'expose',
      type: 'bool',
      usage: 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.',
    },
    {
      name: 'rm',
      type: 'bool',
      usage: 'If true, delete the pod after it exits.  Only valid when attaching to the container.',
    },
    {
      name: 'stdin',
      short: 'i',
      type: 'bool',
      usage: 'Keep stdin open on the container in the pod, even if nothing is attached.',
    },
    { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a TTY for the container in the pod.' },
    {
      name: 'attach',
      type: 'bool',
      usage: 'If true, wait for the Pod to start running, and then attach to the Pod.',
    },
    { name: 'overrides', type: 'string', usage: 'An inline JSON override for the generated object.' },
    { name: 'privileged', type: 'bool', usage: 'If true, run the container in privileged mode.' },
    OUTPUT(),
    DRY_RUN,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    FIELD_MANAGER('kubectl-run'),
  ],
  async run(ctx) {
    if (!ctx.flags.has('image')) throw new KubectlError('required flag(s) "image" not set');
    if (ctx.args.length === 0) throw new UsageError('NAME is required for run');
    if (ctx.flags.bool('stdin') || ctx.flags.bool('tty') || ctx.flags.bool('attach') || ctx.flags.bool('rm'))
      throw new KubectlError(
        "Cadet's kubectl does not support attaching to a pod with run (-i, -t, --rm); create the pod, then use kubectl exec",
      );
    if (ctx.flags.string('overrides')) throw new KubectlError("Cadet's kubectl does not support --overrides");
    const restart = ctx.flags.string('restart');
    if (!RESTART.includes(restart)) throw new UsageError(`invalid restart policy: ${restart}`);
    const name = ctx.args[0]!;
    const portText = ctx.flags.string('port');
    const port = portText === '' ? undefined : Number(portText);
    if (port !== undefined && !Number.isInteger(port))
      throw new KubectlError(`strconv.Atoi: parsing "${portText}": invalid syntax`);
    if (ctx.flags.bool('expose') && port === undefined)
      throw new UsageError('--port must be set when exposing a service');
    const pod = podObject({
      name,
      image: ctx.flags.string('image'),
      ...(port !== undefined ? { port } : {}),
      ...(ctx.flags.string('labels') ? { labels: ctx.flags.string('labels') } : {}),
      env: ctx.flags.list('env'),
      annotations: ctx.flags.list('annotations'),
      restart,
      command: ctx.flags.bool('command'),
      dashArgs: ctx.dashArgs,
      ...(ctx.flags.string('image-pull-policy')
        ? { imagePullPolicy: ctx.flags.string('image-pull-policy') }
        : {}),
    });
    if (ctx.namespaceExplicit) (pod.metadata as Record<string, unknown>).namespace = ctx.namespace;
    const dryRun = dryRunOf(ctx);
    const resolver = await ctx.client.resources();
    const query = {
      fieldManager: ctx.flags.string('field-manager') || 'kubectl-run',
      dryRun: dryRun === 'server' ? 'All' : undefined,
    };
    if (ctx.flags.bool('expose')) {
      const labels = (pod.metadata as { labels: Record<string, string> }).labels;
      const svc = {
        kind: 'Service',
        apiVersion: 'v1',
        metadata: { name, creationTimestamp: null },
        spec: { ports: [{ protocol: 'TCP', port, targetPort: port }], selector: labels },
        status: { loadBalancer: {} },
      };
      let created = svc as unknown as KubeObject;
      if (dryRun !== 'client')
        created = await ctx.client.request<KubeObject>(
          'POST',
          withQuery(collectionUrl(resolver.resolve('services'), ctx.namespace), query),
          { body: svc },
        );
      printChanged(ctx, created, `service/${name}`, 'created', dryRun);
    }
    if (dryRun === 'client') {
      if (ctx.flags.string('output') === 'json') ctx.out(orderedJson(pod));
      else printChanged(ctx, pod as unknown as KubeObject, `pod/${name}`, 'created', dryRun);
      return 0;
    }
    let created: KubeObject;
    try {
      created = await ctx.client.request<KubeObject>(
        'POST',
        withQuery(collectionUrl(resolver.resolve('pods'), ctx.namespace), query),
        { body: pod },
      );
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw e;
    }
    printChanged(ctx, created, `pod/${name}`, 'created', dryRun);
    return 0;
  },
});
