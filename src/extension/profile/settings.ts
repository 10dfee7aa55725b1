// The profile settings, read per resource and validated here so a bad value gives a clear message
// instead of a failed run. `get` is WorkspaceConfiguration.get; no `vscode` import (unit-tested).
import * as path from 'node:path';
import { DEFAULT_LOAD, validConnections, validLoadDuration } from '../../profile/server/session';
import { SETTINGS, settingName } from '../contributes';

export interface ProfileSettings {
  hz?: number;
  timeoutMs?: number;
  args: string[];
  /** boundwise.python.interpreter, when set. */
  interpreter?: string;
  /** boundwise.profile.cwd, when set: where the script runs (see profileCwd). */
  cwd?: string;
  /** boundwise.node.path, when set. */
  nodePath?: string;
  /** boundwise.profile.load.*: the URL (when set, every run of a script drives this load) and its numbers. */
  load: LoadSettings;
}

export interface LoadSettings {
  url?: string;
  durationSeconds: number;
  connections: number;
  /** boundwise.profile.load.allowOtherHosts: a user (machine) setting, never a workspace's. */
  allowOtherHosts: boolean;
}

type Get = (key: string) => unknown;

export function readProfileSettings(get: Get): { settings: ProfileSettings; problems: string[] } {
  const problems: string[] = [];
  const hzValue = get(SETTINGS.profileHz);
  let hz: number | undefined;
  if (hzValue !== undefined && hzValue !== null && hzValue !== 0) {
    if (typeof hzValue === 'number' && hzValue >= 1 && hzValue <= 10000) hz = hzValue;
    else problems.push(`${settingName(SETTINGS.profileHz)} must be between 1 and 10000 (got ${JSON.stringify(hzValue)}); using the default.`);
  }
  const timeoutValue = get(SETTINGS.profileTimeoutSeconds);
  let timeoutMs: number | undefined;
  if (timeoutValue !== undefined && timeoutValue !== null && timeoutValue !== 0) {
    if (typeof timeoutValue === 'number' && timeoutValue > 0) timeoutMs = timeoutValue * 1000;
    else problems.push(`${settingName(SETTINGS.profileTimeoutSeconds)} must be a positive number (got ${JSON.stringify(timeoutValue)}); running without a timeout.`);
  }
  const argsValue = get(SETTINGS.profileArgs);
  let args: string[] = [];
  if (Array.isArray(argsValue) && argsValue.every((a) => typeof a === 'string')) args = argsValue;
  else if (argsValue !== undefined && argsValue !== null) problems.push(`${settingName(SETTINGS.profileArgs)} must be an array of strings; running without arguments.`);
  const interpreterValue = get(SETTINGS.pythonInterpreter);
  const interpreter = typeof interpreterValue === 'string' && interpreterValue.trim() ? interpreterValue.trim() : undefined;
  const cwdValue = get(SETTINGS.profileCwd);
  let cwd: string | undefined;
  if (typeof cwdValue === 'string') cwd = cwdValue.trim() || undefined;
  else if (cwdValue !== undefined && cwdValue !== null) problems.push(`${settingName(SETTINGS.profileCwd)} must be a folder path; running in the workspace folder.`);
  const nodeValue = get(SETTINGS.nodePath);
  const nodePath = typeof nodeValue === 'string' && nodeValue.trim() ? nodeValue.trim() : undefined;
  return { settings: { hz, timeoutMs, args, interpreter, cwd, nodePath, load: readLoadSettings(get, problems) }, problems };
}

function readLoadSettings(get: Get, problems: string[]): LoadSettings {
  const urlValue = get(SETTINGS.profileLoadUrl);
  const url = typeof urlValue === 'string' && urlValue.trim() ? urlValue.trim() : undefined;
  if (urlValue !== undefined && urlValue !== null && typeof urlValue !== 'string') problems.push(`${settingName(SETTINGS.profileLoadUrl)} must be a URL such as http://127.0.0.1:8080/path; running without a load.`);
  const durationValue = get(SETTINGS.profileLoadDurationSeconds);
  let durationSeconds = DEFAULT_LOAD.durationMs / 1000;
  if (typeof durationValue === 'number' && validLoadDuration(durationValue * 1000)) durationSeconds = durationValue;
  else if (durationValue !== undefined && durationValue !== null) problems.push(`${settingName(SETTINGS.profileLoadDurationSeconds)} must be between 0.1 and 3600 seconds (got ${JSON.stringify(durationValue)}); using ${durationSeconds}.`);
  const connectionsValue = get(SETTINGS.profileLoadConnections);
  let connections: number = DEFAULT_LOAD.connections;
  if (typeof connectionsValue === 'number' && validConnections(connectionsValue)) connections = connectionsValue;
  else if (connectionsValue !== undefined && connectionsValue !== null) problems.push(`${settingName(SETTINGS.profileLoadConnections)} must be a whole number between 1 and 1000 (got ${JSON.stringify(connectionsValue)}); using ${connections}.`);
  return { ...(url ? { url } : {}), durationSeconds, connections, allowOtherHosts: get(SETTINGS.profileLoadAllowOtherHosts) === true };
}

/**
 * Where a profiled script runs, as a user would run it from the workspace: the script's workspace
 * folder (its own folder outside any), or boundwise.profile.cwd with ${workspaceFolder} and
 * ${fileDirname} expanded, a relative path taken from the workspace folder.
 */
export function profileCwd(setting: string | undefined, script: string, workspaceFolder: string | undefined): string {
  const base = workspaceFolder ?? path.dirname(script);
  if (!setting) return base;
  const expanded = expandWorkspaceFolder(setting, base).replace(/\$\{fileDirname\}/g, path.dirname(script));
  return path.resolve(base, expanded);
}

/** `${workspaceFolder}` in a setting that names a program or folder, expanded when there is a folder. */
export function expandWorkspaceFolder(setting: string, workspaceFolder: string | undefined): string {
  return workspaceFolder ? setting.replace(/\$\{workspaceFolder\}/g, workspaceFolder) : setting;
}
