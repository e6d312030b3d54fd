/** A small lab that uses every check type, and two submissions for it, for the grader tests. */
import { loadLab, type Lab } from '../../src/grader/index';

export const LAB_YAML = `title: Every check type
summary: A fixture lab that exercises each check type once.
topics: [T12]
minutes: 5
settle: 30s
tasks:
  - id: objects
    title: Objects
    checks:
      - id: deploy
        title: Deployment web asks for at least 2 replicas
        type: exists
        kind: Deployment
        name: web
        match:
          spec:
            (replicas >= 2): true
        points: 2
        feedback: 'web asks for {found} replicas; expected {expected} (at {path}).'
      - id: no-debug
        title: No debug Pod is left
        type: absent
        kind: Pod
        name: debug
      - id: available
        title: web is Available
        type: condition
        kind: Deployment
        name: web
        condition: { type: Available, status: 'True' }
      - id: scaled
        title: web was scaled
        type: event
        kind: Deployment
        name: web
        reason: ScalingReplicaSet
  - id: running
    title: Pods run
    checks:
      - id: two-running
        title: Two Pods with app=web run
        type: eventually
        within: 1m
        every: 10s
        checks:
          - id: two-running-now
            title: two Running
            type: count
            kind: Pod
            selector: app=web
            match: { status: { phase: Running } }
            equals: 2
      - id: traffic
        title: Both Pods answer
        type: traffic
        service: web
        requests: 40
        distinctPods: 2
        answeredBy: app=web
  - id: files
    title: The file
    checks:
      - id: file-valid
        title: web.yaml has a valid Deployment with 2 replicas
        type: file
        path: web.yaml
        kind: Deployment
        match: { spec: { replicas: 2 } }
  - id: chaos
    title: Healing
    checks:
      - id: heal
        title: A deleted pod comes back
        type: after
        action: { deletePod: { selector: app=web } }
        checks:
          - id: heal-count
            title: two again
            type: eventually
            within: 2m
            checks:
              - id: heal-now
                title: two Running, none terminating
                type: count
                kind: Pod
                selector: app=web
                match: { metadata: { deletionTimestamp: null }, status: { phase: Running } }
                equals: 2
`;

const deployment = (replicas: number, image = 'cadet/hello:1.0') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: hello
          image: ${image}
`;

const service = (targetPort: number) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - port: 80
      targetPort: ${targetPort}
`;

export const GOOD: Record<string, string> = { 'web.yaml': `${deployment(2)}---\n${service(8080)}` };

export const BAD: Record<string, string> = {
  'debug.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: nginx:1.27\n',
  'web.yaml': `${deployment(1)}---\n${service(9090)}`,
};

export function fixtureLab(): Lab {
  const { lab, diagnostics } = loadLab({ 'lab.yaml': LAB_YAML }, { slug: 'every-check' });
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}
