// Shared by the browser scripts: records, in window.__hydratedAt, when the
// page says it is hydrated (ms from the start of navigation). The init script
// runs before <html> exists, so it watches the whole document.
export async function watchHydration(page) {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated === "true") {
        window.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
}
