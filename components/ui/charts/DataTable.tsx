/** A chart's figures as a table for screen readers (visually hidden): one row per key, one column per heading after the first. */
export function DataTable({ caption, headings, rows }: { caption: string; headings: readonly string[]; rows: readonly { key: string | number; label: string; cells: readonly string[] }[] }) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headings.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
