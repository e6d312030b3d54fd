/**
 * `kubectl top node|pod`: CPU and memory from metrics.k8s.io, in kubectl's columns and units
 * (`150m`, `823Mi`, `7%`), sorted by name or `--sort-by=cpu|memory`, with `--containers`, `-A`,
 * `-l`, `--sum`, `--no-headers`, `--show-capacity`; `error: Metrics API not available` when the
 * server does not serve metrics.k8s.io/v1beta1.
 */
import type { KubeObject } from '../../cluster/types.js';
import {
  addQuantity,
  integerValue,
  milliValue,
  tryParseQuantity,
  zeroQuantity,
  type Quantity,
} from '../../cluster/machinery/quantity.js';
import { parseRfc3339 } from '../../cluster/machinery/timestamps.js';
import type { ObjectList } from '../client.js';
import { register } from '../command-list.js';
import { goSort } from '../describe/go-sort.js';
import { TabWriter } from '../describe/tabwriter.js';
import { KubectlError, UsageError } from '../errors.js';
import { ALL_NAMESPACES, FIELD_SELECTOR, NO_HEADERS, SELECTOR } from '../flags.js';
import type { CommandContext, CommandSpec } from '../types.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METRICS = '/apis/metrics.k8s.io/v1beta1';

interface Usage {
  cpu: Quantity;
  memory: Quantity;
}

function usageOf(raw: unknown): Usage {
  const u = (raw ?? {}) as Obj;
  return {
    cpu: tryParseQuantity(u.cpu) ?? zeroQuantity(),
    memory: tryParseQuantity(u.memory) ?? zeroQuantity(),
  };
}

function sum(list: Usage[]): Usage {
  return list.reduce(
    (acc, u) => ({ cpu: addQuantity(acc.cpu, u.cpu), memory: addQuantity(acc.memory, u.memory) }),
    { cpu: zeroQuantity(), memory: zeroQuantity() },
  );
}

function cpuText(q: Quantity): string {
  return `${milliValue(q)}m`;
}

function memoryText(q: Quantity): string {
  return `${Math.trunc(integerValue(q) / (1024 * 1024))}Mi`;
}

function fraction(q: Quantity, available: Quantity): string {
  return `${Math.trunc((milliValue(q) / milliValue(available)) * 100)}%`;
}

/** kubectl top's tabwriter (Go's text/tabwriter, min width 6, padding 3; every cell tab-terminated). */
function table(): { row(cells: string[]): void; text(): string } {
  const w = new TabWriter({ minWidth: 6, padding: 3 });
  return {
    row: (cells) => w.write(`${cells.map((c) => `${c}\t`).join('')}\n`),
    text: () => {
      w.flush();
      return w.output();
    },
  };
}

async function requireMetrics(ctx: CommandContext): Promise<void> {
  const resolver = await ctx.client.resources();
  if (!resolver.all.some((r) => r.group === 'metrics.k8s.io' && r.version === 'v1beta1'))
    throw new KubectlError('Metrics API not available');
}

function sortBy(ctx: CommandContext): string {
  const s = ctx.flags.string('sort-by');
  if (s && s !== 'cpu' && s !== 'memory') throw new KubectlError('--sort-by accepts only cpu or memory');
  return s;
}

function query(ctx: CommandContext, withFields: boolean): string {
  const params = new URLSearchParams();
  if (ctx.flags.string('selector')) params.set('labelSelector', ctx.flags.string('selector'));
  if (withFields && ctx.flags.string('field-selector'))
    params.set('fieldSelector', ctx.flags.string('field-selector'));
  const q = params.toString();
  return q ? `?${q}` : '';
}

async function topNodes(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0];
  if (ctx.args.length > 1) throw new UsageError('node [NAME | -l label]');
  if (name && ctx.flags.string('selector'))
    throw new KubectlError('only one of NAME or --selector can be provided');
  const order = sortBy(ctx);
  await requireMetrics(ctx);
  let metrics: KubeObject[];
  let nodes: KubeObject[];
  if (name) {
    metrics = [await ctx.client.get<KubeObject>(`${METRICS}/nodes/${encodeURIComponent(name)}`)];
    nodes = [await ctx.client.get<KubeObject>(`/api/v1/nodes/${encodeURIComponent(name)}`)];
  } else {
    metrics = (await ctx.client.get<ObjectList>(`${METRICS}/nodes${query(ctx, false)}`)).items ?? [];
    nodes = (await ctx.client.get<ObjectList>(`/api/v1/nodes${query(ctx, false)}`)).items ?? [];
  }
  if (metrics.length === 0) throw new KubectlError('metrics not available yet');
  const capacity = ctx.flags.bool('show-capacity');
  const available = new Map<string, Usage>();
  for (const n of nodes) {
    const status = (n.status ?? {}) as Obj;
    available.set(n.metadata.name ?? '', usageOf(capacity ? status.capacity : status.allocatable));
  }
  const rows = metrics.map((m) => ({ name: m.metadata.name ?? '', usage: usageOf((m as Obj).usage) }));
  const sorted = goSort(rows, (a, b) =>
    order === 'cpu'
      ? milliValue(a.usage.cpu) > milliValue(b.usage.cpu)
      : order === 'memory'
        ? integerValue(a.usage.memory) > integerValue(b.usage.memory)
        : a.name < b.name,
  );
  const t = table();
  if (!ctx.flags.bool('no-headers')) t.row(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  for (const r of sorted) {
    const avail = available.get(r.name);
    const cells = [r.name, cpuText(r.usage.cpu)];
    if (avail) cells.push(fraction(r.usage.cpu, avail.cpu));
    cells.push(memoryText(r.usage.memory));
    if (avail) cells.push(fraction(r.usage.memory, avail.memory));
    t.row(cells);
    available.delete(r.name);
  }
  for (const missing of available.keys()) t.row([missing, '<unknown>', '\t', '<unknown>', '\t']);
  ctx.out(t.text());
  return 0;
}

/** Go's Duration.String() for a positive duration in milliseconds (`2m5.5s`, `1h0m0s`). */
function goDuration(ms: number): string {
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = Number((totalSeconds % 60).toFixed(3)).toString();
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Why there are no pod metrics (verifyEmptyMetrics): pods older than two minutes should have some. */
async function emptyMetricsError(
  ctx: CommandContext,
  name: string | undefined,
  ns: string | undefined,
): Promise<void> {
  const pods = name
    ? [
        await ctx.client.get<KubeObject>(
          `/api/v1/namespaces/${encodeURIComponent(ctx.namespace)}/pods/${encodeURIComponent(name)}`,
        ),
      ]
    : ((
        await ctx.client.get<ObjectList>(
          `${ns ? `/api/v1/namespaces/${encodeURIComponent(ns)}` : '/api/v1'}/pods${query(ctx, true)}`,
        )
      ).items ?? []);
  if (pods.length === 0) return;
  for (const pod of pods) {
    const age = ctx.env.now() - (parseRfc3339(pod.metadata.creationTimestamp) ?? ctx.env.now());
    if (age > 120_000)
      throw new KubectlError(
        `Metrics not available for pod ${pod.metadata.namespace}/${pod.metadata.name}, age: ${goDuration(age)}`,
      );
  }
  throw new KubectlError('metrics not available yet');
}

async function topPods(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0];
  if (ctx.args.length > 1) throw new UsageError('pod [NAME | -l label]');
  if (name && ctx.flags.string('selector'))
    throw new KubectlError('only one of NAME or --selector can be provided');
  const order = sortBy(ctx);
  await requireMetrics(ctx);
  const allNs = ctx.flags.bool('all-namespaces');
  const ns = allNs ? undefined : ctx.namespace;
  let metrics: KubeObject[];
  if (name) {
    metrics = [
      await ctx.client.get<KubeObject>(
        `${METRICS}/namespaces/${encodeURIComponent(ctx.namespace)}/pods/${encodeURIComponent(name)}`,
      ),
    ];
  } else {
    const base = ns ? `${METRICS}/namespaces/${encodeURIComponent(ns)}/pods` : `${METRICS}/pods`;
    metrics = (await ctx.client.get<ObjectList>(base + query(ctx, true))).items ?? [];
  }
  if (metrics.length === 0) {
    await emptyMetricsError(ctx, name, ns);
    ctx.err(allNs ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
    return 0;
  }
  const pods = metrics.map((m) => {
    const containers = (((m as Obj).containers ?? []) as Obj[]).map((c) => ({
      name: String(c.name ?? ''),
      usage: usageOf(c.usage),
    }));
    return {
      namespace: m.metadata.namespace ?? '',
      name: m.metadata.name ?? '',
      containers,
      usage: sum(containers.map((c) => c.usage)),
    };
  });
  // kubectl sorts with Go's (unstable) sort.Sort: ties keep the order its swaps leave.
  const byUsage = (a: { usage: Usage }, b: { usage: Usage }): boolean =>
    order === 'cpu'
      ? milliValue(a.usage.cpu) > milliValue(b.usage.cpu)
      : integerValue(a.usage.memory) > integerValue(b.usage.memory);
  const sorted = goSort(pods, (a, b) =>
    order
      ? byUsage(a, b)
      : allNs && a.namespace !== b.namespace
        ? a.namespace < b.namespace
        : a.name < b.name,
  );
  const containers = ctx.flags.bool('containers');
  const t = table();
  let columns = 3;
  if (!ctx.flags.bool('no-headers')) {
    const head: string[] = [];
    if (allNs) {
      head.push('NAMESPACE');
      columns++;
    }
    if (containers) {
      head.push('POD');
      columns++;
    }
    t.row([...head, 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  } else {
    if (allNs) columns++;
    if (containers) columns++;
  }
  for (const p of sorted) {
    const lead = allNs ? [p.namespace] : [];
    if (containers) {
      const list = goSort(p.containers, (a, b) => (order ? byUsage(a, b) : a.name < b.name));
      for (const c of list)
        t.row([...lead, p.name, c.name, cpuText(c.usage.cpu), memoryText(c.usage.memory)]);
    } else {
      t.row([...lead, p.name, cpuText(p.usage.cpu), memoryText(p.usage.memory)]);
    }
  }
  if (ctx.flags.bool('sum')) {
    const total = sum(pods.map((p) => p.usage));
    t.row([...Array<string>(columns - 2).fill(''), '________', '________']);
    t.row([...Array<string>(columns - 3).fill(''), '', cpuText(total.cpu), memoryText(total.memory)]);
  }
  ctx.out(t.text());
  return 0;
}

const top: CommandSpec = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  group: 'Cluster Management Commands',
  usage: 'top [flags] [options]',
  long: `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.`,
  subcommands: [
    {
      name: 'node',
      aliases: ['nodes', 'no'],
      short: 'Display resource (CPU/memory) usage of nodes',
      usage: 'top node [NAME | -l label] [options]',
      long: `Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.`,
      examples: `  # Show metrics for all nodes
  kubectl top node

  # Show metrics for a given node
  kubectl top node NODE_NAME`,
      flags: [
        NO_HEADERS,
        SELECTOR,
        {
          name: 'show-capacity',
          type: 'bool',
          usage: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.',
        },
        {
          name: 'sort-by',
          type: 'string',
          usage:
            "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.",
        },
        {
          name: 'use-protocol-buffers',
          type: 'bool',
          default: 'true',
          usage: 'Enables using protocol-buffers to access Metrics API.',
        },
      ],
      run: topNodes,
    },
    {
      name: 'pod',
      aliases: ['pods', 'po'],
      short: 'Display resource (CPU/memory) usage of pods',
      usage: 'top pod [NAME | -l label] [options]',
      long: `Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.`,
      examples: `  # Show metrics for all pods in the default namespace
  kubectl top pod

  # Show metrics for all pods in the given namespace
  kubectl top pod --namespace=NAMESPACE

  # Show metrics for a given pod and its containers
  kubectl top pod POD_NAME --containers

  # Show metrics for the pods defined by label name=myLabel
  kubectl top pod -l name=myLabel`,
      flags: [
        ALL_NAMESPACES,
        { name: 'containers', type: 'bool', usage: 'If present, print usage of containers within a pod.' },
        FIELD_SELECTOR,
        NO_HEADERS,
        SELECTOR,
        {
          name: 'sort-by',
          type: 'string',
          usage:
            "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.",
        },
        { name: 'sum', type: 'bool', usage: 'Print the sum of the resource usage' },
        {
          name: 'use-protocol-buffers',
          type: 'bool',
          default: 'true',
          usage: 'Enables using protocol-buffers to access Metrics API.',
        },
      ],
      run: topPods,
    },
  ],
};

register(top);
