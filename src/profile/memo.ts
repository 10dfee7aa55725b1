// A library test remembered per URL: the hotspot analysis asks for every frame of every sample (at
// Node's 1 kHz, tens of thousands of calls for a handful of URLs) after the script has ended, on the
// run's wall time as the user sees it.
export function memoizeByUrl(test: (url: string) => boolean): (url: string) => boolean {
  const known = new Map<string, boolean>();
  return (url) => {
    let v = known.get(url);
    if (v === undefined) {
      v = test(url);
      known.set(url, v);
    }
    return v;
  };
}
