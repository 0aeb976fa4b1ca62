import ElkApi, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ChartNode, ChartTransition } from '../../src/inspect/chart-definition.js';
import { chartNodes } from '../../src/inspect/chart-state.js';

/** A state box, placed. */
export interface PlacedState {
  readonly node: ChartNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Lines drawn inside the box: entry/exit actions, invocations, transitions that stay in the state. */
  readonly lines: readonly string[];
}

/** A transition arrow, placed. */
export interface PlacedEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly transition: ChartTransition;
  readonly points: readonly { x: number; y: number }[];
  readonly label: { readonly text: string; readonly x: number; readonly y: number };
}

export interface PlacedInitial {
  readonly x: number;
  readonly y: number;
  readonly points: readonly { x: number; y: number }[];
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly states: readonly PlacedState[];
  readonly edges: readonly PlacedEdge[];
  readonly initials: readonly PlacedInitial[];
}

const CHAR = 7;
const LINE = 14;
const HEADER = 24;

// elk-api is CommonJS: bundlers hand over the class, TypeScript sees the module object.
type ElkClass = typeof ElkApi.default;
const ELK: ElkClass =
  (ElkApi as unknown as { default?: ElkClass }).default ?? (ElkApi as unknown as ElkClass);
const elk = new ELK({ workerUrl: elkWorkerUrl });
const cache = new Map<string, Promise<ChartLayout>>();

/** The layout of a chart, computed once per chart off the main thread. */
export function layoutChart(key: string, chart: ChartNode): Promise<ChartLayout> {
  let layout = cache.get(key);
  if (layout === undefined) {
    layout = compute(chart);
    cache.set(key, layout);
  }
  return layout;
}

function transitionLabel(t: ChartTransition): string {
  return `${t.label}${t.guard === undefined ? '' : ` [${t.guard}]`}`;
}

function linesOf(node: ChartNode): string[] {
  const lines: string[] = [];
  if (node.entry.length > 0) lines.push(`entry / ${node.entry.join(', ')}`);
  if (node.exit.length > 0) lines.push(`exit / ${node.exit.join(', ')}`);
  for (const invoke of node.invoke) lines.push(`invoke ${invoke}`);
  for (const t of node.transitions) {
    if (t.targets.length === 0) {
      lines.push(`${transitionLabel(t)}${t.actions.length > 0 ? ` / ${t.actions.join(', ')}` : ''}`);
    }
  }
  return lines;
}

function textWidth(text: string): number {
  return Math.min(360, text.length * CHAR + 16);
}

function toElk(
  node: ChartNode,
  edges: ElkExtendedEdge[],
  transitions: Map<string, ChartTransition>,
): ElkNode {
  const lines = linesOf(node);
  const width = Math.max(90, textWidth(node.key) + 20, ...lines.map(textWidth));
  const header = HEADER + lines.length * LINE;
  node.transitions.forEach((t, index) => {
    t.targets.forEach((target, n) => {
      const id = `${node.id}|${index}|${n}`;
      transitions.set(id, t);
      const text = transitionLabel(t);
      edges.push({
        id,
        sources: [node.id],
        targets: [target],
        labels: [{ text, width: textWidth(text), height: LINE }],
      });
    });
  });
  const children = node.children.map((child) => toElk(child, edges, transitions));
  if (node.initial !== undefined) {
    const marker = `${node.id}|initial`;
    children.unshift({ id: marker, width: 10, height: 10 });
    edges.push({ id: `${marker}|edge`, sources: [marker], targets: [node.initial] });
  }
  if (children.length === 0) return { id: node.id, width, height: header + 6 };
  return {
    id: node.id,
    children,
    layoutOptions: {
      'elk.padding': `[top=${header + 8},left=14,bottom=14,right=14]`,
      'elk.nodeSize.minimum': `(${width}, ${header + 20})`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
    },
  };
}

async function compute(chart: ChartNode): Promise<ChartLayout> {
  const edges: ElkExtendedEdge[] = [];
  const transitions = new Map<string, ChartTransition>();
  const root = toElk(chart, edges, transitions);
  const graph: ElkNode = {
    id: '__graph',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
      'elk.padding': '[top=10,left=10,bottom=10,right=10]',
    },
    children: [root],
    edges,
  };
  const laid = await elk.layout(graph);
  return place(laid, chart, transitions);
}

function place(laid: ElkNode, chart: ChartNode, transitions: Map<string, ChartTransition>): ChartLayout {
  const byId = new Map(chartNodes(chart).map((node) => [node.id, node]));
  const origin = new Map<string, { x: number; y: number }>([['__graph', { x: 0, y: 0 }]]);
  const states: PlacedState[] = [];
  const markers = new Map<string, { x: number; y: number }>();
  const walk = (node: ElkNode, ox: number, oy: number) => {
    const x = ox + (node.x ?? 0);
    const y = oy + (node.y ?? 0);
    origin.set(node.id, { x, y });
    const state = byId.get(node.id);
    if (state !== undefined) {
      states.push({
        node: state,
        x,
        y,
        width: node.width ?? 0,
        height: node.height ?? 0,
        lines: linesOf(state),
      });
    } else if (node.id.endsWith('|initial')) {
      markers.set(node.id, { x: x + 5, y: y + 5 });
    }
    for (const child of node.children ?? []) walk(child, x, y);
  };
  for (const child of laid.children ?? []) walk(child, 0, 0);
  const edges: PlacedEdge[] = [];
  const initials: PlacedInitial[] = [];
  for (const edge of collectEdges(laid)) {
    const base = origin.get(edge.container ?? '__graph') ?? { x: 0, y: 0 };
    const points = (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
    const shifted = points.map((p) => ({ x: p.x + base.x, y: p.y + base.y }));
    if (edge.id.endsWith('|initial|edge')) {
      const marker = markers.get(edge.sources[0]!);
      if (marker !== undefined) initials.push({ x: marker.x, y: marker.y, points: shifted });
      continue;
    }
    const transition = transitions.get(edge.id);
    const label = edge.labels?.[0];
    if (transition === undefined) continue;
    edges.push({
      id: edge.id,
      source: edge.sources[0]!,
      target: edge.targets[0]!,
      transition,
      points: shifted,
      label: {
        text: label?.text ?? '',
        x: base.x + (label?.x ?? shifted[0]?.x ?? 0),
        y: base.y + (label?.y ?? shifted[0]?.y ?? 0),
      },
    });
  }
  return { width: laid.width ?? 0, height: laid.height ?? 0, states, edges, initials };
}

function collectEdges(node: ElkNode): ElkExtendedEdge[] {
  const out = [...(node.edges ?? [])];
  for (const child of node.children ?? []) out.push(...collectEdges(child));
  return out;
}
