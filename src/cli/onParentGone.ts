/**
 * Call `stop` once when this process's parent goes away (it is re-parented: `process.ppid`
 * changes). Only for a process `npx` started (config.startedByNpx): npm forwards SIGTERM to the
 * `sh -c` it runs the bin in, the shell dies without passing it on, and `packreg serve` would keep
 * the port and the embedded database for good (issue 17). Not used otherwise: a server started
 * with `nohup … &` must outlive its shell. Returns a function that stops watching.
 */
export function onParentGone(stop: () => void, everyMs = 1_000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
