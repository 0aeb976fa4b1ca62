import { useState } from 'preact/hooks';
import { isRecord } from './format.js';

/** A JSON value as an expandable tree; the first levels start open. */
export function ContextTree({
  value,
  label = 'context',
  open = 1,
}: {
  value: unknown;
  label?: string;
  open?: number;
}) {
  return (
    <div class="tree" data-testid="context-tree">
      <TreeNode name={label} value={value} depth={0} open={open} />
    </div>
  );
}

function TreeNode({
  name,
  value,
  depth,
  open,
}: {
  name: string;
  value: unknown;
  depth: number;
  open: number;
}) {
  const [expanded, setExpanded] = useState(depth < open);
  const composite = Array.isArray(value) || isRecord(value);
  if (!composite) {
    return (
      <div class="tree-row" style={{ paddingLeft: `${depth * 14}px` }}>
        <span class="tree-key">{name}</span>: <Leaf value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`;
  return (
    <div>
      <div class="tree-row toggle" style={{ paddingLeft: `${depth * 14}px` }}>
        <button
          type="button"
          class="tree-toggle"
          onClick={() => setExpanded(!expanded)}
          aria-expanded={expanded}
        >
          {expanded ? '▾' : '▸'} <span class="tree-key">{name}</span>{' '}
          <span class="tree-summary">{summary}</span>
        </button>
      </div>
      {expanded &&
        entries
          .slice(0, 500)
          .map(([k, v]) => <TreeNode key={k} name={k} value={v} depth={depth + 1} open={open} />)}
    </div>
  );
}

function Leaf({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span class="leaf-null">null</span>;
  if (typeof value === 'string') return <span class="leaf-string">"{value}"</span>;
  if (typeof value === 'number') return <span class="leaf-number">{value}</span>;
  if (typeof value === 'boolean') return <span class="leaf-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}
