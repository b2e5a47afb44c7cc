// The summary's test hooks (`[data-testid=report]`), shared by the end-to-end tests.

/** The summary's hooks on `page`: state, counts, the check's id and its text. */
export function readSummary(page) {
  return page.locator('[data-testid="report"]').evaluate((el) => ({
    state: el.dataset.state,
    rows: Number(el.dataset.rows),
    errors: Number(el.dataset.errors),
    warnings: Number(el.dataset.warnings),
    fixes: Number(el.dataset.fixes),
    check: Number(el.dataset.check),
    text: el.textContent,
  }));
}

/** Waits until the check after `previous` (a `data-check` value) has finished or failed. */
export async function afterCheck(page, previous, { timeout = 120_000, polling = 'raf' } = {}) {
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid="report"]');
      return el && el.dataset.state !== 'working' && Number(el.dataset.check) > prev;
    },
    previous,
    { timeout, polling },
  );
}
