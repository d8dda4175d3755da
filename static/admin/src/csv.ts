/** A dry run's plan as a CSV file the browser downloads. */
import type { PlanKind } from '../../../src/resolvers/contract';
import { adminApi } from './api';

const CHUNK = 500;
export const PLAN_KIND_LABEL: Record<PlanKind, string> = { create: 'Would create', update: 'Would update', link: 'Would link' };

function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every item of the plan, page by page: "kind,position,item" rows (items the plan could not keep are marked). */
export async function planCsv(runId: string, totals: Record<PlanKind, number>, onProgress?: (done: number) => void): Promise<string> {
  const lines = ['kind,position,item'];
  let done = 0;
  for (const kind of ['create', 'update', 'link'] as PlanKind[]) {
    for (let offset = 0; offset < totals[kind]; offset += CHUNK) {
      const page = await adminApi.getPlanPage(runId, kind, offset, CHUNK);
      for (const i of page.items) lines.push([cell(kind), cell(i.position + 1), cell(i.item ?? '(not kept)')].join(','));
      done += page.items.length;
      onProgress?.(done);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export { downloadText as download } from '../../shared/download';
