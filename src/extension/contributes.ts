// Command ids and setting keys, defined once. The extension uses these names, and
// test/extension/contributes.test.ts checks that package.json's `contributes` declares exactly
// these commands and settings, so a rename cannot leave a menu entry or a setting behind.
// Plain data, no `vscode` import.

/** Commands declared in package.json (palette, menus, keybindings). */
export const COMMANDS = {
  showOutput: 'boundwise.showOutput',
  profileAndClassify: 'boundwise.profileAndClassify',
  stopProfiling: 'boundwise.stopProfiling',
  showLastReport: 'boundwise.showLastReport',
  showRecentRuns: 'boundwise.showRecentRuns',
  profileUnderLoad: 'boundwise.profileUnderLoad',
  attachToNode: 'boundwise.attachToNodeProcess',
} as const;

/** Commands the extension registers for its own UI only (the status-bar item's click), never
 * declared in package.json, so they stay out of the palette. */
export const INTERNAL_COMMANDS = {
  showProfileReport: 'boundwise.showProfileReport',
} as const;

/** The configuration section: every setting is `boundwise.<key>`. */
export const SETTINGS_SECTION = 'boundwise';

/** Setting keys within SETTINGS_SECTION, as `getConfiguration(SETTINGS_SECTION).get(key)` reads them. */
export const SETTINGS = {
  enable: 'enable',
  severity: 'severity',
  traceServer: 'trace.server',
  profileHz: 'profile.hz',
  profileTimeoutSeconds: 'profile.timeoutSeconds',
  profileArgs: 'profile.args',
  profileCwd: 'profile.cwd',
  profileLoadUrl: 'profile.load.url',
  profileLoadDurationSeconds: 'profile.load.durationSeconds',
  profileLoadConnections: 'profile.load.connections',
  profileLoadAllowOtherHosts: 'profile.load.allowOtherHosts',
  pythonInterpreter: 'python.interpreter',
  nodePath: 'node.path',
} as const;

/** The full name users write in settings.json: `boundwise.profile.hz`. */
export function settingName(key: (typeof SETTINGS)[keyof typeof SETTINGS]): string {
  return `${SETTINGS_SECTION}.${key}`;
}
