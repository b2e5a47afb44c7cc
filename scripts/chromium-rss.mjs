// The resident memory of every Chromium process, summed: the browser benchmarks' memory figure
// (the page, its workers and their WebAssembly memory, and the browser's own processes).
import { readFileSync, readdirSync } from 'node:fs';

/** Resident memory of every Chromium process, in KB. */
export function chromiumRss() {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s*(chromium|chrome)/m.test(status)) continue;
      total += Number(status.match(/^VmRSS:\s*(\d+)/m)?.[1] ?? 0);
    } catch {
      // The process ended while it was read.
    }
  }
  return total;
}
