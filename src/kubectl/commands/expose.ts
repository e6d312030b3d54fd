/** `kubectl expose (-f FILE | TYPE NAME) --port=...`: a Service over a pod, service, replica set or deployment. */
import type { KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import {
  ALLOW_MISSING_TEMPLATE_KEYS,
  DRY_RUN,
  FIELD_MANAGER,
  FILENAME,
  OUTPUT,
  RECURSIVE,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
} from '../flags.js';
import { collectionUrl } from '../resources.js';
import { exposeServiceObject } from '../generators/index.js';
import {
  argTargets,
  dryRunOf,
  manifestTargets,
  printChanged,
  targetUrl,
  withQuery,
} from '../apply/targets.js';
import { orderedJson } from './create.js';

const EXPOSABLE = ['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'];

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

register({
  name: 'expose',
  short:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  group: 'Basic Commands (Beginner)',
  usage:
    'expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  flags: [
    FILENAME('Filename, directory, or URL to files identifying the resource to expose a service'),
    RECURSIVE,
    { name: 'port', type: 'string', usage: 'The port that the service should serve on.' },
    {
      name: 'target-port',
      type: 'string',
      usage:
        'Name or number for the port on the container that the service should direct traffic to. Optional.',
    },
    {
      name: 'protocol',
      type: 'string',
      usage: "The network protocol for the service to be created. Default is 'TCP'.",
    },
    {
      name: 'type',
      type: 'string',
      usage:
        "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
    },
    { name: 'name', type: 'string', usage: 'The name for the newly created object.' },
    { name: 'selector', type: 'string', usage: 'A label selector to use for this service.' },
    {
      name: 'labels',
      short: 'l',
      type: 'string',
      usage: 'Labels to apply to the service created by this call.',
    },
    { name: 'cluster-ip', type: 'string', usage: 'ClusterIP to be assigned to the service.' },
    {
      name: 'external-ip',
      type: 'string',
      usage: 'Additional external IP address (not managed by Kubernetes) to accept for the service.',
    },
    {
      name: 'session-affinity',
      type: 'string',
      usage:
        "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
    },
    { name: 'load-balancer-ip', type: 'string', usage: 'IP to assign to the LoadBalancer.' },
    {
      name: 'override-type',
      type: 'string',
      default: 'merge',
      usage: 'The method used to override the generated object: json, merge, or strategic.',
    },
    { name: 'overrides', type: 'string', usage: 'An inline JSON override for the generated object.' },
    OUTPUT(),
    DRY_RUN,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    FIELD_MANAGER('kubectl-expose'),
  ],
  async run(ctx) {
    const files = ctx.flags.list('filename');
    if (files.length === 0 && ctx.args.length === 0) throw new KubectlError(NO_RESOURCES);
    if (files.length === 0 && ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
      throw new KubectlError('resource(s) were provided, but no name was specified');
    const dryRun = dryRunOf(ctx);
    const targets =
      files.length > 0 ? await manifestTargets(ctx, { validate: false }) : await argTargets(ctx, ctx.args);
    const resolver = await ctx.client.resources();
    const services = resolver.resolve('services');
    for (const t of targets) {
      const obj = await ctx.client.get<KubeObject>(targetUrl(t));
      if (!EXPOSABLE.includes(obj.kind)) throw new KubectlError(`cannot expose a ${obj.kind}`);
      const flag = (n: string) => (ctx.flags.string(n) ? ctx.flags.string(n) : undefined);
      const svc = exposeServiceObject(obj as unknown as Record<string, unknown>, {
        ...(flag('name') ? { name: flag('name') } : {}),
        ...(flag('port') ? { port: flag('port') } : {}),
        ...(flag('target-port') ? { targetPort: flag('target-port') } : {}),
        ...(flag('type') ? { type: flag('type') } : {}),
        ...(flag('protocol') ? { protocol: flag('protocol') } : {}),
        ...(flag('selector') ? { selector: flag('selector') } : {}),
        ...(flag('labels') ? { labels: flag('labels') } : {}),
        ...(flag('cluster-ip') ? { clusterIP: flag('cluster-ip') } : {}),
        ...(flag('external-ip') ? { externalIP: flag('external-ip') } : {}),
        ...(flag('session-affinity') ? { sessionAffinity: flag('session-affinity') } : {}),
      });
      if (ctx.namespaceExplicit) (svc.metadata as Record<string, unknown>).namespace = ctx.namespace;
      const name = String((svc.metadata as { name: string }).name);
      if (dryRun === 'client') {
        if (ctx.flags.string('output') === 'json') ctx.out(orderedJson(svc));
        else printChanged(ctx, svc as unknown as KubeObject, `service/${name}`, 'exposed', dryRun);
        continue;
      }
      const created = await ctx.client.request<KubeObject>(
        'POST',
        withQuery(collectionUrl(services, t.namespace ?? ctx.namespace), {
          fieldManager: ctx.flags.string('field-manager') || 'kubectl-expose',
          dryRun: dryRun === 'server' ? 'All' : undefined,
        }),
        { body: svc },
      );
      printChanged(ctx, created, `service/${name}`, 'exposed', dryRun);
    }
    return 0;
  },
});
