// A Node worker loop that waits the wrong way.
export async function waitForSignal(flags: Int32Array): Promise<void> {
  Atomics.wait(flags, 0, 0, 1000); // stops the event loop for up to a second
}

export async function waitForSignalOk(flags: Int32Array): Promise<void> {
  await Atomics.waitAsync(flags, 0, 0, 1000).value;
}
