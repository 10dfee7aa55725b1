// Settings read per resource from the client (workspace/configuration) and cached per
// document URI until the client says they changed. Clients without the configuration request
// (some editors) use the initializationOptions or the defaults. Values are checked: one a rule
// cannot use falls back to the default, and the user is told once.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import { SEVERITY_VALUES } from '../analysis/config';
import type { Severity } from '../analysis/types';
import { DEFAULT_SETTINGS, type BoundwiseSettings } from '../protocol';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<BoundwiseSettings>>();
  private fallback: BoundwiseSettings = DEFAULT_SETTINGS;
  /** Warnings already shown: each bad value is named once, not at every document. */
  private readonly warned = new Set<string>();

  constructor(private readonly connection: Connection, private supportsConfiguration = false) {}

  configure(supportsConfiguration: boolean, initializationOptions: unknown): void {
    this.supportsConfiguration = supportsConfiguration;
    this.fallback = this.normalize(initializationOptions);
  }

  get(uri: string): Promise<BoundwiseSettings> {
    if (!this.supportsConfiguration) return Promise.resolve(this.fallback);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'boundwise' })
        .then((value: unknown) => this.normalize(value), () => this.fallback);
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
    this.fallback = this.normalize(value);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(message);
    // A notification, not showWarningMessage's request: nothing to wait for, no answer to miss.
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  private normalize(value: unknown): BoundwiseSettings {
    const v = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof BoundwiseSettings, unknown>>;
    const severity: Record<string, Severity | 'off'> = {};
    for (const [code, level] of Object.entries(v.severity && typeof v.severity === 'object' ? v.severity : {})) {
      if (typeof level === 'string' && SEVERITY_VALUES.has(level)) severity[code] = level as Severity | 'off';
      else this.warnOnce(`Boundwise: the setting boundwise.severity.${code} is ${JSON.stringify(level)}, not one of ${[...SEVERITY_VALUES].join(', ')}; ${code} keeps its default severity.`);
    }
    return { enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.enable, severity };
  }
}
