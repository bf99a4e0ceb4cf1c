// Type-checked by scripts/test.sh (tsc from e2e/node_modules, `tsc -p www/js/typecheck`):
// the package's declarations as a TypeScript user meets them. Never run.
import { check, createChecker, terminate, SuanpanError } from '../package/index.js';
import type { Finding, InputWarning, Report, Source } from '../package/index.js';

export async function example(file: File, bytes: Uint8Array, text: string): Promise<string[]> {
  const report: Report = await check(file);
  const errors: Finding[] = report.findings.filter((f) => f.severity === 'error');
  const combined = await check([{ name: 'narrative.pdf', data: bytes }, file], { select: ['AR', 'XT001'], checks: true });
  const markdown: string = await check(text, { format: 'markdown', lang: 'en', name: 'budget.txt' });
  const json: string = await check(bytes.buffer as ArrayBuffer, { format: 'json', worker: false });
  const notes: InputWarning[] = [];
  await check(new Blob([text]), { onWarning: (w) => notes.push(w), select: 'AR002' });

  const checker = createChecker({ worker: true });
  const again = await checker.check(text);
  checker.terminate();
  terminate();

  const pages = errors.flatMap((f) => f.locations).map((l) => where(l.source));
  try {
    await check('');
  } catch (e) {
    if (e instanceof SuanpanError) pages.push(e.zh, e.en, e.message, String(e.fatal));
  }
  pages.push(String(combined.summary.errors), markdown, json, String(again.tables.length));
  pages.push(report.document.kind, report.document.year?.toString() ?? '', report.checks[0]?.status ?? '');

  // @ts-expect-error: no such format
  await check(text, { format: 'yaml' });
  // @ts-expect-error: a number is no input
  await check(42);
  // @ts-expect-error: a report has no such field
  console.log(report.findings[0].message);
  return pages;
}

/** "第 3 页", "表5!D12" or "12:5": the Source union narrows on its kind. */
function where(source: Source | undefined): string {
  switch (source?.kind) {
    case 'pdf':
      return `第 ${source.page} 页 (${source.rect.x0}, ${source.rect.y0})`;
    case 'cell':
      return `${source.sheet}!${source.cell}`;
    case 'text':
      return `${source.line}:${source.column}`;
    default:
      return '';
  }
}
