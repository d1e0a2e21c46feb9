// The in-page event log automation reads (window.callfarm.events): every delegate callback as
// {name, args, at} with the argument rendering of the Java io.callfarm.engine.call.EventLog, so a
// browser device's log compares 1:1 with a virtual device's, e.g. onInvited(alice,[bob],true).
// Each callback is also printed to the console as `callfarm-event <signature> <at>`, e.g.
// `callfarm-event onInvited(alice,[],false) 1795634236484.125`: Appium devices match these lines.

/** Renders one argument like the Java EventLog: lists as [a,b], everything else as String.valueOf. */
export function renderArg(arg) {
  return Array.isArray(arg) ? `[${arg.map(String).join(',')}]` : String(arg);
}

/** name(arg1,arg2), or just name without arguments: CallEvent.signature() in Java. */
export function signature(event) {
  return event.args.length ? `${event.name}(${event.args.join(',')})` : event.name;
}

export const CALLBACKS = [
  'onError', 'onInvited', 'onGroupCallInviteeListUpdate', 'onUserEnter', 'onUserLeave',
  'onUserAudioAvailable', 'onUserVoiceVolume', 'onReject', 'onNoResp', 'onLineBusy',
  'onCallingCancel', 'onCallingTimeOut', 'onCallEnd',
];

/**
 * A delegate that appends to `events` (at: epoch milliseconds with sub-millisecond precision, from
 * performance.timeOrigin + performance.now()). onUserVoiceVolume (every 300 ms per remote) is kept only
 * when recordVolume is set, as in the Java EventLog; its latest value is always in `volumes`.
 */
export function eventLog(events, volumes, recordVolume) {
  const log = {};
  for (const name of CALLBACKS) {
    log[name] = (...args) => {
      if (name === 'onUserVoiceVolume') {
        volumes[args[0]] = args[1];
        if (!recordVolume) return;
      }
      const event = { name, args: args.map(renderArg), at: performance.timeOrigin + performance.now() };
      events.push(event);
      // the stable console line Appium devices read (device-farm/profiles/web-client.yaml)
      console.info(`callfarm-event ${signature(event)} ${event.at.toFixed(3)}`);
    };
  }
  return log;
}

/** One delegate calling several in order (the event log first, then the UI). */
export function fanOut(...delegates) {
  const out = {};
  for (const name of CALLBACKS) {
    out[name] = (...args) => delegates.forEach((d) => d[name]?.(...args));
  }
  return out;
}
