/**
 * A contacts CSV of `rows` rows exercising what real exports contain: quoted commas, multi-line
 * cells, escaped quotes, empty cells and extra vendor columns. Shared by the unit tests and the bench.
 */
export function contactsCsv(rows: number): string {
  const lines = ['id,email,firstName,lastName,title,phone,companyId,ownerId,updatedAt,Lead source,Notes'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `c${String(i).padStart(5, '0')},person${i}@example${i % 97}.com,First${i},"Last, ${i}",VP ${i % 7},+1 555 ${i},co${i % 300},owner${i % 5},2026-11-0${(i % 9) + 1}T10:00:00.000Z,${i % 2 ? 'Webinar' : ''},"line one\nline ""two"" ${i}"`,
    );
  }
  return lines.join('\n');
}
