/** An arrowhead for `marker-end="url(#id)"`; `headClass` colours it. */
export function ArrowMarker({ id, headClass }: { id: string; headClass: string }) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" class={headClass} />
    </marker>
  );
}
