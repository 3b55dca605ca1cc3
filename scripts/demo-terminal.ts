// A closed terminal window sends the demo SIGHUP, and every write to it after that fails (EIO on a
// terminal, EPIPE on a pipe). Unhandled, that write error killed the demo in the middle of its
// clean-up and left the control plane, the simulator and the controller running. With this, output
// to a terminal that is gone is dropped and the clean-up carries on.

const GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

export function surviveClosedTerminal(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== undefined && GONE.has(err.code)) return;
      // Anything else is a real fault: keep Node's default of failing loudly.
      throw err;
    });
  }
}
