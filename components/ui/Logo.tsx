/** The mark: a countersigned tick. Text only, no external assets. */
export function Logo() {
  return (
    <span aria-hidden="true" className="grid size-6 shrink-0 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white">
      ✓
    </span>
  );
}
