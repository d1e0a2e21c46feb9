// The demo UI: login, contacts + history, dial (1v1 or group), incoming call, in-call screen, toasts.
// It wires the call component (call.js) to WebRTC (media.js) and exposes both to automation:
//   window.callfarm.events  every callback as {name, args, at} (see events.js)
//   window.callfarm.api     login/call/groupCall/accept/reject/hangup/setMicMute/setHandsFree + inspection
// URL query: ?timeout=ms (invitation timeout, default 30000), ?volumes=1 (log onUserVoiceVolume).

import { AudioCall, isValidUserId } from './call.js';
import { BrowserMedia } from './media.js';
import { eventLog, fanOut } from './events.js';

const query = new URLSearchParams(location.search);
const TOAST_MS = 4000;
const TOAST_LINES = 3;
const GROUP_EXISTS = 10021;

function positiveInt(text, fallback) {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const config = {
  server: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  invitationTimeoutMs: positiveInt(query.get('timeout'), 30000),
  heartbeatMs: 5000,
  requestTimeoutMs: 10000,
};

const $ = (id) => document.getElementById(id);
const events = [];
const volumes = {};
let media = null;
let sdkAppId = 0;
const selected = new Set();
const audioAvailable = {};

/** Forwards the component's media calls to the media of the current login. */
const mediaProxy = {
  roomEntered: (roomId, send) => media?.roomEntered(roomId, send),
  remoteEntered: (u) => media?.remoteEntered(u),
  remoteLeft: (u) => media?.remoteLeft(u),
  signal: (from, p) => media?.signal(from, p),
  roomLeft: () => media?.roomLeft(),
  setMicMute: (m) => media?.setMicMute(m),
  setHandsFree: (h) => media?.setHandsFree(h),
};

const ui = {
  onError: (code, message) => toast(`Error ${code}: ${message}`),
  onReject: (u) => toast(`${u} rejected the call`),
  onNoResp: (u) => toast(`${u} did not answer`),
  onLineBusy: (u) => toast(`${u} is busy`),
  onCallingCancel: () => toast('The caller cancelled the call'),
  onCallingTimeOut: () => toast('Missed call: the invitation timed out'),
  onCallEnd: () => { toast('Call ended'); refresh(); },
  onUserAudioAvailable: (u, available) => { audioAvailable[u] = available; },
  onUserVoiceVolume: (u, v) => showVolume(u, v),
};

const delegate = fanOut(eventLog(events, volumes, query.get('volumes') === '1'), ui,
  { onInvited: render, onUserEnter: render, onUserLeave: render, onGroupCallInviteeListUpdate: render,
    onUserAudioAvailable: render, onReject: render, onNoResp: render, onLineBusy: render,
    onCallingCancel: render, onCallingTimeOut: render, onCallEnd: render, onError: render });
const call = new AudioCall(config, mediaProxy, delegate, {
  onConnectionChange: (state) => {
    if (state === 'reconnecting') toast('Connection lost: reconnecting…');
    render();
  },
  onGroupInvited: (groupId, owner) => toast(`${owner} invited you to group ${groupId}`),
});
/** The logged-in user's credentials for the HTTP API (identifier + usersig, Tencent REST style). */
let apiAuth = null;

// ---- actions (the UI and window.callfarm.api share them) ----

async function login(userId) {
  if (!isValidUserId(userId)) {
    throw new Error(`invalid user id '${userId}': 1-32 characters of A-Z a-z 0-9 - _`);
  }
  const response = await fetch(`/api/usersig?userId=${encodeURIComponent(userId)}`);
  const body = await response.json();
  if (!response.ok) throw new Error(`UserSig for '${userId}' refused: ${body.message} (code ${body.code})`);
  sdkAppId = body.sdkAppId;
  const next = new BrowserMedia(userId, delegate);
  await next.start();
  try {
    await call.login(body.sdkAppId, userId, body.userSig);
  } catch (e) {
    next.close();
    throw new Error(`login as '${userId}' failed: ${e.message} (code ${e.code})`);
  }
  apiAuth = `identifier=${encodeURIComponent(userId)}&usersig=${encodeURIComponent(body.userSig)}`;
  media = next;
  render();
  refresh();
}

async function logout() {
  await call.logout();
  media?.close();
  media = null;
  render();
}

function act(action) {
  action();
  render();
}

/**
 * A group call by IM group: creates the group (inviting the others) unless it exists; an existing
 * group is used only when I am a member already — a group id someone else took is an error, never a
 * call into their group (joining one is a separate, explicit consent: api.joinGroup).
 */
async function groupCall(userIds, groupId) {
  if (groupId) {
    try {
      await call.createGroup(groupId, userIds);
    } catch (e) {
      if (e.code !== GROUP_EXISTS) {
        toast(`group ${groupId} could not be created: ${e.message} (code ${e.code})`);
        return;
      }
      try {
        await call.groupMembers(groupId); // answers members only
      } catch (notMine) {
        toast(`group ${groupId} is taken: ${e.message} (code ${e.code}); ${notMine.message}`);
        return;
      }
    }
  }
  act(() => call.groupCall(userIds, groupId || null));
}

function setMicMute(mute) {
  call.setMicMute(mute);
  $('mute-button').setAttribute('aria-pressed', String(mute));
  $('mute-button').textContent = mute ? 'Unmute' : 'Mute';
}

function setHandsFree(on) {
  call.setHandsFree(on);
  $('handsfree-button').setAttribute('aria-pressed', String(on));
  $('handsfree-button').textContent = on ? 'Speaker' : 'Earpiece';
}

// ---- rendering ----

function show(screen) {
  for (const id of ['screen-login', 'screen-home', 'screen-incoming', 'screen-call']) {
    $(id).hidden = id !== screen;
  }
}

function render() {
  const s = call.snapshot();
  const session = s.loggedIn || s.reconnecting;
  $('me-label').textContent = session ? `${s.me}${s.reconnecting ? ' (reconnecting…)' : ''}` : '';
  $('logout-button').hidden = !session;
  if (!session) {
    show('screen-login');
  } else if (s.active && s.awaitingAnswer) {
    $('incoming-caller').textContent = s.sponsor;
    $('incoming-others').textContent = s.inviting.length
      ? `${s.groupId ? `group ${s.groupId}, ` : ''}also invited: ${s.inviting.join(', ')}`
      : (s.groupId ? `group ${s.groupId}` : 'audio call');
    show('screen-incoming');
  } else if (s.active) {
    renderCall(s);
    show('screen-call');
  } else {
    show('screen-home');
  }
}

function renderCall(s) {
  $('call-status').textContent = s.roomRemotes.length ? 'In call' : `Calling ${s.inviting.join(', ')}…`;
  const list = $('participant-list');
  const rows = [[s.me, 'you'], ...s.roomRemotes.map((u) => [u, 'connected']),
    ...s.inviting.map((u) => [u, 'ringing'])];
  const wanted = new Set(rows.map(([u]) => u));
  for (const li of [...list.children]) if (!wanted.has(li.dataset.user)) li.remove();
  for (const [user, state] of rows) {
    let li = $(`participant-${user}`);
    if (!li) {
      li = document.createElement('li');
      li.id = `participant-${user}`;
      li.dataset.user = user;
      li.setAttribute('aria-label', `Participant ${user}`);
      li.classList.toggle('self', user === s.me);
      li.innerHTML = '<span class="name"></span><div class="meter" role="meter" aria-valuemin="0" '
        + 'aria-valuemax="100" aria-valuenow="0"><span></span></div><span class="state"></span>';
      li.querySelector('.name').textContent = user;
      const meter = li.querySelector('.meter');
      meter.id = `volume-${user}`;
      meter.setAttribute('aria-label', `Volume of ${user}`);
      list.append(li);
    }
    const muted = state === 'connected' && audioAvailable[user] === false ? ', muted' : '';
    li.querySelector('.state').textContent = state + muted;
  }
}

function showVolume(user, volume) {
  const meter = $(`volume-${user}`);
  if (meter) {
    meter.setAttribute('aria-valuenow', String(volume));
    meter.firstElementChild.style.width = `${volume}%`;
  }
}

/** Shows a notification line for TOAST_MS; up to TOAST_LINES lines stack (e.g. a reject, then the call end). */
function toast(text) {
  const box = $('toast');
  const line = document.createElement('div');
  line.textContent = text;
  box.append(line);
  while (box.children.length > TOAST_LINES) box.firstElementChild.remove();
  box.hidden = false;
  setTimeout(() => {
    line.remove();
    box.hidden = box.children.length === 0;
  }, TOAST_MS);
}

async function refresh() {
  if (!call.loggedIn) return;
  const me = call.me;
  try {
    const [users, calls] = await Promise.all([
      fetch(`/api/users?${apiAuth}`).then(json),
      fetch(`/api/calls?userId=${encodeURIComponent(me)}&${apiAuth}`).then(json),
    ]);
    const contacts = users.users.filter((u) => u !== me);
    const online = contacts.length ? await call.presence(contacts) : {};
    renderContacts(contacts, online);
    renderHistory(me, calls.calls);
  } catch (e) {
    toast(`refresh failed: ${e.message}`);
  }
}

/** The JSON body of an API answer; a refusal throws with its code. */
async function json(response) {
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.message} (code ${body.code})`);
  return body;
}

function renderContacts(contacts, online) {
  const list = $('contact-list');
  list.replaceChildren();
  for (const user of [...selected]) if (!contacts.includes(user)) selected.delete(user);
  if (!contacts.length) list.innerHTML = '<li class="empty">Nobody else has logged in yet.</li>';
  for (const user of contacts) {
    const li = document.createElement('li');
    li.innerHTML = '<input type="checkbox"><span class="dot"></span><span class="name"></span><button>Call</button>';
    const box = li.querySelector('input');
    box.id = `contact-${user}`;
    box.setAttribute('aria-label', `Select ${user} for a group call`);
    box.checked = selected.has(user);
    box.onchange = () => {
      if (box.checked) selected.add(user); else selected.delete(user);
      $('group-call-button').disabled = selected.size === 0;
    };
    li.querySelector('.dot').classList.toggle('online', online[user] === true);
    li.querySelector('.dot').title = online[user] ? 'online' : 'offline';
    li.querySelector('.name').textContent = user;
    const button = li.querySelector('button');
    button.id = `call-${user}`;
    button.setAttribute('aria-label', `Call ${user}`);
    button.onclick = () => act(() => call.call(user));
    list.append(li);
  }
  $('group-call-button').disabled = selected.size === 0;
}

function renderHistory(me, calls) {
  const list = $('history-list');
  list.replaceChildren();
  if (!calls.length) list.innerHTML = '<li class="empty">No calls yet.</li>';
  for (const c of calls) {
    const li = document.createElement('li');
    li.className = 'history';
    li.id = `history-${c.callId}`;
    const others = c.participants.map((p) => p.userId).filter((u) => u !== me);
    const mine = c.participants.find((p) => p.userId === me);
    const when = new Date(c.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    li.innerHTML = '<span class="name"></span><span class="what"></span>';
    li.querySelector('.name').textContent = `${c.sponsor === me ? '↗' : '↙'} ${others.join(', ')}`;
    li.querySelector('.what').textContent = `${mine && mine.outcome !== 'sponsor' ? mine.outcome : c.outcome}`
      + ` · ${Math.round(c.durationMs / 1000)} s · ${when}`;
    li.setAttribute('aria-label', `Call ${c.sponsor === me ? 'to' : 'from'} ${others.join(', ')}: ${c.outcome}`);
    list.append(li);
  }
}

// ---- wiring ----

$('login-form').onsubmit = (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  $('login-button').disabled = true;
  login($('login-user').value.trim())
    .catch((err) => { $('login-error').textContent = err.message; })
    .finally(() => { $('login-button').disabled = false; });
};
$('logout-button').onclick = () => logout().catch((e) => toast(e.message));
$('dial-form').onsubmit = (e) => {
  e.preventDefault();
  const user = $('dial-user').value.trim();
  if (user) act(() => call.call(user));
};
$('group-form').onsubmit = (e) => {
  e.preventDefault();
  groupCall([...selected], $('group-id').value.trim());
};
$('refresh-button').onclick = () => refresh();
$('accept-button').onclick = () => act(() => call.accept());
$('reject-button').onclick = () => act(() => call.reject());
$('hangup-button').onclick = () => act(() => call.hangup());
$('mute-button').onclick = () => setMicMute(!(media?.micMuted));
$('handsfree-button').onclick = () => setHandsFree(!(media ? media.handsFree : true));

function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

window.callfarm = {
  events,
  volumes,
  config,
  api: {
    login,
    logout,
    call: (userId) => act(() => call.call(userId)),
    groupCall: (userIds, groupId) => groupCall(userIds, groupId),
    /** Joins a group its owner invited this user to (consent); rejects with the server's error. */
    joinGroup: (groupId) => call.joinGroup(groupId),
    accept: () => act(() => call.accept()),
    reject: () => act(() => call.reject()),
    hangup: () => act(() => call.hangup()),
    setMicMute,
    setHandsFree,
    refresh,
    state: () => call.snapshot(),
    stats: () => (media ? media.stats() : Promise.resolve({})),
    /** Received audio from userId (or all mixed when omitted) as base64 16-bit mono WAV; the last lastSeconds only when given. */
    recordingWav: (userId, lastSeconds) => base64(media
      ? media.recordingWav(userId || null, lastSeconds || 0) : new Uint8Array()),
    /** Seconds of audio recorded from userId so far. */
    recordedSeconds: (userId) => (media ? media.recordedSeconds(userId) : 0),
    sdkAppId: () => sdkAppId,
  },
  ready: true,
};
render();
