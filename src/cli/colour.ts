// Whether to colour what the CLI prints, as other terminal tools decide: FORCE_COLOR (not "0")
// turns colour on, NO_COLOR (https://no-color.org) off, otherwise only a terminal gets colour.
export function useColour(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR) return false;
  return !!(stream as NodeJS.WriteStream).isTTY;
}
