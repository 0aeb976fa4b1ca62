import { useState } from 'preact/hooks';
import type { PanelState, SourceInfo } from '../../src/inspect/wire.js';
import { ContextTree } from './context-tree.js';
import { Dialog } from './dialog.js';
import { clock, isRecord } from './format.js';
import type { Store } from './store.js';

type Asking = { readonly kind: 'halt' | 'resume'; readonly source: SourceInfo } | undefined;

/** The operator's panel: each system's controls, and what each supervisor reports. */
export function SupervisorPanel({ store }: { store: Store }) {
  const [asking, setAsking] = useState<Asking>(undefined);
  const controlled = [...store.sources.values()].filter((s) => s.controls !== undefined && s.connected);
  const supervisors = [...store.panels.values()].filter((p) => p.panel === 'supervisor');
  return (
    <div class="supervisor" data-testid="supervisor-panel">
      {controlled.length === 0 && <div class="empty">no connected system takes operator commands</div>}
      {controlled.map((source) => (
        <Controls key={source.id} source={source} store={store} ask={(kind) => setAsking({ kind, source })} />
      ))}
      {supervisors.map((panel) => (
        <SupervisorState key={panel.key} panel={panel} store={store} />
      ))}
      {asking?.kind === 'halt' && (
        <Dialog
          title="Emergency stop"
          text={`Stops every agent of ${asking.source.name} and seals its bus: queued messages become dead letters and nothing is delivered until you resume.`}
          confirm="Stop everything"
          danger
          reason={{ label: 'Reason', initial: 'emergency stop from the inspector' }}
          onCancel={() => setAsking(undefined)}
          onConfirm={(reason) => {
            store.command(asking.source.id, { type: 'halt', reason });
            setAsking(undefined);
          }}
        />
      )}
      {asking?.kind === 'resume' && (
        <Dialog
          title="Resume"
          text={`Unseals the bus of ${asking.source.name} and brings back the agents the stop halted.`}
          confirm="Resume"
          reason={{ label: 'Why is it safe to resume?', initial: '' }}
          onCancel={() => setAsking(undefined)}
          onConfirm={(reason) => {
            store.command(asking.source.id, { type: 'resume', reason });
            setAsking(undefined);
          }}
        />
      )}
    </div>
  );
}

function Controls({
  source,
  store,
  ask,
}: {
  source: SourceInfo;
  store: Store;
  ask: (kind: 'halt' | 'resume') => void;
}) {
  const controls = source.controls!;
  return (
    <section
      class="controls"
      data-testid="controls"
      data-source={source.id}
      data-halted={String(controls.halted)}
    >
      <h3>
        {source.name}{' '}
        <span class={`badge ${controls.halted ? 'halted' : 'running'}`}>
          {controls.halted ? 'halted' : 'running'}
        </span>
      </h3>
      {controls.reason !== undefined && <div class="muted">last: {controls.reason}</div>}
      <div class="control-buttons">
        {controls.available.includes('halt') && (
          <button
            type="button"
            class="danger"
            data-testid="emergency-stop"
            disabled={controls.halted}
            onClick={() => ask('halt')}
          >
            Emergency stop
          </button>
        )}
        {controls.available.includes('resume') && (
          <button
            type="button"
            data-testid="resume"
            disabled={!controls.halted}
            onClick={() => ask('resume')}
          >
            Resume
          </button>
        )}
        {controls.available.includes('chaos') && (
          <label class="chaos-toggle">
            <input
              type="checkbox"
              data-testid="chaos-toggle"
              checked={controls.chaos === true}
              onChange={() => store.command(source.id, { type: 'chaos', enabled: controls.chaos !== true })}
            />{' '}
            chaos
          </label>
        )}
      </div>
    </section>
  );
}

interface Tripwire {
  readonly name: string;
  readonly value: number;
  readonly threshold: number;
  readonly tripped?: boolean;
  readonly unit?: string;
}

function tripwiresOf(data: Record<string, unknown>): Tripwire[] {
  const raw = data.tripwires;
  if (Array.isArray(raw)) {
    return raw.filter(isRecord).map((t) => ({
      name: String(t.name ?? '?'),
      value: Number(t.value ?? 0),
      threshold: Number(t.threshold ?? 0),
      tripped: t.tripped === true,
      ...(typeof t.unit === 'string' ? { unit: t.unit } : {}),
    }));
  }
  if (isRecord(raw)) {
    return Object.entries(raw)
      .filter(([, t]) => isRecord(t))
      .map(([name, t]) => {
        const r = t as Record<string, unknown>;
        return {
          name,
          value: Number(r.value ?? 0),
          threshold: Number(r.threshold ?? 0),
          tripped: r.tripped === true,
        };
      });
  }
  return [];
}

function SupervisorState({ panel, store }: { panel: PanelState; store: Store }) {
  const data = isRecord(panel.data) ? panel.data : {};
  const tripwires = tripwiresOf(data);
  const restarts = Array.isArray(data.restarts) ? data.restarts.filter(isRecord) : [];
  const chaos = isRecord(data.chaos) ? data.chaos : undefined;
  const faults = Array.isArray(chaos?.faults) ? chaos.faults.filter(isRecord) : [];
  const known = new Set(['state', 'tripwires', 'restarts', 'chaos', 'children', 'agents']);
  const rest = Object.fromEntries(Object.entries(data).filter(([k]) => !known.has(k)));
  return (
    <section class="supervisor-state" data-testid="supervisor-state">
      <h3>
        supervisor {panel.id} <span class="badge">{String(data.state ?? '?')}</span>{' '}
        <span class="muted">{store.sources.get(panel.source)?.name}</span>
      </h3>
      {tripwires.length > 0 && (
        <table class="tripwires">
          <thead>
            <tr>
              <th>tripwire</th>
              <th>value</th>
              <th>threshold</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tripwires.map((t) => (
              <tr
                key={t.name}
                class={t.tripped || t.value >= t.threshold ? 'tripped' : ''}
                data-testid="tripwire"
                data-name={t.name}
              >
                <td>{t.name}</td>
                <td>
                  {t.value}
                  {t.unit ?? ''}
                </td>
                <td>
                  {t.threshold}
                  {t.unit ?? ''}
                </td>
                <td>
                  {/* Green while far from the threshold, amber close to it, red at it. */}
                  <meter
                    min={0}
                    max={t.threshold || 1}
                    low={(t.threshold || 1) * 0.5}
                    high={(t.threshold || 1) * 0.8}
                    optimum={0}
                    value={t.value}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div>
        restarts: {typeof data.restarts === 'number' ? data.restarts : restarts.length}
        {restarts.slice(-5).map((r, i) => (
          <div key={i} class="muted">
            {typeof r.at === 'number' ? `${clock(r.at)} ` : ''}
            {String(r.agent ?? r.child ?? '?')} {r.reason === undefined ? '' : `— ${String(r.reason)}`}
          </div>
        ))}
      </div>
      {chaos !== undefined && (
        <div class="chaos">
          chaos: <b>{chaos.enabled === true ? 'on' : 'off'}</b>
          <div class="fault-log" data-testid="fault-log">
            {faults.length === 0 && <div class="muted">no faults injected</div>}
            {faults.slice(-30).map((f, i) => (
              <div key={i}>
                {typeof f.at === 'number' ? `${f.at} ` : ''}
                <b>{String(f.kind ?? f.fault ?? 'fault')}</b> {String(f.target ?? f.agent ?? '')}{' '}
                {String(f.detail ?? '')}
              </div>
            ))}
          </div>
        </div>
      )}
      {Object.keys(rest).length > 0 && <ContextTree value={rest} label="more" open={0} />}
    </section>
  );
}
