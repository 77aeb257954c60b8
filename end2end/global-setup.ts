// cargo-leptos starts Playwright as soon as it starts the server: wait until
// the server answers its health check before any test runs. The server must
// be the fresh one the test command started (no user yet): a different
// push-console answering on the port is an error, never a test target.
export default async function globalSetup() {
  const base = process.env.PLAYWRIGHT_BASE_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 60_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) {
        const info = await fetch(`${base}/api/shell_info`, {
          method: "POST",
          headers: { accept: "application/json" },
        });
        const shell = await info.json();
        if (!shell.needs_setup) {
          throw new Error(
            `the server at ${base} already has users: it is not the fresh server this run started`,
          );
        }
        return;
      }
      last = `status ${res.status}`;
    } catch (e) {
      if (String(e).includes("not the fresh server")) throw e;
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${base} not healthy after 60 s: ${last}`);
}
