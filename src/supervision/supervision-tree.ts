import { type AgentId, idProblem } from '../protocol/ids.js';
import { seedFrom } from '../protocol/random.js';
import type {
  Backoff,
  ChildRestart,
  ChildSpec,
  RestartFrom,
  RestartIntensity,
  SupervisionStrategy,
  SupervisorSettings,
} from '../protocol/supervision-content.js';
import { SupervisionConfigError } from './supervision-errors.js';

/** A supervised agent: its id, when it is restarted (default `permanent`) and from what (default `fresh`). */
export interface AgentChildSpec {
  readonly agent: AgentId;
  readonly restart?: ChildRestart;
  readonly from?: RestartFrom;
}

/**
 * A supervisor and what it supervises, in start order: agents (by id, or with options) and supervisors.
 * Defaults: `one-for-one`, at most 3 restarts in 5 s, backoff 10 ms doubling to 5 s with 20 % jitter.
 *
 * @example
 * const tree: SupervisorSpec = {
 *   id: 'root',
 *   strategy: 'one-for-all',
 *   children: ['db', { agent: 'cache', from: 'snapshot' }, { id: 'workers', strategy: 'one-for-one', children: ['w1', 'w2'] }],
 * };
 */
export interface SupervisorSpec {
  readonly id: string;
  readonly strategy?: SupervisionStrategy;
  readonly intensity?: Partial<RestartIntensity>;
  readonly backoff?: Partial<Backoff>;
  /** Restart type of this supervisor as a child of its parent. Default `permanent`. */
  readonly restart?: ChildRestart;
  readonly children: readonly (AgentId | AgentChildSpec | SupervisorSpec)[];
}

export const DEFAULT_INTENSITY: RestartIntensity = { maxRestarts: 3, withinMs: 5000 };
export const DEFAULT_BACKOFF: Backoff = { initialMs: 10, factor: 2, maxMs: 5000, jitter: 0.2 };

/** One supervisor of a built tree, with its settings and its children split by type. */
export interface TreeNode {
  readonly settings: SupervisorSettings;
  readonly parent: TreeNode | undefined;
  readonly children: readonly ChildSpec[];
  readonly supervisors: ReadonlyMap<string, TreeNode>;
}

/** A checked tree: every supervisor by id and the supervisor of every agent. */
export interface SupervisionTree {
  readonly root: TreeNode;
  readonly supervisors: ReadonlyMap<string, TreeNode>;
  readonly ownerOf: ReadonlyMap<AgentId, TreeNode>;
}

const isSupervisor = (child: AgentId | AgentChildSpec | SupervisorSpec): child is SupervisorSpec =>
  typeof child === 'object' && 'children' in child;

/**
 * Checks a declared tree and fills in the defaults. Throws {@link SupervisionConfigError} naming the first
 * problem (a bad or repeated id, an agent supervised twice, a backoff that cannot work).
 *
 * @example
 * const tree = buildTree({ id: 'root', children: ['a', 'b'] }, 7);
 */
export function buildTree(spec: SupervisorSpec, seed: number): SupervisionTree {
  const supervisors = new Map<string, TreeNode>();
  const ownerOf = new Map<AgentId, TreeNode>();
  const build = (node: SupervisorSpec, parent: TreeNode | undefined): TreeNode => {
    checkId(node.id, 'supervisor id');
    if (supervisors.has(node.id) || ownerOf.has(node.id)) {
      throw new SupervisionConfigError(
        `'${node.id}' appears twice in the supervision tree; ids must be unique`,
      );
    }
    const children: ChildSpec[] = node.children.map((child) => childSpec(child));
    const settings: SupervisorSettings = {
      id: node.id,
      strategy: node.strategy ?? 'one-for-one',
      intensity: checkIntensity(node.id, { ...DEFAULT_INTENSITY, ...node.intensity }),
      backoff: checkBackoff(node.id, { ...DEFAULT_BACKOFF, ...node.backoff }),
      children,
      ...(parent === undefined ? {} : { parent: parent.settings.id }),
      seed: seedFrom(`${seed}/supervisor:${node.id}`),
    };
    const nested = new Map<string, TreeNode>();
    const self: TreeNode = { settings, parent, children, supervisors: nested };
    supervisors.set(node.id, self);
    for (const child of node.children) {
      if (isSupervisor(child)) {
        nested.set(child.id, build(child, self));
        continue;
      }
      const id = typeof child === 'string' ? child : child.agent;
      checkId(id, `agent id under '${node.id}'`);
      if (ownerOf.has(id) || supervisors.has(id)) {
        throw new SupervisionConfigError(
          `agent '${id}' is supervised twice (under '${ownerOf.get(id)?.settings.id ?? id}' and '${node.id}'); give it one supervisor`,
        );
      }
      ownerOf.set(id, self);
    }
    return self;
  };
  const root = build(spec, undefined);
  return { root, supervisors, ownerOf };
}

/**
 * Every agent under `node`, its own and its supervisors', in start order.
 *
 * @example
 * agentsUnder(tree.root) // ['db', 'w1', 'w2']
 */
export function agentsUnder(node: TreeNode): AgentId[] {
  const out: AgentId[] = [];
  for (const child of node.children) {
    if (child.type === 'agent') out.push(child.id);
    else out.push(...agentsUnder(node.supervisors.get(child.id)!));
  }
  return out;
}

function childSpec(child: AgentId | AgentChildSpec | SupervisorSpec): ChildSpec {
  if (typeof child === 'string') return { id: child, type: 'agent', restart: 'permanent', from: 'fresh' };
  if (isSupervisor(child))
    return { id: child.id, type: 'supervisor', restart: child.restart ?? 'permanent', from: 'fresh' };
  return {
    id: child.agent,
    type: 'agent',
    restart: child.restart ?? 'permanent',
    from: child.from ?? 'fresh',
  };
}

function checkId(id: unknown, what: string): void {
  const problem = idProblem(id, what);
  if (problem !== undefined) throw new SupervisionConfigError(problem);
}

function checkIntensity(id: string, intensity: RestartIntensity): RestartIntensity {
  const { maxRestarts, withinMs } = intensity;
  if (!Number.isInteger(maxRestarts) || maxRestarts < 0 || !(withinMs > 0) || !Number.isFinite(withinMs)) {
    throw new SupervisionConfigError(
      `supervisor '${id}' has intensity ${maxRestarts} restarts in ${withinMs} ms; use a whole number ≥ 0 within a positive, finite time`,
    );
  }
  return intensity;
}

function checkBackoff(id: string, backoff: Backoff): Backoff {
  const { initialMs, factor, maxMs, jitter } = backoff;
  const ok =
    Number.isFinite(initialMs) &&
    initialMs >= 0 &&
    Number.isFinite(factor) &&
    factor >= 1 &&
    Number.isFinite(maxMs) &&
    maxMs >= initialMs &&
    jitter >= 0 &&
    jitter <= 1;
  if (!ok) {
    throw new SupervisionConfigError(
      `supervisor '${id}' has backoff ${JSON.stringify(backoff)}; use initialMs ≥ 0, factor ≥ 1, maxMs ≥ initialMs and jitter between 0 and 1`,
    );
  }
  return backoff;
}
