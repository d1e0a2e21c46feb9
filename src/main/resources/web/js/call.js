// The audio-call component (DESIGN §1, TRTCAudioCall v4) for the browser: the same rules as the Java
// reference io.callfarm.engine.call.AudioCallClient, line by line, so both kinds of device interoperate
// and can be held to the same expectations. JavaScript runs one task at a time, which gives the
// component the serial event thread the Java client builds with an executor.

import { CallError, MessageIds, SignalChannel } from './signal.js';

export const VERSION = 4;
export const AUDIO = 1;
export const Action = Object.freeze({
  ERROR: -1, DIALING: 1, SPONSOR_CANCEL: 2, REJECT: 3, SPONSOR_TIMEOUT: 4, HANGUP: 5, LINE_BUSY: 6,
});
// Error codes shared with the Java client and the server (README "Error codes").
const INVALID_FIELD = 6017;
const NOT_LOGGED_IN = 6014;
const KICKED_OFFLINE = 6208;
const NO_PERMISSION = 10007;
const CONNECTION_LOST = 60010;
const ISSUED_IN_FUTURE = 60021;
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 8000;

/** Refusals a reconnection cannot cure (as AudioCallClient.isFinal): the UserSig or the app is wrong. */
function isFinal(code) {
  return (code >= 70000 && code < 71000) || code === INVALID_FIELD || code === ISSUED_IN_FUTURE;
}
const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function isValidUserId(id) {
  return typeof id === 'string' && USER_ID.test(id);
}

/** A v4 payload, or null when malformed (version and call type are checked by the caller). */
export function parseCallMessage(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const { version, call_type: callType, call_id: callId, room_id: roomId, action } = data;
  if (!Number.isInteger(version) || !Number.isInteger(callType) || typeof callId !== 'string'
      || !Number.isInteger(roomId) || !Number.isInteger(action)) return null;
  if (!Object.values(Action).includes(action) || roomId <= 0 || roomId > 2147483647) return null;
  const group = data.group_id;
  if (group !== undefined && group !== null && typeof group !== 'string') return null;
  const invited = [];
  for (const user of Array.isArray(data.invited_list) ? data.invited_list : []) {
    if (!isValidUserId(user)) return null;
    invited.push(user);
  }
  return { version, callType, callId, roomId, groupId: group ? group : null, action, invitedList: invited };
}

function callMessage(callId, roomId, groupId, action, invited) {
  const m = { version: VERSION, call_type: AUDIO, call_id: callId, room_id: roomId, action };
  if (groupId !== null) m.group_id = groupId;
  m.invited_list = [...invited];
  return m;
}

function newCallState() {
  return {
    active: false, callId: null, roomId: 0, groupId: null, sponsor: null, isSponsor: false,
    awaitingAnswer: false, inRoom: false, inviting: new Set(), roomRemotes: new Set(),
    timers: new Map(), ownTimer: null,
  };
}

/** No media: room membership only. Also documents what a media implementation receives. */
export const NO_MEDIA = Object.freeze({
  roomEntered(_roomId, _sendSignal) {},
  remoteEntered(_userId) {},
  remoteLeft(_userId) {},
  signal(_fromUserId, _payload) {},
  roomLeft() {},
  setMicMute(_mute) {},
  setHandsFree(_handsFree) {},
});

export class AudioCall {
  /**
   * @param {{server: string, invitationTimeoutMs: number, heartbeatMs: number, requestTimeoutMs: number}} config
   * @param {object} media see NO_MEDIA
   * @param {object} delegate the TRTCAudioCall callbacks (any subset)
   * @param {{onConnectionChange?: (state: string) => void, onGroupInvited?: (groupId: string, owner: string) => void}} observer
   *   not TRTC callbacks, so not in the event log: 'online' | 'reconnecting' | 'offline', and group invitations
   */
  constructor(config, media, delegate, observer = {}) {
    this.config = config;
    this.media = media;
    this.delegate = delegate;
    this.observer = observer;
    this.channel = null;
    this.heartbeat = null;
    this.me = null;
    this.loggedIn = false;
    this.reconnecting = false;
    this.reconnectTimer = null;
    this.backoffMs = RECONNECT_FIRST_MS;
    this.credentials = null;
    this.seen = new MessageIds();
    this.current = newCallState();
  }

  /** A read-only view for the UI. */
  snapshot() {
    const c = this.current;
    return {
      me: this.me, loggedIn: this.loggedIn, reconnecting: this.reconnecting, active: c.active, groupId: c.groupId, sponsor: c.sponsor,
      isSponsor: c.isSponsor, awaitingAnswer: c.awaitingAnswer, inRoom: c.inRoom, roomId: c.roomId,
      inviting: [...c.inviting], roomRemotes: [...c.roomRemotes],
    };
  }

  async login(sdkAppId, userId, userSig) {
    if (this.loggedIn || this.reconnecting) {
      throw new CallError(INVALID_FIELD, `already logged in as '${this.me}'; log out first`);
    }
    await this.loginOnce(sdkAppId, userId, userSig);
  }

  async loginOnce(sdkAppId, userId, userSig) {
    if (!this.channel || !this.channel.open) {
      this.channel = await SignalChannel.connect(this.config.server, (f) => this.onPush(f),
        (channel, why) => this.connectionLost(channel, why), this.config.requestTimeoutMs, this.seen);
    }
    await this.channel.request({ op: 'login', sdkAppId, userId, userSig });
    this.me = userId;
    this.credentials = { sdkAppId, userSig };
    this.loggedIn = true;
    this.heartbeat = setInterval(() => {
      if (this.channel && this.loggedIn) this.channel.send({ op: 'ping' });
    }, this.config.heartbeatMs);
    this.observer.onConnectionChange?.('online');
  }

  async logout() {
    this.stopReconnecting();
    if (!this.loggedIn) return;
    this.hangupNow();
    this.stopHeartbeat();
    this.loggedIn = false;
    const channel = this.channel;
    try {
      await channel.request({ op: 'logout' });
    } finally {
      channel.close();
      if (this.channel === channel) this.channel = null;
    }
  }

  call(userId) {
    this.groupCall([userId], null);
  }

  groupCall(userIds, groupId = null) {
    this.startOrExtendCall([...userIds], groupId ? groupId : null);
  }

  accept() {
    const c = this.current;
    if (!c.active || !c.awaitingAnswer) {
      this.error(INVALID_FIELD, 'accept: there is no invitation to accept');
      return;
    }
    c.awaitingAnswer = false;
    clearTimeout(c.ownTimer);
    this.enterRoom();
  }

  reject() {
    if (!this.current.active || !this.current.awaitingAnswer) {
      this.error(INVALID_FIELD, 'reject: there is no invitation to reject');
      return;
    }
    this.rejectNow();
  }

  hangup() {
    this.hangupNow();
  }

  setMicMute(mute) {
    this.media.setMicMute(mute);
  }

  setHandsFree(handsFree) {
    this.media.setHandsFree(handsFree);
  }

  /**
   * Creates an IM group owned by me (the IM SDK's job in the product), inviting members; rejects
   * with code 10021 naming the owner when the id is taken.
   */
  createGroup(groupId, members) {
    return this.request({ op: 'group.create', groupId, members: [...members] });
  }

  /** The group's owner and members: {owner, members}; rejects with 10007 when I am not a member. */
  groupMembers(groupId) {
    return this.request({ op: 'group.members', groupId });
  }

  /** Joins a group its owner invited me to (my consent); rejects with 10007 without an invitation. */
  joinGroup(groupId) {
    return this.request({ op: 'group.join', groupId });
  }

  /** Which of userIds are logged in: {user: bool}. */
  async presence(userIds) {
    const ack = await this.request({ op: 'presence', users: [...userIds] });
    return ack.online || {};
  }

  // ---- actions ----

  startOrExtendCall(userIds, groupId) {
    const c = this.current;
    if (this.reconnecting) {
      this.error(CONNECTION_LOST, 'call: not connected to the signalling server (reconnecting)');
      return;
    }
    if (!this.loggedIn) {
      this.error(NOT_LOGGED_IN, 'call: log in first');
      return;
    }
    for (const user of userIds) {
      if (!isValidUserId(user)) {
        this.error(INVALID_FIELD, `call: invalid user id '${user}'`);
        return;
      }
    }
    if (groupId !== null && !isValidUserId(groupId)) {
      this.error(INVALID_FIELD, `call: invalid group id '${groupId}'`);
      return;
    }
    if (c.active && c.awaitingAnswer) {
      this.error(INVALID_FIELD, 'call: an invitation is ringing; accept or reject it first');
      return;
    }
    if (c.active && groupId !== c.groupId) {
      this.error(INVALID_FIELD, `call: the current call uses group '${c.groupId}', not '${groupId}'`);
      return;
    }
    const fresh = [...new Set(userIds)].filter(
      (u) => u !== this.me && !c.inviting.has(u) && !c.roomRemotes.has(u));
    if (fresh.length === 0) {
      this.error(INVALID_FIELD, `call: nobody new to invite in [${userIds.join(', ')}]`);
      return;
    }
    const newCall = !c.active;
    if (newCall) {
      this.begin(crypto.randomUUID(), 1 + Math.floor(Math.random() * (2147483647 - 1)), groupId,
        this.me, true);
    }
    for (const user of fresh) {
      c.inviting.add(user);
      this.startInviteeTimer(user, this.config.invitationTimeoutMs);
    }
    if (groupId !== null) {
      this.sendGroup(Action.DIALING, fresh);
    } else {
      const invitedList = [...c.inviting];
      fresh.forEach((user) => this.sendC2c(user, Action.DIALING, invitedList));
    }
    if (newCall) this.enterRoom();
  }

  rejectNow() {
    const c = this.current;
    if (c.groupId !== null) {
      this.sendGroup(Action.REJECT, [this.me]);
    } else {
      this.sendC2c(c.sponsor, Action.REJECT, [this.me]);
    }
    this.endLocally();
  }

  hangupNow() {
    const c = this.current;
    if (!c.active) return;
    if (c.awaitingAnswer) {
      this.rejectNow();
      return;
    }
    if (c.inviting.size > 0) {
      const pending = [...c.inviting];
      if (c.groupId === null) {
        if (c.isSponsor || c.roomRemotes.size === 0) {
          pending.forEach((user) => this.sendC2c(user, Action.SPONSOR_CANCEL, [user]));
        }
      } else if (c.roomRemotes.size === 0) {
        this.sendGroup(Action.SPONSOR_CANCEL, pending);
      }
    }
    this.endLocally();
  }

  enterRoom() {
    const { callId, roomId } = this.current;
    this.request({ op: 'room.enter', roomId }).then((ack) => {
      const c = this.current;
      if (!c.active || c.callId !== callId) {
        this.channel?.send({ op: 'room.leave', roomId });
        return;
      }
      c.inRoom = true;
      this.media.roomEntered(roomId, (to, payload) => this.sendMedia(to, payload));
      for (const member of ack.members || []) this.remoteEntered(String(member));
      // only the caller can find the call already over when it enters (everyone answered first); a callee
      // that enters before the caller is simply early, the caller is on its way
      if (c.isSponsor) this.autoEndCheck();
    }, (e) => {
      const c = this.current;
      if (!c.active || c.callId !== callId) return;
      this.error(e.code, `entering room ${roomId} failed: ${e.message}`);
      this.endLocally();
    });
  }

  // ---- incoming frames ----

  onPush(frame) {
    switch (frame.op) {
      case 'msg': this.onMessage(frame); break;
      case 'room.event': this.onRoomEvent(frame); break;
      case 'media':
        if (this.current.inRoom && frame.roomId === this.current.roomId) {
          this.media.signal(String(frame.from), frame.data || {});
        }
        break;
      case 'kicked':
        this.error(frame.code ?? KICKED_OFFLINE, frame.message ?? 'logged in elsewhere');
        this.loseSession();
        break;
      case 'error':
        // media (SDP/ICE) goes without an id; one that reaches the server after its recipient left
        // is refused with 10007: part of every hangup, no error of the call (as AudioCallClient)
        if (frame.ref === 'media' && frame.code === NO_PERMISSION) break;
        this.error(frame.code, frame.message);
        break;
      case 'group.invited': this.observer.onGroupInvited?.(String(frame.groupId), String(frame.owner)); break;
      default: break;
    }
  }

  onMessage(frame) {
    const m = parseCallMessage(frame.data);
    if (!m || m.version !== VERSION || m.callType !== AUDIO) return;
    const age = Math.max(0, Date.now() - Number(frame.time));
    const remaining = this.config.invitationTimeoutMs - age;
    if (!(remaining > 0)) return;
    const from = String(frame.from);
    const c = this.current;
    const current = c.active && m.callId === c.callId;
    switch (m.action) {
      case Action.DIALING: this.onDialing(m, from, remaining); break;
      case Action.SPONSOR_CANCEL:
        // ringing, or in the room with nobody else: the call is withdrawn (as AudioCallClient)
        if (current && (c.awaitingAnswer || (c.inRoom && c.roomRemotes.size === 0))) {
          this.endLocally();
          this.fire('onCallingCancel');
        }
        break;
      case Action.REJECT:
        if (current && this.removeInvitee(from)) {
          this.fire('onReject', from);
          this.autoEndCheck();
        }
        break;
      case Action.SPONSOR_TIMEOUT:
        if (current && c.awaitingAnswer && m.invitedList.includes(this.me)) {
          this.endLocally();
          this.fire('onCallingTimeOut');
        }
        break;
      case Action.LINE_BUSY:
        if (current && this.removeInvitee(from)) {
          this.fire('onLineBusy', from);
          this.autoEndCheck();
        }
        break;
      default: break;
    }
  }

  onDialing(m, from, remainingMs) {
    const c = this.current;
    if (!m.invitedList.includes(this.me)) {
      if (c.active && m.callId === c.callId) {
        let changed = false;
        for (const user of m.invitedList) {
          if (user !== this.me && !c.roomRemotes.has(user) && !c.inviting.has(user)) {
            c.inviting.add(user);
            this.startInviteeTimer(user, remainingMs);
            changed = true;
          }
        }
        if (changed) this.fire('onGroupCallInviteeListUpdate', [...c.inviting]);
      }
      return;
    }
    if (c.active) {
      if (m.callId !== c.callId) {
        const busy = callMessage(m.callId, m.roomId, m.groupId, Action.LINE_BUSY, [this.me]);
        if (m.groupId !== null) {
          this.sendRaw({ op: 'group.send', groupId: m.groupId }, busy);
        } else {
          this.sendRaw({ op: 'c2c', to: from }, busy);
        }
      }
      return;
    }
    this.begin(m.callId, m.roomId, m.groupId, from, false);
    c.awaitingAnswer = true;
    const others = [];
    for (const user of m.invitedList) {
      if (user !== this.me) {
        others.push(user);
        c.inviting.add(user);
        this.startInviteeTimer(user, remainingMs);
      }
    }
    const callId = m.callId;
    c.ownTimer = setTimeout(() => {
      if (c.active && c.awaitingAnswer && callId === c.callId) {
        this.endLocally();
        this.fire('onCallingTimeOut');
      }
    }, remainingMs);
    this.fire('onInvited', from, others, m.groupId !== null);
  }

  onRoomEvent(frame) {
    const c = this.current;
    if (!c.inRoom || frame.roomId !== c.roomId) return;
    const user = String(frame.userId);
    if (frame.event === 'enter') {
      this.remoteEntered(user);
    } else if (c.roomRemotes.delete(user)) {
      this.media.remoteLeft(user);
      this.fire('onUserLeave', user);
      this.autoEndCheck();
    }
  }

  remoteEntered(user) {
    const c = this.current;
    if (c.roomRemotes.has(user)) return;
    c.roomRemotes.add(user);
    this.removeInvitee(user);
    this.media.remoteEntered(user);
    this.fire('onUserEnter', user);
  }

  // ---- rules ----

  begin(callId, roomId, groupId, sponsor, isSponsor) {
    this.clearCall();
    Object.assign(this.current, { active: true, callId, roomId, groupId, sponsor, isSponsor });
  }

  startInviteeTimer(user, delayMs) {
    const c = this.current;
    const callId = c.callId;
    clearTimeout(c.timers.get(user));
    c.timers.set(user, setTimeout(() => {
      if (!c.active || callId !== c.callId || !c.inviting.has(user)) return;
      this.removeInvitee(user);
      if (c.awaitingAnswer) return; // a ringing callee only cares about its own timeout
      if (c.isSponsor && c.groupId === null) {
        this.sendC2c(user, Action.SPONSOR_TIMEOUT, [user]);
      }
      this.fire('onNoResp', user);
      this.autoEndCheck();
    }, delayMs));
  }

  removeInvitee(user) {
    const c = this.current;
    clearTimeout(c.timers.get(user));
    c.timers.delete(user);
    return c.inviting.delete(user);
  }

  /** In the room, alone, nobody still invited: the call is over. */
  autoEndCheck() {
    const c = this.current;
    if (c.active && c.inRoom && c.roomRemotes.size === 0 && c.inviting.size === 0) {
      this.endLocally();
      this.fire('onCallEnd');
    }
  }

  /** Leaves the room (if in it) and forgets the call, without sending anything else. */
  endLocally() {
    const c = this.current;
    if (c.inRoom && this.channel) {
      this.channel.send({ op: 'room.leave', roomId: c.roomId });
      this.media.roomLeft();
    }
    this.clearCall();
  }

  clearCall() {
    const c = this.current;
    clearTimeout(c.ownTimer);
    c.timers.forEach((t) => clearTimeout(t));
    Object.assign(c, newCallState());
  }

  loseSession() {
    if (this.current.inRoom) this.media.roomLeft();
    this.clearCall();
    this.stopHeartbeat();
    this.loggedIn = false;
    if (this.channel) {
      this.channel.close();
      this.channel = null;
    }
  }

  // Like the IM SDK (and AudioCallClient): reconnect and log in again with backoff; a call in
  // progress ends with onError(60010) then onCallEnd.
  connectionLost(channel, why) {
    if (channel !== this.channel) return;
    this.channel = null;
    if (!this.loggedIn) return;
    const inCall = this.current.active;
    this.error(CONNECTION_LOST, `connection to the signalling server lost: ${why}; reconnecting`);
    this.loseSession();
    if (inCall) this.fire('onCallEnd');
    this.reconnecting = true;
    this.backoffMs = RECONNECT_FIRST_MS;
    this.observer.onConnectionChange?.('reconnecting');
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    const delay = Math.max(1, Math.round(this.backoffMs * (0.75 + 0.5 * Math.random())));
    this.backoffMs = Math.min(this.backoffMs * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => this.reconnect(), delay);
  }

  async reconnect() {
    if (!this.reconnecting) return;
    try {
      await this.loginOnce(this.credentials.sdkAppId, this.me, this.credentials.userSig);
      if (!this.reconnecting) { // logged out while this attempt ran
        this.loggedIn = false;
        this.stopHeartbeat();
        this.channel?.close();
        this.channel = null;
        return;
      }
      this.reconnecting = false;
    } catch (e) {
      if (!this.reconnecting) return;
      this.channel?.close();
      this.channel = null;
      if (isFinal(e.code)) {
        this.reconnecting = false;
        this.error(e.code, `reconnecting as '${this.me}' failed for good: ${e.message}`);
        this.observer.onConnectionChange?.('offline');
        return;
      }
      this.scheduleReconnect();
    }
  }

  stopReconnecting() {
    this.reconnecting = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  // ---- sending ----

  sendC2c(to, action, invited) {
    const c = this.current;
    this.sendRaw({ op: 'c2c', to }, callMessage(c.callId, c.roomId, null, action, invited));
  }

  sendGroup(action, invited) {
    const c = this.current;
    this.sendRaw({ op: 'group.send', groupId: c.groupId },
      callMessage(c.callId, c.roomId, c.groupId, action, invited));
  }

  sendRaw(envelope, message) {
    const frame = { ...envelope, data: message };
    if (message.action === Action.DIALING) {
      frame.push = { title: `${this.me} is calling you`, sound: 'ring.mp3', payload: JSON.stringify(message) };
    }
    this.request(frame).catch((e) => {
      this.error(e.code, `sending ${actionName(message.action)} failed: ${e.message}`);
      const c = this.current;
      if (message.action === Action.DIALING && message.call_id === c.callId) {
        message.invited_list.forEach((u) => this.removeInvitee(u));
        if (c.inviting.size === 0 && c.roomRemotes.size === 0) this.endLocally();
      }
    });
  }

  sendMedia(to, payload) {
    if (this.current.inRoom && this.channel) {
      this.channel.send({ op: 'media', to, roomId: this.current.roomId, data: payload });
    }
  }

  request(frame) {
    if (!this.channel) return Promise.reject(new CallError(NOT_LOGGED_IN, 'not connected'));
    return this.channel.request(frame);
  }

  error(code, message) {
    this.fire('onError', code, message);
  }

  fire(name, ...args) {
    const handler = this.delegate[name];
    if (typeof handler === 'function') handler.apply(this.delegate, args);
  }
}

function actionName(action) {
  return Object.keys(Action).find((name) => Action[name] === action) || String(action);
}
