// Settings read per resource from the client (workspace/configuration) and cached per
// document URI until the client says they changed. Clients without the configuration request
// (some editors) use the initializationOptions or the defaults.
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, type BoundwiseSettings } from '../protocol';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<BoundwiseSettings>>();
  private fallback: BoundwiseSettings = DEFAULT_SETTINGS;

  constructor(private readonly connection: Connection, private supportsConfiguration = false) {}

  configure(supportsConfiguration: boolean, initializationOptions: unknown): void {
    this.supportsConfiguration = supportsConfiguration;
    this.fallback = normalize(initializationOptions);
  }

  get(uri: string): Promise<BoundwiseSettings> {
    if (!this.supportsConfiguration) return Promise.resolve(this.fallback);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'boundwise' })
        .then(normalize, () => this.fallback);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Drops one document's cached settings, or all of them. */
  invalidate(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }

  /** Settings pushed in a didChangeConfiguration notification by clients without pull. */
  setFallback(value: unknown): void {
    this.fallback = normalize(value);
  }
}

function normalize(value: unknown): BoundwiseSettings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<BoundwiseSettings>;
  return {
    enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.enable,
    severity: v.severity && typeof v.severity === 'object' ? { ...v.severity } : {},
  };
}
