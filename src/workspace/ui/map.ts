/**
 * The cluster map: nodes grouped by zone, pods on their nodes coloured by state and grouped by
 * workload, unscheduled pods, Services with their endpoints, an events feed, a table view as the
 * text alternative, object details (YAML, events, "why Pending"), and chaos buttons where the
 * lab allows them.
 */
import { el } from './dom.js';
import { layout, podState, topOwner } from '../map-model.js';
import type { ChaosKind, ClusterView, Engine, MapPod, ObjectDetail } from '../engine/types.js';

export interface MapOptions {
  host: HTMLElement;
  engine: () => Engine;
  chaos: () => ChaosKind[];
  status(text: string): void;
}

export class ClusterMap {
  private view?: ClusterView;
  private table = false;
  private showSystem = false;
  private body: HTMLElement;
  private events: HTMLElement;
  private detailBox: HTMLElement;
  private selected?: { kind: string; namespace: string; name: string };

  constructor(private readonly options: MapOptions) {
    this.body = el('div', { class: 'ws-map-body' });
    this.events = el('ol', { class: 'ws-events', 'aria-label': 'Events', 'aria-live': 'polite' });
    this.detailBox = el('section', { class: 'ws-detail', 'aria-label': 'Selected object', hidden: true });
    const tableToggle = el(
      'button',
      { type: 'button', 'aria-pressed': 'false' },
      'Table view',
    ) as HTMLButtonElement;
    tableToggle.addEventListener('click', () => {
      this.table = !this.table;
      tableToggle.setAttribute('aria-pressed', String(this.table));
      this.render();
    });
    const systemToggle = el(
      'button',
      { type: 'button', 'aria-pressed': 'false' },
      'kube-system',
    ) as HTMLButtonElement;
    systemToggle.addEventListener('click', () => {
      this.showSystem = !this.showSystem;
      systemToggle.setAttribute('aria-pressed', String(this.showSystem));
      this.render();
    });
    options.host.append(
      el(
        'div',
        { class: 'ws-toolbar', role: 'toolbar', 'aria-label': 'Cluster map' },
        tableToggle,
        systemToggle,
        el('span', { class: 'ws-clock', 'data-testid': 'cluster-time' }),
      ),
      this.body,
      this.detailBox,
      el('h3', { class: 'ws-subhead' }, 'Events'),
      this.events,
    );
  }

  update(view: ClusterView): void {
    this.view = view;
    this.render();
    if (this.selected)
      void this.showDetail(this.selected.kind, this.selected.namespace, this.selected.name, false);
  }

  /** A chaos button when the lab allows `allowedBy` (undoing an action is allowed with it). */
  private chaosButton(
    kind: ChaosKind,
    target: string,
    label: string,
    allowedBy: ChaosKind = kind,
  ): HTMLElement | undefined {
    if (!this.options.chaos().includes(allowedBy)) return undefined;
    return el(
      'button',
      {
        type: 'button',
        class: 'ws-chaos',
        onclick: (e: Event) => {
          e.stopPropagation();
          this.options
            .engine()
            .chaos({ kind, target })
            .then(
              () => this.options.status(`${label}: done`),
              (err: unknown) => this.options.status(`${label}: ${(err as Error).message}`),
            );
        },
      },
      label,
    );
  }

  private podChip(pod: MapPod): HTMLElement {
    const state = podState(pod);
    return el(
      'button',
      {
        type: 'button',
        class: `ws-pod ws-pod-${state.toLowerCase()}`,
        'data-pod': `${pod.namespace}/${pod.name}`,
        'data-state': state,
        title: `${pod.namespace}/${pod.name}: ${state}${pod.restarts ? `, ${pod.restarts} restarts` : ''}`,
        'aria-label': `Pod ${pod.name}, ${state}`,
        onclick: () => void this.showDetail('Pod', pod.namespace, pod.name),
      },
      pod.name,
    );
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    (this.options.host.querySelector('.ws-clock') as HTMLElement).textContent = `cluster time ${view.time}`;
    this.body.replaceChildren(this.table ? this.renderTable(view) : this.renderMap(view));
    this.events.replaceChildren(
      ...view.events
        .slice(-20)
        .reverse()
        .map((e) =>
          el(
            'li',
            { class: e.type === 'Warning' ? 'ws-event-warning' : '' },
            `${e.time.slice(11, 19)} ${e.type} ${e.reason} ${e.object}: ${e.message}`,
          ),
        ),
    );
  }

  private renderMap(view: ClusterView): HTMLElement {
    const l = layout(view, this.showSystem);
    const groupBox = (g: { owner: string; pods: MapPod[] }): HTMLElement =>
      el(
        'div',
        { class: 'ws-group' },
        g.owner
          ? el(
              'button',
              {
                type: 'button',
                class: 'ws-owner',
                onclick: () => {
                  const [kind, name] = g.owner.split('/') as [string, string];
                  void this.showDetail(kind, g.pods[0]!.namespace, name);
                },
              },
              g.owner,
            )
          : undefined,
        el('div', { class: 'ws-pods' }, ...g.pods.map((p) => this.podChip(p))),
      );
    const map = el(
      'div',
      { class: 'ws-zones', role: 'group', 'aria-label': 'Nodes by zone' },
      ...l.zones.map((z) =>
        el(
          'section',
          { class: 'ws-zone', 'aria-label': `Zone ${z.zone}` },
          el(
            'h3',
            { class: 'ws-subhead' },
            z.zone,
            this.chaosButton('zoneDown', z.zone, `Take ${z.zone} down`),
          ),
          ...z.nodes.map((box) =>
            el(
              'div',
              {
                class: `ws-node ws-node-${box.node.ready.toLowerCase()}`,
                'data-node': box.node.name,
              },
              el(
                'div',
                { class: 'ws-node-head' },
                el(
                  'button',
                  {
                    type: 'button',
                    class: 'ws-owner',
                    onclick: () => void this.showDetail('Node', '', box.node.name),
                  },
                  box.node.name,
                ),
                el(
                  'span',
                  { class: 'ws-node-state' },
                  box.node.ready === 'True' ? 'Ready' : 'NotReady',
                  box.node.unschedulable ? ', cordoned' : '',
                ),
                box.node.role !== 'worker'
                  ? undefined
                  : box.node.ready === 'True'
                    ? this.chaosButton('stopNode', box.node.name, 'Stop')
                    : this.chaosButton('startNode', box.node.name, 'Start', 'stopNode'),
              ),
              ...box.groups.map(groupBox),
            ),
          ),
        ),
      ),
    );
    const pending = l.unscheduled.length
      ? el(
          'section',
          { class: 'ws-unscheduled', 'aria-label': 'Not scheduled' },
          el('h3', { class: 'ws-subhead' }, 'Not on a node'),
          ...l.unscheduled.map(groupBox),
        )
      : undefined;
    const services = view.services.filter((s) => this.showSystem || s.namespace !== 'kube-system');
    const svc = el(
      'section',
      { class: 'ws-services', 'aria-label': 'Services' },
      el('h3', { class: 'ws-subhead' }, 'Services'),
      el(
        'ul',
        {},
        ...services.map((s) =>
          el(
            'li',
            {},
            el(
              'button',
              {
                type: 'button',
                class: 'ws-owner',
                onclick: () => void this.showDetail('Service', s.namespace, s.name),
              },
              `${s.name}`,
            ),
            ` ${s.type} ${s.clusterIP} ${s.ports} → `,
            s.endpoints.length ? s.endpoints.map((e) => e.split('/')[1]).join(', ') : 'no endpoints',
          ),
        ),
      ),
    );
    return el('div', {}, map, pending, svc);
  }

  private renderTable(view: ClusterView): HTMLElement {
    const pods = view.pods.filter((p) => this.showSystem || p.namespace !== 'kube-system');
    const table = (caption: string, head: string[], rows: string[][]): HTMLElement =>
      el(
        'table',
        { class: 'ws-table' },
        el('caption', {}, caption),
        el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
      );
    return el(
      'div',
      {},
      table(
        'Nodes',
        ['Name', 'Zone', 'Role', 'Ready', 'Schedulable'],
        view.nodes.map((n) => [n.name, n.zone, n.role, n.ready, n.unschedulable ? 'no' : 'yes']),
      ),
      table(
        'Pods',
        ['Namespace', 'Name', 'Node', 'State', 'Restarts', 'Owner'],
        pods.map((p) => [
          p.namespace,
          p.name,
          p.node || '(none)',
          podState(p),
          String(p.restarts),
          topOwner(p, view),
        ]),
      ),
      table(
        'Services',
        ['Namespace', 'Name', 'Type', 'Cluster IP', 'Ports', 'Endpoints'],
        view.services
          .filter((s) => this.showSystem || s.namespace !== 'kube-system')
          .map((s) => [s.namespace, s.name, s.type, s.clusterIP, s.ports, s.endpoints.join(', ') || 'none']),
      ),
    );
  }

  private async showDetail(kind: string, namespace: string, name: string, focus = true): Promise<void> {
    this.selected = { kind, namespace, name };
    let detail: ObjectDetail;
    try {
      detail = await this.options.engine().detail(kind, namespace, name);
    } catch (err) {
      this.detailBox.hidden = false;
      this.detailBox.replaceChildren(el('p', {}, (err as Error).message), this.closeButton());
      return;
    }
    const pod =
      kind === 'Pod' ? this.view?.pods.find((p) => p.namespace === namespace && p.name === name) : undefined;
    this.detailBox.hidden = false;
    const parts: (HTMLElement | undefined)[] = [
      el(
        'div',
        { class: 'ws-detail-head' },
        el(
          'h3',
          { class: 'ws-subhead', tabindex: '-1' },
          `${kind} ${namespace ? `${namespace}/` : ''}${name}`,
        ),
        pod ? this.chaosButton('deletePod', `${namespace}/${name}`, 'Delete pod') : undefined,
        this.closeButton(),
      ),
      detail.scheduling
        ? el(
            'div',
            { class: 'ws-why', role: 'note' },
            el('strong', {}, 'Why is this pod Pending? '),
            detail.scheduling.message ?? 'a node fits; the scheduler has not bound it yet.',
            el(
              'ul',
              {},
              ...detail.scheduling.nodes.map((n) =>
                el('li', {}, `${n.node}: ${n.feasible ? 'fits' : n.reasons.join('; ')}`),
              ),
            ),
          )
        : undefined,
      el('pre', { class: 'ws-yaml', tabindex: '0' }, detail.yaml),
      el('h4', {}, 'Events'),
      detail.events.length
        ? el('ul', {}, ...detail.events.map((e) => el('li', {}, `${e.type} ${e.reason}: ${e.message}`)))
        : el('p', {}, 'No events.'),
    ];
    this.detailBox.replaceChildren(...parts.filter((p): p is HTMLElement => !!p));
    if (focus) (this.detailBox.querySelector('h3') as HTMLElement).focus();
  }

  private closeButton(): HTMLElement {
    return el(
      'button',
      {
        type: 'button',
        onclick: () => {
          this.selected = undefined;
          this.detailBox.hidden = true;
        },
      },
      'Close',
    );
  }
}
