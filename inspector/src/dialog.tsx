import { useEffect, useState } from 'preact/hooks';

interface Props {
  readonly title: string;
  readonly text: string;
  readonly confirm: string;
  readonly danger?: boolean;
  /** Ask for a reason; confirming needs one. */
  readonly reason?: { readonly label: string; readonly initial: string };
  onConfirm(reason: string): void;
  onCancel(): void;
}

/** A modal confirmation, optionally asking for a reason. */
export function Dialog({ title, text, confirm, danger, reason, onConfirm, onCancel }: Props) {
  const [value, setValue] = useState(reason?.initial ?? '');
  const ready = reason === undefined || value.trim() !== '';
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div class="overlay" role="presentation">
      <div class="dialog" role="dialog" aria-modal="true" aria-label={title} data-testid="dialog">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) onConfirm(value.trim());
          }}
        >
          <h2>{title}</h2>
          <p>{text}</p>
          {reason !== undefined && (
            <label>
              {reason.label}
              <input
                data-testid="dialog-reason"
                value={value}
                onInput={(e) => setValue((e.target as HTMLInputElement).value)}
                ref={(el) => el?.focus()}
              />
            </label>
          )}
          <div class="dialog-buttons">
            <button type="button" onClick={onCancel} data-testid="dialog-cancel">
              Cancel
            </button>
            <button
              type="submit"
              class={danger ? 'danger' : 'primary'}
              disabled={!ready}
              data-testid="dialog-confirm"
            >
              {confirm}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
