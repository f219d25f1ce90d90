import { EventEmitter, LogLevel, workspace, type LogOutputChannel } from 'vscode';

const TRACE_SETTING = 'bulwark.trace.server';

/**
 * The channel the language client traces into: the Bulwark channel, with `bulwark.trace.server`
 * enough to turn the trace on. (The language client traces only into a log channel set to the Trace
 * level; this one says Trace while the setting is on, and writes the trace at a level the channel
 * shows.)
 */
export function traceChannel(channel: LogOutputChannel): LogOutputChannel {
  const tracing = () => workspace.getConfiguration().get<string>(TRACE_SETTING, 'off') !== 'off';
  const level = () => (tracing() ? LogLevel.Trace : channel.logLevel);
  const changed = new EventEmitter<LogLevel>();
  const listeners = [
    channel.onDidChangeLogLevel(() => changed.fire(level())),
    workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(TRACE_SETTING) && changed.fire(level())),
  ];
  return {
    name: channel.name,
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: changed.event,
    trace: (message, ...args) => (tracing() && channel.logLevel > LogLevel.Trace ? channel.info(message, ...args) : channel.trace(message, ...args)),
    debug: (message, ...args) => channel.debug(message, ...args),
    info: (message, ...args) => channel.info(message, ...args),
    warn: (message, ...args) => channel.warn(message, ...args),
    error: (error, ...args) => channel.error(error, ...args),
    append: (value) => channel.append(value),
    appendLine: (value) => channel.appendLine(value),
    replace: (value) => channel.replace(value),
    clear: () => channel.clear(),
    show: (preserveFocus?: unknown) => channel.show(preserveFocus === true),
    hide: () => channel.hide(),
    dispose: () => {
      for (const listener of listeners) listener.dispose();
      changed.dispose();
    },
  };
}
