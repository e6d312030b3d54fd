/** core/v1 Service rules: ports, node ports, names, types, and the immutable cluster IP. */
import {
  type Cause,
  duplicate,
  FieldPath,
  forbidden,
  invalid,
  invalidRendered,
  required,
} from '../field-errors';
import { dns1123Label, dns1123Subdomain, portName, portNumber } from '../names';
import { validateLabels, type Obj } from './meta';

/** The NodePort range a default API server uses. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Service create rules. */
export function validateService(svc: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const s = svc.spec ?? {};
  const type = s.type ?? 'ClusterIP';
  const causes: Cause[] = [];
  const ports: Obj[] = s.ports ?? [];
  const headless = s.clusterIP === 'None';
  if (type === 'ExternalName') {
    if (!s.externalName) causes.push(required(spec.child('externalName')));
    else
      for (const msg of dns1123Subdomain(String(s.externalName).replace(/\.$/, '')))
        causes.push(invalid(spec.child('externalName'), s.externalName, msg));
  } else if (ports.length === 0 && !headless) {
    causes.push(required(spec.child('ports')));
  }
  if (s.clusterIP && s.clusterIP !== 'None' && !IPV4.test(s.clusterIP)) {
    causes.push(
      invalid(
        spec.child('clusterIPs').index(0),
        s.clusterIP,
        'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ),
    );
  }
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    causes.push(
      invalid(spec.child('clusterIPs').index(0), 'None', `may not be set to 'None' for ${type} services`),
    );
  }
  const names = new Set<string>();
  ports.forEach((p: Obj, i: number) => {
    const pp = spec.child('ports').index(i);
    if (ports.length > 1 && !p?.name) causes.push(required(pp.child('name')));
    if (p?.name) {
      // a Service port's name is a DNS-1123 label (kubectl's generators name ports "80-8080");
      // only container ports and named target ports are IANA service names
      for (const msg of dns1123Label(String(p.name))) causes.push(invalid(pp.child('name'), p.name, msg));
      if (names.has(p.name)) causes.push(duplicate(pp.child('name'), p.name));
      names.add(p.name);
    }
    if (typeof p?.port === 'number')
      for (const msg of portNumber(p.port)) causes.push(invalid(pp.child('port'), p.port, msg));
    const tp = p?.targetPort;
    if (typeof tp === 'number')
      for (const msg of portNumber(tp)) causes.push(invalid(pp.child('targetPort'), tp, msg));
    if (typeof tp === 'string')
      for (const msg of portName(tp)) causes.push(invalid(pp.child('targetPort'), tp, msg));
    if (typeof p?.nodePort === 'number' && p.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName')
        causes.push(forbidden(pp.child('nodePort'), `may not be used when \`type\` is '${type}'`));
      else if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
        causes.push(
          invalid(
            pp.child('nodePort'),
            p.nodePort,
            `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
          ),
        );
      }
    }
  });
  const seenNodePorts = new Set<string>();
  ports.forEach((p: Obj, i: number) => {
    if (!p?.nodePort) return;
    const key = `${p.protocol ?? 'TCP'}/${p.nodePort}`;
    if (seenNodePorts.has(key))
      causes.push(duplicate(spec.child('ports').index(i).child('nodePort'), p.nodePort));
    seenNodePorts.add(key);
  });
  if (s.sessionAffinityConfig?.clientIP?.timeoutSeconds !== undefined) {
    const t = s.sessionAffinityConfig.clientIP.timeoutSeconds;
    if (t <= 0 || t > 86400)
      causes.push(
        invalid(
          spec.child('sessionAffinityConfig').child('clientIP').child('timeoutSeconds'),
          t,
          'must be greater than 0 and less than 86400',
        ),
      );
  }
  causes.push(...validateLabels(s.selector, spec.child('selector')));
  return causes;
}

/** A Service's cluster IP cannot change once set (except by becoming or leaving ExternalName). */
export function validateServiceUpdate(svc: Obj, old: Obj): Cause[] {
  const a = svc.spec ?? {};
  const b = old.spec ?? {};
  if (!b.clusterIP || a.type === 'ExternalName' || b.type === 'ExternalName') return [];
  if (a.clusterIP === undefined || a.clusterIP === '' || a.clusterIP === b.clusterIP) return [];
  const ips: string[] = a.clusterIPs ?? [a.clusterIP];
  return [
    invalidRendered(
      'spec.clusterIPs[0]',
      `[]string{${ips.map((ip) => JSON.stringify(ip)).join(', ')}}`,
      'may not change once set',
    ),
  ];
}
