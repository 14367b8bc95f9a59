// The weft bridge, injected by the runtime at document start into the top
// frame of every page before the page's own scripts run (runtime/src/
// window.cpp). The runtime replaces the four placeholders with JSON values.
// Only the top frame gets it: the key below proves to the native side that a
// message comes from here, not from a sub-frame.
(function () {
  'use strict';
  const key = __WEFT_KEY__;
  const label = __WEFT_LABEL__;
  const globalApi = __WEFT_GLOBAL__;
  const freezePrototype = __WEFT_FREEZE__;
  const handlers = window.webkit && window.webkit.messageHandlers;
  const channel = handlers && handlers.weft;
  if (!channel) return;
  const post = channel.postMessage.bind(channel);
  const parse = JSON.parse;
  const stringify = JSON.stringify;

  function invoke(cmd, args) {
    let text;
    try {
      text = stringify({ key, cmd, args: args === undefined ? {} : args });
    } catch (error) {
      return Promise.reject(error);
    }
    return post(text).then((reply) => {
      const answer = parse(reply);
      if (answer.error) {
        const error = new Error(answer.error.message);
        error.kind = answer.error.kind;
        error.command = cmd;
        throw error;
      }
      return answer.ok;
    });
  }

  // This page's event listeners. Each is in `listeners` from the moment
  // listen() is called, so that an event the native side sends as soon as it
  // has registered the listener is not missed while its id is on the way.
  const listeners = new Set();

  async function listen(event, handler) {
    if (typeof handler !== 'function') throw new TypeError('weft.event.listen: the handler must be a function');
    const entry = { event, handler, id: null };
    listeners.add(entry);
    try {
      entry.id = await invoke('core:event|listen', { event });
    } catch (error) {
      listeners.delete(entry);
      throw error;
    }
    return () => unlisten(entry.id);
  }

  async function once(event, handler) {
    let done = false;
    let stop = null;
    stop = await listen(event, (e) => {
      if (done) return;
      done = true;
      if (stop) stop();
      handler(e);
    });
    if (done) stop(); // it fired while the registration was on its way
    return stop;
  }

  function unlisten(id) {
    for (const entry of listeners) if (entry.id === id) listeners.delete(entry);
    return invoke('core:event|unlisten', { id });
  }

  function emit(event, payload) {
    return invoke('core:event|emit', { event, payload: payload === undefined ? null : payload });
  }

  function emitTo(target, event, payload) {
    return invoke('core:event|emit_to', { target, event, payload: payload === undefined ? null : payload });
  }

  // Called by the native side to deliver an event to this page.
  function dispatch(message) {
    for (const entry of [...listeners]) {
      if (entry.event !== message.event) continue;
      try {
        entry.handler({ event: message.event, payload: message.payload, source: message.source, id: entry.id });
      } catch (error) {
        setTimeout(() => { throw error; });
      }
    }
  }

  const api = Object.freeze({
    invoke,
    label,
    event: Object.freeze({ listen, once, unlisten, emit, emitTo }),
  });
  Object.defineProperty(window, '__WEFT_DISPATCH__', { value: dispatch });
  Object.defineProperty(window, '__WEFT_INTERNALS__', { value: api });
  // Configurable, so that a page may still declare its own top-level `weft`.
  if (globalApi) Object.defineProperty(window, 'weft', { value: api, enumerable: true, configurable: true });
  if (freezePrototype) Object.freeze(Object.prototype);
})();
