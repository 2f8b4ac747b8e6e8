// The Kubernetes manifests: both overlays render (with `kubectl kustomize` where kubectl is
// installed; otherwise the base files are loaded as YAML), every object validates against the
// Kubernetes schemas (kubernetes-models, KEDA's for ScaledObjects), and every container has
// probes, requests and limits, a pinned image and a locked-down security context.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { parseAllDocuments } from 'yaml';

const K8S = fileURLToPath(new URL('../../../deploy/k8s/', import.meta.url));
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any };

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1/Job': Job,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function render(overlay: string): Obj[] {
  if (hasKubectl) {
    const out = spawnSync('kubectl', ['kustomize', path.join(K8S, 'overlays', overlay)], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    return parseAllDocuments(out.stdout).map((d) => d.toJSON() as Obj);
  }
  // Without kubectl: the base objects as written (the overlays only change counts, sizes and tags).
  const base = path.join(K8S, 'base');
  return fs
    .readdirSync(base)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(base, f), 'utf8')).map((d) => d.toJSON() as Obj))
    .map((o) => (JSON.stringify(o).includes('"image":"crowdhire"') ? JSON.parse(JSON.stringify(o).replace(/"image":"crowdhire"/g, '"image":"ghcr.io/crowdhire/crowdhire:0.1.0"')) : o));
}

/** Every rule a container must keep; returns what it breaks. */
export function containerProblems(owner: string, container: any, podSecurity: any): string[] {
  const problems: string[] = [];
  const name = `${owner}/${container.name}`;
  if (!/:[\w.-]+$|@sha256:[a-f0-9]{64}$/.test(container.image ?? '') || /:latest$/.test(container.image)) problems.push(`${name}: image ${container.image} is not pinned`);
  for (const field of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) if (!container.resources?.[field]?.[resource]) problems.push(`${name}: no ${field}.${resource}`);
  }
  const security = container.securityContext ?? {};
  if (!(security.runAsNonRoot ?? podSecurity?.runAsNonRoot)) problems.push(`${name}: may run as root`);
  if (security.readOnlyRootFilesystem !== true) problems.push(`${name}: writable root file system`);
  if (security.allowPrivilegeEscalation !== false) problems.push(`${name}: privilege escalation allowed`);
  return problems;
}

function probeProblems(owner: string, container: any): string[] {
  return ['livenessProbe', 'readinessProbe'].filter((p) => !container[p]).map((p) => `${owner}/${container.name}: no ${p}`);
}

function check(objects: Obj[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const model = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!model) {
      problems.push(`${o.kind} ${o.metadata.name}: no schema to validate it against`);
      continue;
    }
    try {
      new model(o).validate();
    } catch (error) {
      problems.push(`${o.kind} ${o.metadata.name}: ${(error as Error).message}`);
    }
    const pod = o.kind === 'Deployment' || o.kind === 'Job' ? o.spec.template.spec : null;
    for (const c of pod?.containers ?? []) {
      problems.push(...containerProblems(`${o.kind} ${o.metadata.name}`, c, pod.securityContext));
      // A Job runs to completion: it has no probes to answer.
      if (o.kind === 'Deployment') problems.push(...probeProblems(`${o.kind} ${o.metadata.name}`, c));
    }
  }
  return problems;
}

describe('Kubernetes manifests', () => {
  for (const overlay of ['dev', 'prod']) {
    it(`renders the ${overlay} overlay into valid objects that keep every rule`, () => {
      const objects = render(overlay);
      const kinds = objects.map((o) => o.kind);
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ScaledObject', 'Job', 'ConfigMap']) assert.ok(kinds.includes(kind), `${overlay} has a ${kind}`);
      const workers = objects.filter((o) => o.kind === 'Deployment' && o.metadata.name.startsWith('crowdhire-worker-'));
      assert.deepEqual(
        workers.map((w) => w.spec.template.spec.containers[0].env.find((e: any) => e.name === 'WORKER_QUEUES').value).sort(),
        ['files', 'matching', 'payments,system'],
        'one worker Deployment per role',
      );
      assert.deepEqual(check(objects), []);
      if (hasKubectl) assert.ok(objects.every((o) => o.metadata.namespace === (overlay === 'dev' ? 'crowdhire-dev' : 'crowdhire') || o.kind === 'Namespace'));
    });
  }

  it('refuses a container without probes, limits, a pinned image or a locked-down context', () => {
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'crowdhire:latest', resources: { requests: { cpu: '1' } } }] } } } };
    const problems = check([bad as Obj]);
    for (const expected of ['not pinned', 'no limits.cpu', 'no requests.memory', 'may run as root', 'writable root file system', 'privilege escalation allowed', 'no livenessProbe', 'no readinessProbe']) {
      assert.ok(problems.some((p) => p.includes(expected)), `${expected} in ${problems.join('; ')}`);
    }
  });
});
